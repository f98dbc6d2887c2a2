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
