/**
 * Webhook deliveries are kept in PostgreSQL until their work is done. What a delivery queues lives in
 * Redis (a stock report, an ingest or order job), and a Redis that restarts empty loses it; the
 * delivery id is already recorded, so the platform's retry would be dropped as a duplicate. So the
 * delivery row keeps the delivery (`deliveries.waiting`) until its report is applied, its order
 * recorded or its event handled, and the minute sweep hands what still waits back to the same filing
 * the webhook route uses. Applying twice is harmless: counts, sales and events are keyed.
 */
import { settleDeliveries, waitingDeliveries } from '../db/deliveries.repo';
import type { Db } from '../db/client';
import { getStore } from '../db/stores.repo';
import type { WebhookDelivery } from '../platform/types';
import { STOCK_EVENTS } from './file-stock-report.use-case';

export interface InboxDeps {
  db: Db;
  /** Leaves a stock event's report for the store's next stock pass (as the webhook route does). */
  fileReport: (delivery: WebhookDelivery) => Promise<unknown>;
  /** Queues any other event for the ingest worker, under a job id of its own. */
  enqueue: (delivery: WebhookDelivery) => Promise<void>;
}

/** Most deliveries handed back a sweep. */
const BATCH = 1000;

/** The work of these deliveries is done: they no longer wait. */
export async function deliveriesDone(deps: { db: Db }, storeId: number, deliveryIds: string[]) {
  await settleDeliveries(deps.db, storeId, deliveryIds);
}

/**
 * A delivery taken for a store uninstalled since (the route's store cache may hold a store for a few
 * seconds after another process uninstalled it) is dropped here, as the route drops one for a store
 * not installed: true when it was, its wait over.
 */
export async function droppedForUninstalledStore(deps: { db: Db }, delivery: WebhookDelivery) {
  const store = await getStore(deps.db, delivery.storeId);
  if (store?.status === 'active') return false;
  await settleDeliveries(deps.db, delivery.storeId, [delivery.deliveryId]);
  return true;
}

/** Hands back deliveries still waiting `olderThanMs` after they came; answers how many. */
export async function redeliverWaiting(deps: InboxDeps, olderThanMs: number, now: Date): Promise<number> {
  const waiting = await waitingDeliveries(deps.db, new Date(now.getTime() - olderThanMs), BATCH);
  for (const { waiting: delivery } of waiting) {
    const d = delivery as unknown as WebhookDelivery;
    await (STOCK_EVENTS.has(d.event.kind) ? deps.fileReport(d) : deps.enqueue(d));
  }
  return waiting.length;
}
