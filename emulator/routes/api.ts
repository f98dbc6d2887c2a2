/**
 * The API gateway under `/stores/{hash}`: records every exchange, answers overload 429s, resolves the
 * store (404) and the X-Auth-Token (401), enforces OAuth scopes (403) and the per-store rate limit (429,
 * with the four X-Rate-Limit headers on every answer), then hands over to the resource routers.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { INVALID_JSON_TITLE, v2Error, v3Error } from '../errors';
import type { RateLimiter } from '../rate-limit';
import type { EmulatorState } from '../state';
import { catalogRouter } from './catalog';
import { baseUrlOf, type ApiContext } from './context';
import { hooksRouter } from './hooks';
import { inventoryRouter } from './inventory';
import { ordersRouter } from './orders';
import { scriptsRouter } from './scripts';
import { storeInfoRouter } from './store-info';
import { variantsRouter } from './variants';

export interface Exchange {
  at: string;
  storeHash: string;
  method: string;
  path: string;
  query: Record<string, unknown>;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  status: number;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  durationMs: number;
}

export interface ApiDeps {
  state: EmulatorState;
  limiter: RateLimiter;
  overload: { remaining: number };
  exchanges: Exchange[];
  /** Oldest exchanges are dropped beyond this many. */
  historyLimit: number;
}

const SECRET_HEADERS = new Set(['x-auth-token', 'x-auth-client', 'authorization', 'cookie']);

/** Scope families by path prefix (after /stores/{hash}); hooks need none. */
const SCOPES: Array<[RegExp, string]> = [
  [/^\/v3\/catalog\//, 'store_v2_products'],
  [/^\/v3\/inventory\//, 'store_inventory'],
  [/^\/v2\/orders/, 'store_v2_orders'],
  [/^\/v2\/store/, 'store_v2_information'],
  [/^\/v3\/content\//, 'store_v2_content'],
];

function isV2(req: Request): boolean {
  return /^\/v2\//.test(req.path);
}

function flatHeaders(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[key.toLowerCase()] = SECRET_HEADERS.has(key.toLowerCase()) ? '[redacted]' : text;
  }
  return out;
}

function recordExchanges(deps: ApiDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = Date.now();
    const storeHash = String(req.params.hash ?? '');
    let sent: unknown;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      sent = body;
      return send(body);
    };
    res.on('finish', () => {
      let responseBody: unknown = sent;
      if (Buffer.isBuffer(sent)) responseBody = sent.toString('utf8');
      if (typeof responseBody === 'string' && /json/.test(String(res.getHeader('content-type') ?? ''))) {
        try {
          responseBody = JSON.parse(responseBody);
        } catch {
          // keep the raw text
        }
      }
      if (res.statusCode === 204 || responseBody === '') responseBody = undefined;
      deps.exchanges.push({
        at: new Date(started).toISOString(),
        storeHash,
        method: req.method,
        path: req.originalUrl.split('?')[0] ?? req.originalUrl,
        query: { ...(req.query as Record<string, unknown>) },
        requestHeaders: flatHeaders(req.headers),
        requestBody: req.body,
        status: res.statusCode,
        responseHeaders: flatHeaders(res.getHeaders()),
        responseBody,
        durationMs: Date.now() - started,
      });
      if (deps.exchanges.length > deps.historyLimit)
        deps.exchanges.splice(0, deps.exchanges.length - deps.historyLimit);
    });
    next();
  };
}

function gateway(deps: ApiDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (deps.overload.remaining > 0) {
      deps.overload.remaining -= 1;
      res.status(429).json(v3Error(429, 'Too Many Requests'));
      return;
    }
    const hash = String(req.params.hash);
    const now = Date.now();
    const store = deps.state.get(hash);
    if (!store) {
      res.set(deps.limiter.peek(hash, now));
      res.status(404).json(v3Error(404, 'The requested store was not found.'));
      return;
    }
    const header = req.get('x-auth-token');
    const token = header ? store.activeToken(header) : undefined;
    if (!token) {
      res.set(deps.limiter.peek(hash, now));
      const title = header
        ? 'Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.'
        : 'No auth token found. Please provide a valid X-Auth-Token header.';
      res.status(401).json(v3Error(401, title));
      return;
    }
    const decision = deps.limiter.take(hash, now);
    res.set(decision.headers);
    if (!decision.allowed) {
      res.status(429).json(v3Error(429, 'Too Many Requests'));
      return;
    }
    const family = SCOPES.find(([pattern]) => pattern.test(req.path))?.[1];
    if (family) {
      const granted = token.scope.split(/\s+/);
      const ok =
        granted.includes(family) || (req.method === 'GET' && granted.includes(`${family}_read_only`));
      if (!ok) {
        res.status(403).json(v3Error(403, "You don't have a required scope to access the endpoint"));
        return;
      }
    }
    const context: ApiContext = { store, token, baseUrl: baseUrlOf(req) };
    res.locals.api = context;
    next();
  };
}

function notFound(req: Request, res: Response): void {
  if (isV2(req)) res.status(404).json(v2Error(404, 'The requested resource was not found.'));
  else res.status(404).json(v3Error(404, 'The requested resource was not found.'));
}

function errors(err: unknown, req: Request, res: Response, _next: NextFunction): void {
  const e = err as { type?: string; status?: number; message?: string };
  if (e.type === 'entity.parse.failed' || e.type === 'entity.verify.failed') {
    if (isV2(req)) res.status(400).json(v2Error(400, 'The request body is not valid JSON.'));
    else
      res.status(422).json(v3Error(422, INVALID_JSON_TITLE, { body: 'The request body is not valid JSON.' }));
    return;
  }
  if (e.type === 'entity.too.large') {
    res.status(413).json(v3Error(413, 'The request payload is too large.'));
    return;
  }
  const message = e.message ?? String(err);
  if (isV2(req)) res.status(500).json(v2Error(500, `Internal emulator error: ${message}`));
  else res.status(500).json(v3Error(500, `Internal emulator error: ${message}`));
}

export function apiRouter(deps: ApiDeps): Router {
  const inner = Router({ mergeParams: true });
  inner.use(express.json({ limit: '10mb' }));
  inner.use('/v3/catalog/products', catalogRouter());
  inner.use('/v3/catalog/variants', variantsRouter());
  inner.use('/v3/inventory', inventoryRouter());
  inner.use('/v3/hooks', hooksRouter());
  inner.use('/v3/content/scripts', scriptsRouter());
  inner.use('/v2', storeInfoRouter());
  inner.use('/v2/orders', ordersRouter());
  inner.use(notFound);
  inner.use(errors);

  const outer = Router({ mergeParams: true });
  outer.use('/stores/:hash', recordExchanges(deps), gateway(deps), inner);
  return outer;
}
