/**
 * Webhook deliveries are kept in PostgreSQL until their work is done. What a delivery queues lives in
 * Redis (a stock report, an ingest or order job), and a Redis that restarts empty loses it; the
 * delivery id is already recorded, so the platform's retry would be dropped as a duplicate. So the
 * delivery row keeps the delivery (`deliveries.waiting`) until its report is applied, its order
 * recorded or its event handled, and the minute sweep hands what still waits back to the same filing
 * the webhook route uses. Applying twice is harmless: counts, sales and events are keyed.
 *
 * The route takes deliveries a batch at a time (`takeDeliveries`, behind a group commit): those that
 * arrive within a few milliseconds of each other are recorded in one INSERT (one commit, their
 * products' tracking read in the same statement) and filed in one Redis write per store, each
 * answered only once its row is committed and its work filed.
 */
import {
  forgetDeliveries,
  recordDeliveries,
  settleDeliveries,
  waitingDeliveries,
} from '../db/deliveries.repo';
import type { Db } from '../db/client';
import { getStore } from '../db/stores.repo';
import type { WebhookDelivery } from '../platform/types';
import { stockReportOf } from './file-stock-report.use-case';
import type { StockReport } from './ingest-platform-change.use-case';

export interface FilingDeps {
  /** Leaves stock reports for the store's next stock pass (one Redis write) and sees one is queued. */
  fileReports: (storeId: number, reports: StockReport[]) => Promise<void>;
  /** Queues any other event for the ingest worker, under a job id of its own. */
  enqueue: (delivery: WebhookDelivery) => Promise<void>;
}

export interface InboxDeps extends FilingDeps {
  db: Db;
}

/** An authentic delivery for an installed store, as the route read it. */
export interface Arrival {
  storeId: number;
  /** As the platform sent it; a retry keeps it. */
  deliveryId: string;
  topic: string;
  /** What it tells the app; none for a topic the app has no use for. */
  delivery?: WebhookDelivery;
}

export type Taken = 'accepted' | 'duplicate';

/** Most deliveries handed back a sweep. */
const BATCH = 1000;

/** The delivery row's key: `id:` keeps delivery ids apart from applied event keys (`event:`). */
const rowKey = (deliveryId: string) => `id:${deliveryId}`;
const keyOf = (a: { storeId: number; deliveryId: string }) => `${a.storeId}:${rowKey(a.deliveryId)}`;

/**
 * Takes deliveries that arrived together: each is recorded (a duplicate of one recorded before, or
 * of another in the batch, is answered `duplicate` and does nothing), then the new ones' work is
 * filed. Recorded first, in one statement, so a delivery answered `accepted` is durable in
 * PostgreSQL whatever Redis does next; if the filing fails, the new rows are forgotten again and
 * the whole batch fails (503), so the platform's retries are taken, not dropped as duplicates.
 */
export async function takeDeliveries(deps: InboxDeps, arrivals: Arrival[]): Promise<Taken[]> {
  const firsts = new Map<string, Arrival>();
  for (const a of arrivals) if (!firsts.has(keyOf(a))) firsts.set(keyOf(a), a);
  const unique = [...firsts.values()];
  // A count or an edit of a product the store does not track has no work: recorded as done.
  const recorded = await recordDeliveries(
    deps.db,
    unique.map((a) => {
      const report = a.delivery && stockReportOf(a.delivery);
      return {
        storeId: a.storeId,
        deliveryId: rowKey(a.deliveryId),
        topic: a.topic,
        ...(a.delivery ? { waiting: a.delivery as unknown as Record<string, unknown> } : {}),
        ...(report ? { productId: report.productId } : {}),
      };
    }),
  );
  const fresh = unique.filter((a) => recorded.has(keyOf(a)));
  const due = fresh.filter((a) => recorded.get(keyOf(a)));
  try {
    await fileDeliveries(
      deps,
      due.map((a) => a.delivery!),
    );
  } catch (err) {
    // Not filed, so not seen: the platform's retry of these deliveries must be taken, not dropped.
    for (const [storeId, ids] of byStore(fresh))
      await forgetDeliveries(
        deps.db,
        storeId,
        ids.map((a) => rowKey(a.deliveryId)),
      );
    throw err;
  }
  const accepted = new Set(fresh);
  return arrivals.map((a) => (accepted.has(a) ? 'accepted' : 'duplicate'));
}

/** Files deliveries' work: stock reports one Redis write per store, any other event a job each. */
export async function fileDeliveries(deps: FilingDeps, deliveries: WebhookDelivery[]): Promise<void> {
  const reports = new Map<number, StockReport[]>();
  const others: WebhookDelivery[] = [];
  for (const d of deliveries) {
    const report = stockReportOf(d);
    if (report) listOf(reports, d.storeId).push(report);
    else others.push(d);
  }
  await Promise.all([
    ...[...reports].map(([storeId, list]) => deps.fileReports(storeId, list)),
    ...others.map((d) => deps.enqueue(d)),
  ]);
}

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
  await fileDeliveries(
    deps,
    waiting.map(({ waiting: delivery }) => delivery as unknown as WebhookDelivery),
  );
  return waiting.length;
}

function byStore(arrivals: Arrival[]): Map<number, Arrival[]> {
  const map = new Map<number, Arrival[]>();
  for (const a of arrivals) listOf(map, a.storeId).push(a);
  return map;
}

function listOf<T>(map: Map<number, T[]>, storeId: number): T[] {
  let list = map.get(storeId);
  if (!list) map.set(storeId, (list = []));
  return list;
}
