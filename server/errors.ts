/**
 * The error kinds routes throw, and the one middleware that turns them into `{error: {code, message,
 * field?}}` with a fitting status. Anything else is a 500 whose details stay in the log.
 */
import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../core/lib/log';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string) => new HttpError(400, 'invalid', message, field);
export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (code: string, message: string) => new HttpError(409, code, message);
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message);

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({
        error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) },
      });
      return;
    }
    // body-parser errors (malformed JSON, body too large) carry a status and `expose`.
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500 && err?.expose) {
      res.status(status).json({ error: { code: err.type ?? 'invalid', message: err.message } });
      return;
    }
    log.error('request failed', { method: req.method, path: req.path, error: err });
    res.status(500).json({
      error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' },
    });
  };
}
