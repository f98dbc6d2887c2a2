/**
 * Requests to one store's BigCommerce API: `X-Auth-Token`, JSON, the store's rate limiter, and retries.
 * A 429 with rate-limit headers waits `X-Rate-Limit-Time-Reset-Ms` and retries; one without them
 * (platform overloaded) backs off exponentially; 5xx and network errors back off a few times. When
 * patience runs out it throws PlatformRetryableError, so the job retries later: a write is never dropped.
 */
import { noMetrics, secondsSince, type PlatformMetrics } from '../../lib/metrics';
import { PlatformRejectedError, PlatformRetryableError } from '../types';
import { readRateLimitHeaders, StoreRateLimiter } from './rate-limiter';

export interface BcHttp {
  request<T>(
    method: string,
    path: string,
    options?: { query?: Record<string, string | number | undefined>; body?: unknown },
  ): Promise<BcResponse<T>>;
}

export interface BcResponse<T> {
  status: number;
  body: T;
}

export interface BcHttpOptions {
  apiUrl: string;
  storeHash: string;
  accessToken: string;
  limiter: StoreRateLimiter;
  sleep?: (ms: number) => Promise<void>;
  /** 429s that carry a reset time: waiting is always right, so allow many. */
  maxRateLimitedAttempts?: number;
  /** 429s without headers, 5xx and network errors. */
  maxBackoffAttempts?: number;
  backoffBaseMs?: number;
  /** Counts each exchange and the time spent waiting (limiter, 429 resets, back-off). */
  metrics?: PlatformMetrics;
}

const PLATFORM = 'bigcommerce';

export function bcHttp(options: BcHttpOptions): BcHttp {
  const pause = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const metrics = options.metrics ?? noMetrics;
  const sleep = async (ms: number, cause: 'rate_limited' | 'backoff') => {
    metrics.platformWaited(PLATFORM, cause, ms / 1000);
    await pause(ms);
  };
  const base = `${options.apiUrl}/stores/${encodeURIComponent(options.storeHash)}`;
  const maxLimited = options.maxRateLimitedAttempts ?? 50;
  const maxBackoff = options.maxBackoffAttempts ?? 6;
  const backoffBase = options.backoffBaseMs ?? 250;

  return {
    async request<T>(
      method: string,
      path: string,
      opts: { query?: Record<string, string | number | undefined>; body?: unknown } = {},
    ) {
      const url = new URL(base + path);
      for (const [k, v] of Object.entries(opts.query ?? {}))
        if (v !== undefined) url.searchParams.set(k, String(v));
      let limited = 0;
      let failures = 0;
      for (;;) {
        const queuedAt = performance.now();
        const release = await options.limiter.acquire();
        metrics.platformWaited(PLATFORM, 'limiter', secondsSince(queuedAt));
        let res: Response;
        try {
          res = await fetch(url, {
            method,
            headers: {
              'X-Auth-Token': options.accessToken,
              Accept: 'application/json',
              ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            },
            body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
          });
        } catch (err) {
          release();
          metrics.platformRequest(PLATFORM, method, undefined);
          if (++failures >= maxBackoff)
            throw new PlatformRetryableError(`${method} ${path}: ${(err as Error).message}`);
          await sleep(backoff(backoffBase, failures), 'backoff');
          continue;
        }
        metrics.platformRequest(PLATFORM, method, res.status);
        const limits = readRateLimitHeaders(res.headers);
        release(limits);
        if (res.status === 429) {
          await res.body?.cancel();
          if (limits.resetMs !== undefined) {
            if (++limited >= maxLimited)
              throw new PlatformRetryableError(`${method} ${path}: still rate limited`);
            await sleep(limits.resetMs + 10, 'rate_limited');
          } else {
            if (++failures >= maxBackoff)
              throw new PlatformRetryableError(`${method} ${path}: platform overloaded (429)`);
            await sleep(backoff(backoffBase, failures), 'backoff');
          }
          continue;
        }
        if (res.status >= 500) {
          await res.body?.cancel();
          if (++failures >= maxBackoff)
            throw new PlatformRetryableError(`${method} ${path}: BigCommerce answered ${res.status}`);
          await sleep(backoff(backoffBase, failures), 'backoff');
          continue;
        }
        const text = await res.text();
        const body = text ? (JSON.parse(text) as unknown) : undefined;
        if (res.status >= 400)
          throw new BcRefusal(`${method} ${path}: ${res.status} ${describeError(body)}`, res.status, body);
        return { status: res.status, body: body as T };
      }
    },
  };
}

function backoff(baseMs: number, attempt: number): number {
  const ms = Math.min(30_000, baseMs * 2 ** (attempt - 1));
  return ms / 2 + Math.random() * (ms / 2);
}

/** A refusal with BigCommerce's answer kept, for the client to tell which items of a batch it names. */
export class BcRefusal extends PlatformRejectedError {
  constructor(
    message: string,
    status: number,
    readonly body: unknown,
  ) {
    super(message, status);
  }
}

/**
 * BigCommerce error bodies, every reason they give: v3 `{title, errors}`, a variant batch's
 * `{batch_errors: [{title, errors}]}`, v2 `[{status, message}]`.
 */
export function describeError(body: unknown): string {
  if (Array.isArray(body)) return body.map((e: { message?: string }) => e?.message ?? '').join('; ');
  if (body && typeof body === 'object') {
    const b = body as { title?: string; errors?: unknown; batch_errors?: unknown };
    if (Array.isArray(b.batch_errors)) return b.batch_errors.map(describeError).join('; ');
    const details = b.errors && Object.keys(b.errors).length > 0 ? JSON.stringify(b.errors) : '';
    return [b.title, details].filter(Boolean).join(' ');
  }
  return '';
}
