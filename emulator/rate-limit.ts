/**
 * Per-store request quota in fixed windows, with BigCommerce's four `X-Rate-Limit-*` headers.
 * `null` limit = unlimited (headers still sent, with a very large quota).
 */

export interface RateLimit {
  quota: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { quota: 150, windowMs: 30_000 };
const UNLIMITED: RateLimit = { quota: 1_000_000_000, windowMs: 30_000 };

interface Window {
  startedAt: number;
  used: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly windows = new Map<string, Window>();
  private limit: RateLimit | null;

  constructor(limit: RateLimit | null) {
    this.limit = limit;
  }

  set(limit: RateLimit | null): void {
    this.limit = limit;
    this.windows.clear();
  }

  /** Counts one request against `key` (a store hash) and says whether it may proceed. */
  take(key: string, now: number): RateDecision {
    const limit = this.limit ?? UNLIMITED;
    const window = this.current(key, now, limit);
    if (window.used >= limit.quota) return { allowed: false, headers: this.headers(window, now, limit) };
    window.used += 1;
    return { allowed: true, headers: this.headers(window, now, limit) };
  }

  /** Headers describing the current window without using it up (for 401/404 answers). */
  peek(key: string, now: number): Record<string, string> {
    const limit = this.limit ?? UNLIMITED;
    return this.headers(this.current(key, now, limit), now, limit);
  }

  private current(key: string, now: number, limit: RateLimit): Window {
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= limit.windowMs) {
      window = { startedAt: now, used: 0 };
      this.windows.set(key, window);
    }
    return window;
  }

  private headers(window: Window, now: number, limit: RateLimit): Record<string, string> {
    const resetMs = Math.max(1, window.startedAt + limit.windowMs - now);
    return {
      'X-Rate-Limit-Time-Window-Ms': String(limit.windowMs),
      'X-Rate-Limit-Time-Reset-Ms': String(resetMs),
      'X-Rate-Limit-Requests-Quota': String(limit.quota),
      'X-Rate-Limit-Requests-Left': String(Math.max(0, limit.quota - window.used)),
    };
  }
}
