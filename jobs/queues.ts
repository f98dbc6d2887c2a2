/**
 * Every queue the app uses, with the payload each job carries: the one place they are named.
 * Payloads carry ids, never secrets; workers read the rest from the database.
 */
export const QUEUES = {
  /** A verified platform webhook delivery, to be turned into item events. */
  ingest: 'ingest',
  /** `order/created`: tracked order lines decrement stock. */
  orders: 'orders',
  /** Publish items' desired states to the platform, coalesced per item and batched per store. */
  platformSync: 'platform-sync',
  /** Owner (and later customer) emails, one per outbox row. */
  notify: 'notify',
  /** The every-minute sweep for back-in-stock dates. */
  schedule: 'schedule',
  /** Parse, validate and apply CSV imports. */
  import: 'import',
} as const;

export type QueueKey = keyof typeof QUEUES;
export type QueueName = (typeof QUEUES)[QueueKey];

export interface JobPayloads {
  ingest: { storeId: number; deliveryId: string; topic: string; data: Record<string, unknown> };
  orders: { storeId: number; orderId: string; deliveryId: string };
  platformSync: { storeId: number; itemId: number };
  notify: { outboxId: number };
  schedule: { storeId?: number };
  import: { storeId: number; importId: string; step: 'parse' | 'apply' };
}

/** Job ids that make enqueueing idempotent (BullMQ ignores an add whose id is already queued). */
export const jobIds = {
  ingest: (p: JobPayloads['ingest']) => `ingest:${p.storeId}:${p.deliveryId}`,
  orders: (p: JobPayloads['orders']) => `orders:${p.storeId}:${p.orderId}:${p.deliveryId}`,
  platformSync: (p: JobPayloads['platformSync']) => `sync:${p.storeId}:${p.itemId}`,
  notify: (p: JobPayloads['notify']) => `notify:${p.outboxId}`,
  import: (p: JobPayloads['import']) => `import:${p.importId}:${p.step}`,
};
