import { and, asc, eq, gte, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import { selectRows, type Db } from './client';
import { deliveries } from './schema';

/** Records a webhook delivery id; false when it was seen before (a duplicate to ignore). */
export async function recordDelivery(
  db: Db,
  storeId: number,
  deliveryId: string,
  topic: string,
  /** The delivery, kept until its work is done (`webhook-inbox.use-case.ts`). */
  waiting?: Record<string, unknown>,
): Promise<boolean> {
  return (await recordDeliveries(db, [{ storeId, deliveryId, topic, waiting }])).size === 1;
}

export interface DeliveryRecord {
  storeId: number;
  deliveryId: string;
  topic: string;
  /** The delivery, kept until its work is done (`webhook-inbox.use-case.ts`). */
  waiting?: Record<string, unknown>;
  /**
   * The product a stock delivery is about: if the store tracks no item of it, there is no work, and
   * the delivery is recorded as done (nothing waits).
   */
  productId?: string;
}

/**
 * Records delivery ids in one statement, one commit for the lot (the webhook route's group commit),
 * their products' tracking read in the same statement; answers those not seen before, as
 * `storeId:deliveryId` → whether its work waits. The rows go as one JSON parameter: a statement of
 * the same size however many, nothing built per value.
 */
export async function recordDeliveries(db: Db, records: DeliveryRecord[]): Promise<Map<string, boolean>> {
  if (records.length === 0) return new Map();
  const rows = records.map((r) => ({
    store_id: r.storeId,
    delivery_id: r.deliveryId,
    topic: r.topic,
    waiting: r.waiting ?? null,
    product_id: r.productId ?? null,
  }));
  const inserted = await selectRows<{ storeId: number; id: string; waits: boolean }>(
    db,
    sql`insert into deliveries (store_id, delivery_id, topic, waiting)
        select r.store_id, r.delivery_id, r.topic,
               case when r.product_id is null or exists (
                 select 1 from items i
                 where i.store_id = r.store_id and i.product_id = r.product_id and i.tracked
               ) then r.waiting end
        from json_to_recordset(${JSON.stringify(rows)}::json)
          as r(store_id integer, delivery_id text, topic text, waiting jsonb, product_id text)
        on conflict do nothing
        returning store_id as "storeId", delivery_id as id, waiting is not null as waits`,
  );
  return new Map(inserted.map((r) => [`${r.storeId}:${r.id}`, r.waits]));
}

/**
 * Forgets up to `limit` delivery ids (`id:…`) and applied event keys (`event:…`) recorded more than
 * `days` ago (by the database's clock, which stamped them), oldest first, in one statement. The caller's window outlasts every way a duplicate can
 * come (a platform retries a delivery for about 48 hours, and deliveries stamped more than 7 days ago
 * are refused). A delivery whose work is not done yet (`waiting`) is the inbox, never forgotten.
 * Returns how many were forgotten.
 */
export async function pruneDeliveries(db: Db, days: number, limit: number): Promise<number> {
  const gone = await selectRows<{ n: number }>(
    db,
    sql`with old as (
          select store_id, delivery_id from deliveries
          where waiting is null and received_at < now() - make_interval(days => ${days})
          order by received_at limit ${limit}
        ), gone as (
          delete from deliveries d using old
          where d.store_id = old.store_id and d.delivery_id = old.delivery_id and d.waiting is null
          returning 1
        )
        select count(*)::int as n from gone`,
  );
  return gone[0]?.n ?? 0;
}

/** Forgets delivery ids recorded for a delivery that could not be queued, so the platform's retry counts. */
export async function forgetDeliveries(db: Db, storeId: number, deliveryIds: string[]): Promise<void> {
  await db
    .delete(deliveries)
    .where(and(eq(deliveries.storeId, storeId), inArray(deliveries.deliveryId, deliveryIds)));
}

/** The work of these webhook deliveries (ids as the platform sent them) is done. */
export async function settleDeliveries(db: Db, storeId: number, deliveryIds: string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db
    .update(deliveries)
    .set({ waiting: null })
    .where(
      and(
        eq(deliveries.storeId, storeId),
        inArray(
          deliveries.deliveryId,
          deliveryIds.map((id) => `id:${id}`),
        ),
        isNotNull(deliveries.waiting),
      ),
    );
}

/** Deliveries received before `before` whose work is not done yet, oldest first. */
export async function waitingDeliveries(
  db: Db,
  before: Date,
  limit: number,
): Promise<Array<{ storeId: number; waiting: Record<string, unknown> }>> {
  const rows = await db
    .select({ storeId: deliveries.storeId, waiting: deliveries.waiting })
    .from(deliveries)
    .where(and(isNotNull(deliveries.waiting), lt(deliveries.receivedAt, before)))
    .orderBy(asc(deliveries.receivedAt))
    .limit(limit);
  return rows.flatMap((r) => (r.waiting ? [{ storeId: r.storeId, waiting: r.waiting }] : []));
}

/** Whether an order webhook of the store, received since `since`, still waits for its work. */
export async function orderNewsWaiting(db: Db, storeId: number, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: deliveries.deliveryId })
    .from(deliveries)
    .where(
      and(
        isNotNull(deliveries.waiting),
        gte(deliveries.receivedAt, since),
        eq(deliveries.storeId, storeId),
        sql`${deliveries.waiting}->'event'->>'kind' = 'order-created'`,
      ),
    )
    .limit(1);
  return row !== undefined;
}
