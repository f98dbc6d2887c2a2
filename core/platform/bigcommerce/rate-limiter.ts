/**
 * One limiter per store, driven by BigCommerce's `X-Rate-Limit-*` headers: when the window's quota is
 * spent, requests wait for the reset instead of drawing 429s. All apps on a store share the quota, so
 * a 429 can still come; the HTTP layer then waits as told and retries.
 */
export interface RateLimitHeaders {
  windowMs?: number;
  resetMs?: number;
  quota?: number;
  left?: number;
}

export function readRateLimitHeaders(headers: Headers): RateLimitHeaders {
  const num = (name: string) => {
    const v = headers.get(name);
    return v === null || v === '' || Number.isNaN(Number(v)) ? undefined : Number(v);
  };
  return {
    windowMs: num('x-rate-limit-time-window-ms'),
    resetMs: num('x-rate-limit-time-reset-ms'),
    quota: num('x-rate-limit-requests-quota'),
    left: num('x-rate-limit-requests-left'),
  };
}

export class StoreRateLimiter {
  private left = Number.POSITIVE_INFINITY;
  private resetAt = 0;
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent = 4,
    private readonly sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    private readonly now = () => Date.now(),
  ) {}

  /** Waits for a slot and for quota; returns a release function to call with the response headers. */
  async acquire(): Promise<(headers?: RateLimitHeaders) => void> {
    if (this.inFlight >= this.maxConcurrent) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight += 1;
    // Keep one request back: other apps share the quota, and the header can be a request stale.
    while (this.left <= this.inFlight - 1 && this.now() < this.resetAt) {
      await this.sleep(this.resetAt - this.now() + 5);
    }
    if (this.now() >= this.resetAt) this.left = Number.POSITIVE_INFINITY;
    return (headers) => {
      if (headers) this.observe(headers);
      this.inFlight -= 1;
      this.waiting.shift()?.();
    };
  }

  observe(h: RateLimitHeaders): void {
    if (h.left !== undefined) this.left = h.left;
    if (h.resetMs !== undefined) this.resetAt = this.now() + h.resetMs;
  }
}
