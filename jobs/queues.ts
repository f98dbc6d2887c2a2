/**
 * Every queue the app uses, with the payload each job carries: the one place they are named.
 * Payloads carry ids, never secrets; workers read the rest from the database.
 */
import type { WebhookDelivery } from '../core/platform/types';

export const QUEUES = {
  /** A verified platform webhook delivery, to be turned into item events. */
  ingest: 'ingest',
  /** `order/created`: tracked order lines decrement stock. */
  orders: 'orders',
  /** Read changed products' stock from the platform: passes one at a time per store, batched reads. */
  stockRefresh: 'stock-refresh',
  /** Publish items' desired states to the platform, coalesced per item and batched per store. */
  platformSync: 'platform-sync',
  /** Owner (and later customer) emails, one per outbox row. */
  notify: 'notify',
  /** The every-minute sweep for back-in-stock dates. */
  schedule: 'schedule',
  /** After install: read store details, register webhooks. */
  storeSetup: 'store-setup',
  /** Parse, validate and apply CSV imports. */
  import: 'import',
  /** Apply a saved switch condition to the store's items. */
  switchCondition: 'switch-condition',
} as const;

export type QueueKey = keyof typeof QUEUES;
export type QueueName = (typeof QUEUES)[QueueKey];

/**
 * An ingest job queued before deliveries carried a platform-neutral event (BigCommerce only then):
 * read as such while one may still wait in Redis after an upgrade.
 */
export interface LegacyIngest extends Omit<WebhookDelivery, 'event'> {
  data: Record<string, unknown>;
}

export interface JobPayloads {
  ingest: WebhookDelivery | LegacyIngest;
  orders: { storeId: number; orderId: string; deliveryId: string; receivedAt?: number };
  /** Read the store's products marked as changed (a Redis set); `stamp` keeps job ids unique. */
  stockRefresh: { storeId: number; stamp: number };
  /** Publish the store's unpublished items; `stamp` (the newest outbox id) keeps job ids unique. */
  platformSync: { storeId: number; stamp: number };
  notify: { outboxId: number };
  schedule: { storeId?: number };
  storeSetup: { storeId: number };
  /** `claimedAt` (ms): the claim an apply serves (see claimImport). */
  import: { storeId: number; importId: string; step: 'parse' | 'apply'; claimedAt?: number };
  /** `applyId` names the change (store_settings.switch_apply). */
  switchCondition: { storeId: number; applyId: string };
}

/**
 * What every job's data may carry besides its payload: the id of the request it was queued for
 * (`TracedQueue` in runtime.ts adds it), so the worker's log lines for the job can be found from the
 * request's. A job queued by a job carries the first one's; the sweep's and the schedule's carry none.
 */
export interface JobTrace {
  requestId?: string;
}

/**
 * Job ids that make enqueueing idempotent (BullMQ ignores an add whose id is already queued).
 * BullMQ reserves `:` in ids, so parts are joined with `.` and any `:` inside a part is replaced.
 */
const id = (...parts: Array<string | number>) => parts.map((p) => String(p).replaceAll(':', '_')).join('.');

export const jobIds = {
  ingest: (p: JobPayloads['ingest']) => id('ingest', p.storeId, p.deliveryId),
  /** A delivery handed back by the sweep (its first job may be gone with an emptied Redis). */
  ingestAgain: (p: JobPayloads['ingest'], at: number) => id('ingest', p.storeId, p.deliveryId, 'again', at),
  orders: (p: JobPayloads['orders']) => id('orders', p.storeId, p.orderId, p.deliveryId),
  stockRefresh: (p: JobPayloads['stockRefresh']) => id('refresh', p.storeId, p.stamp),
  platformSync: (p: JobPayloads['platformSync']) => id('sync', p.storeId, p.stamp),
  notify: (p: JobPayloads['notify'], retry?: number) =>
    retry ? id('notify', p.outboxId, retry) : id('notify', p.outboxId),
  storeSetup: (p: JobPayloads['storeSetup'], installedAt: Date) =>
    id('setup', p.storeId, installedAt.getTime()),
  /** Hooks registered again with the derived header: one job an hour per store, so a failed one is retried. */
  storeRehook: (p: JobPayloads['storeSetup'], now: Date) =>
    id('setup', p.storeId, 'rehook', Math.floor(now.getTime() / 3_600_000)),
  import: (p: JobPayloads['import']) => id('import', p.importId, p.step),
  /** An apply is named by its claim: a confirm after a failed apply is a new job, not the failed one. */
  importApply: (importId: string, claimedAt: Date) => id('import', importId, 'apply', claimedAt.getTime()),
  switchCondition: (p: JobPayloads['switchCondition']) => id('switch', p.storeId, p.applyId),
};
