/**
 * Webhook delivery: one FIFO queue per store (first attempts leave in the order events happened),
 * Standard Webhooks signing keyed with base64(client secret), the hook's static headers, retries after
 * the configured delays, and deactivation of the hook once they are used up.
 */
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { buildPayload, scopeMatches, type EventData, type EventScope, type WebhookPayload } from './events';
import { request } from './http-client';
import type { HookRecord } from './types';

/** BigCommerce retries for about 48 hours before giving up on a hook. */
export const DEFAULT_RETRY_DELAYS_MS = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400].map(
  (s) => s * 1000,
);

export interface DeliveryRecord {
  /** The `webhook-id` header: one per payload and hook, the same on every attempt. */
  id: string;
  hookId: number;
  storeHash: string;
  scope: string;
  destination: string;
  payload: WebhookPayload;
  headers: Record<string, string>;
  attempt: number;
  ok: boolean;
  statusCode?: number;
  error?: string;
  at: string;
}

export interface HookDirectory {
  hook(storeHash: string, hookId: number): HookRecord | undefined;
  deactivate(storeHash: string, hookId: number): void;
}

interface Job {
  msgId: string;
  storeHash: string;
  hook: HookRecord;
  payload: WebhookPayload;
  body: string;
  attempt: number;
}

export interface DispatcherOptions {
  clientSecret: string;
  retryDelaysMs: number[];
  timeoutMs: number;
  directory: HookDirectory;
  log: (line: string) => void;
  /** Oldest delivery records are dropped beyond this many. */
  historyLimit: number;
}

export class WebhookDispatcher {
  readonly deliveries: DeliveryRecord[] = [];
  private readonly queues = new Map<string, Job[]>();
  private readonly pumping = new Set<string>();
  private readonly retries = new Map<NodeJS.Timeout, number>();
  private readonly signer: Webhook;
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {
    this.signer = new Webhook(Buffer.from(options.clientSecret).toString('base64'));
  }

  /** Builds one payload for the event and queues it for every active hook whose scope matches. */
  fire(
    store: { hash: string; storeId: number },
    hooks: HookRecord[],
    scope: EventScope,
    data: EventData,
  ): WebhookPayload {
    const payload = buildPayload(store, scope, data, new Date());
    const body = JSON.stringify(payload);
    for (const hook of hooks) {
      if (!hook.is_active || !scopeMatches(hook.scope, scope)) continue;
      const msgId = `msg_${randomUUID().replace(/-/g, '')}`;
      this.enqueue({ msgId, storeHash: store.hash, hook: { ...hook }, payload, body, attempt: 1 });
    }
    return payload;
  }

  /** True when nothing is queued or in flight and no retry is due within `horizonMs`. */
  idle(horizonMs = 100): boolean {
    if (this.pumping.size > 0) return false;
    for (const queue of this.queues.values()) if (queue.length > 0) return false;
    const limit = Date.now() + horizonMs;
    for (const dueAt of this.retries.values()) if (dueAt <= limit) return false;
    return true;
  }

  async whenIdle(): Promise<void> {
    while (!this.closed && !this.idle()) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.retries.keys()) clearTimeout(timer);
    this.retries.clear();
    this.queues.clear();
  }

  private enqueue(job: Job): void {
    if (this.closed) return;
    const queue = this.queues.get(job.storeHash) ?? [];
    queue.push(job);
    this.queues.set(job.storeHash, queue);
    if (!this.pumping.has(job.storeHash)) {
      this.pumping.add(job.storeHash);
      setImmediate(() => void this.pump(job.storeHash));
    }
  }

  private async pump(storeHash: string): Promise<void> {
    try {
      const queue = this.queues.get(storeHash) ?? [];
      for (let job = queue.shift(); job && !this.closed; job = queue.shift()) await this.attempt(job);
    } finally {
      this.pumping.delete(storeHash);
    }
  }

  private async attempt(job: Job): Promise<void> {
    const current = this.options.directory.hook(job.storeHash, job.hook.id);
    if (job.attempt > 1 && (!current || !current.is_active)) return;
    const hook = current ?? job.hook;
    const timestamp = new Date();
    const headers: Record<string, string> = {
      ...(hook.headers ?? {}),
      'content-type': 'application/json',
      'user-agent': 'BigCommerce-Emulator/1.0 (webhooks)',
      'webhook-id': job.msgId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': this.signer.sign(job.msgId, timestamp, job.body),
    };
    const record: DeliveryRecord = {
      id: job.msgId,
      hookId: hook.id,
      storeHash: job.storeHash,
      scope: job.payload.scope,
      destination: hook.destination,
      payload: job.payload,
      headers,
      attempt: job.attempt,
      ok: false,
      at: timestamp.toISOString(),
    };
    try {
      const res = await request('POST', hook.destination, {
        headers,
        body: job.body,
        timeoutMs: this.options.timeoutMs,
      });
      record.statusCode = res.status;
      record.ok = res.status >= 200 && res.status < 300;
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
    }
    this.deliveries.push(record);
    if (this.deliveries.length > this.options.historyLimit)
      this.deliveries.splice(0, this.deliveries.length - this.options.historyLimit);
    const outcome = record.ok ? String(record.statusCode) : (record.error ?? `HTTP ${record.statusCode}`);
    this.options.log(
      `webhook ${job.payload.scope} -> ${hook.destination} attempt ${job.attempt}: ${outcome}`,
    );
    if (!record.ok) this.scheduleRetry({ ...job, hook });
  }

  private scheduleRetry(job: Job): void {
    if (this.closed) return;
    const delay = this.options.retryDelaysMs[job.attempt - 1];
    if (delay === undefined) {
      this.options.directory.deactivate(job.storeHash, job.hook.id);
      this.options.log(`webhook hook ${job.hook.id} deactivated after ${job.attempt} failed attempts`);
      return;
    }
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.enqueue({ ...job, attempt: job.attempt + 1 });
    }, delay);
    timer.unref();
    this.retries.set(timer, Date.now() + delay);
  }
}
