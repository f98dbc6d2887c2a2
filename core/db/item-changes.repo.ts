/**
 * The writes of one item change, each inside the caller's transaction: lock the row, remember that an
 * event was applied, write the new values, and record the activity-log entries and outbox effects
 * that go with them. What the change is, the rules decide (core/use-cases/apply-item-event).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import type { ItemRow } from './items.repo';
import { deliveries, events, items, outbox } from './schema';

/** The item's row, locked until the transaction ends: changes to one item are serialised. */
export async function lockItem(tx: Db, storeId: number, itemId: number): Promise<ItemRow | undefined> {
  const [row] = await tx
    .select()
    .from(items)
    .where(and(eq(items.storeId, storeId), eq(items.id, itemId)))
    .for('update');
  return row;
}

/**
 * Records that the event with this key is being applied; false when it was before. Kept beside the
 * webhook delivery ids for as long as they are (`retention.webhookDays`): a relative event counts
 * once however late a duplicate comes, and every duplicate comes from a delivery, which is refused
 * once its stamp is older than that window.
 */
export async function claimEventKey(tx: Db, storeId: number, key: string, type: string): Promise<boolean> {
  const fresh = await tx
    .insert(deliveries)
    .values({ storeId, deliveryId: `event:${key}`, topic: type })
    .onConflictDoNothing()
    .returning({ id: deliveries.deliveryId });
  return fresh.length === 1;
}

export type ItemValues = Partial<Omit<typeof items.$inferInsert, 'id' | 'storeId' | 'version'>>;

/**
 * Writes an item's new values. `touched`: something a merchant sees changed (its `updatedAt` moves);
 * `republish`: the platform must be told (the version bump marks the item for publishing).
 */
export async function updateItem(
  tx: Db,
  itemId: number,
  values: ItemValues,
  how: { touched: boolean; republish: boolean },
): Promise<ItemRow> {
  const [after] = await tx
    .update(items)
    .set({
      ...values,
      ...(how.touched ? { updatedAt: sql`now()` } : {}),
      ...(how.republish ? { version: sql`${items.version} + 1`, dirtySince: dirtyFrom } : {}),
    })
    .where(eq(items.id, itemId))
    .returning();
  return after!;
}

/** An item already unpublished keeps the time it became so; one published until now becomes so now. */
const dirtyFrom = sql`case when ${items.version} > ${items.publishedVersion} and ${items.dirtySince} is not null
  then ${items.dirtySince} else now() end`;

export type NewEvent = Omit<typeof events.$inferInsert, 'id' | 'createdAt'>;
export type NewEffect = Pick<typeof outbox.$inferInsert, 'storeId' | 'itemId' | 'type' | 'payload'>;
/** An effect written, for the caller to relay onto its queue once the transaction commits. */
export type EffectRef = { id: number; storeId: number; type: string };

/** The change's activity-log entries and its effects (outbox), in the caller's transaction. */
export async function recordChange(
  tx: Db,
  change: { events: NewEvent[]; effects: NewEffect[] },
): Promise<EffectRef[]> {
  if (change.events.length > 0) await tx.insert(events).values(change.events);
  if (change.effects.length === 0) return [];
  return tx
    .insert(outbox)
    .values(change.effects)
    .returning({ id: outbox.id, storeId: outbox.storeId, type: outbox.type });
}
