/**
 * What every API route handler gets: the store and access token the gateway resolved, plus the helpers
 * to answer in the right version's shape.
 */
import type { Request, Response } from 'express';
import { ControlError } from '../errors';
import type { EmulatedStore } from '../store';
import type { AccessTokenRecord } from '../types';

export interface ApiContext {
  store: EmulatedStore;
  token: AccessTokenRecord;
  /** e.g. http://127.0.0.1:40123, for resource URLs in V2 bodies. */
  baseUrl: string;
}

export function api(res: Response): ApiContext {
  return (res.locals as { api: ApiContext }).api;
}

export function baseUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** Route params are strings; BigCommerce answers 404 for ids that are not positive integers. */
export function intParam(req: Request, name: string): number | undefined {
  const raw = req.params[name];
  if (typeof raw !== 'string' || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** The store a control or storefront route names by its `:hash`; 404 when there is none. */
export function storeOfRequest(find: (hash: string) => EmulatedStore | undefined) {
  return (req: Request): EmulatedStore => {
    const hash = String(req.params.hash);
    const store = find(hash);
    if (!store)
      throw new ControlError(404, { error: 'UnknownStore', message: `No emulated store "${hash}".` });
    return store;
  };
}
