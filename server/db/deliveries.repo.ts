import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from './client';
import { deliveries } from './schema';

/** Records a webhook delivery id; false when it was seen before (a duplicate to ignore). */
export async function recordDelivery(
  db: Db,
  storeId: number,
  deliveryId: string,
  topic: string,
): Promise<boolean> {
  const inserted = await db
    .insert(deliveries)
    .values({ storeId, deliveryId, topic })
    .onConflictDoNothing()
    .returning({ id: deliveries.deliveryId });
  return inserted.length === 1;
}

/** Forgets delivery ids recorded for a delivery that could not be queued, so the platform's retry counts. */
export async function forgetDeliveries(db: Db, storeId: number, deliveryIds: string[]): Promise<void> {
  await db
    .delete(deliveries)
    .where(and(eq(deliveries.storeId, storeId), inArray(deliveries.deliveryId, deliveryIds)));
}
