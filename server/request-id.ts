/**
 * Gives each request an id and handles the request inside it (`core/lib/context.ts`): every line
 * logged while answering carries it, and so does every job the request queues. A proxy's or a
 * caller's `x-request-id` is kept when it looks like one; anything else gets a fresh id, so a header
 * cannot put arbitrary text into the logs. The answer says which id it was (`x-request-id`).
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runInContext } from '../core/lib/context';

export const REQUEST_ID_HEADER = 'x-request-id';
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;

export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED.test(header) ? header : randomUUID();
}

export function requestId(): RequestHandler {
  return (req, res, next) => {
    const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    res.setHeader(REQUEST_ID_HEADER, id);
    runInContext({ requestId: id }, next);
  };
}
