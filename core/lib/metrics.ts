/**
 * What the app counts, in the words of the code that counts it. No metrics library here: app/ gives
 * the real one (Prometheus, app/metrics.ts), tests and tools get `noMetrics`. Labels are bounded sets
 * (a platform, a topic, a queue, an outcome): never a store, a SKU or anything a request chose freely.
 */

/** What became of a webhook delivery; `error` is the route's 503 (Redis or the database was down). */
export type WebhookCount =
  | { outcome: 'accepted' | 'duplicate'; platform: string; topic: string }
  /** Authentic, for a store the app does not serve (uninstalled). */
  | { outcome: 'ignored'; platform: string; topic: string; reason: 'unknown_store' }
  | { outcome: 'rejected'; platform: string; topic?: string; reason: WebhookRejection }
  | { outcome: 'error'; platform: string };

/**
 * Why a delivery was refused: its signature (`signature`), the app's header (`token`), its stamp
 * (`stale`: the signature's timestamp or the payload's `created_at` too far from now), or its payload.
 */
export type WebhookRejection = 'signature' | 'token' | 'stale' | 'payload';

export interface WebhookMetrics {
  webhook(count: WebhookCount): void;
}

/** What kept a platform call waiting: the app's own limiter, a 429's reset time, or back-off after errors. */
export type PlatformWait = 'limiter' | 'rate_limited' | 'backoff';

export interface PlatformMetrics {
  /** One HTTP exchange with the platform; `status` undefined when no answer came (network error). */
  platformRequest(platform: string, method: string, status: number | undefined): void;
  platformWaited(platform: string, cause: PlatformWait, seconds: number): void;
}

export interface JobMetrics {
  /** A job attempt ended; `final` when it will not be tried again (out of attempts, or must fix). */
  jobFinished(queue: string, seconds: number, outcome: 'completed' | 'failed', final?: boolean): void;
}

export interface MailMetrics {
  email(outcome: 'sent' | 'failed'): void;
}

export interface ImportMetrics {
  importStep(step: 'parse' | 'apply', seconds: number, outcome: 'done' | 'failed'): void;
}

export type Metrics = WebhookMetrics & PlatformMetrics & JobMetrics & MailMetrics & ImportMetrics;

export const noMetrics: Metrics = {
  webhook: () => undefined,
  platformRequest: () => undefined,
  platformWaited: () => undefined,
  jobFinished: () => undefined,
  email: () => undefined,
  importStep: () => undefined,
};

/** Seconds since `startedAt` (a `performance.now()` reading). */
export const secondsSince = (startedAt: number) => (performance.now() - startedAt) / 1000;
