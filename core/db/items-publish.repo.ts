/**
 * What platform-sync reads and writes of items: the store's dirty items a page at a time, the
 * publication each was last sent (written before the call, for echo detection), and the versions
 * published. Page-wide updates lock their rows in id order, as every other item lock is taken.
 */
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import type { ItemRow } from './items.repo';
import { items } from './schema';

/** The store's items changed since they were last published, after `afterId`, by id. */
export async function dirtyItemsAfter(
  db: Db,
  storeId: number,
  afterId: number,
  limit: number,
): Promise<ItemRow[]> {
  return db
    .select()
    .from(items)
    .where(
      and(
        eq(items.storeId, storeId),
        gt(items.id, afterId),
        sql`${items.version} > ${items.publishedVersion}`,
      ),
    )
    .orderBy(asc(items.id))
    .limit(limit);
}

/** Whether the store has an item changed since it was published. */
export async function hasDirtyItems(db: Db, storeId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.storeId, storeId), sql`${items.version} > ${items.publishedVersion}`))
    .limit(1);
  return row !== undefined;
}

/** Each item's publication as about to be sent (`published_state`), in one statement. */
export async function writePublishedStates(db: Db, states: Array<{ id: number; state: unknown }>) {
  await updateInIdOrder(
    db,
    states,
    sql`update items i set published_state = v.state
        from json_to_recordset(${JSON.stringify(states)}::json) as v(id bigint, state jsonb)
        where i.id = v.id`,
  );
}

/** Marks the versions read as published: a change made meanwhile stays dirty for the next pass. */
export async function markPublished(db: Db, rows: Array<{ id: number; version: number }>) {
  const read = rows.map((row) => ({ id: row.id, version: row.version }));
  await updateInIdOrder(
    db,
    read,
    sql`update items i set published_version = greatest(i.published_version, v.version)
        from json_to_recordset(${JSON.stringify(read)}::json) as v(id bigint, version int)
        where i.id = v.id`,
  );
}

/**
 * Runs a page's bulk update after locking its rows in id order, as every other item lock is taken
 * (an import applying in id order would otherwise deadlock with an update that locks as it joins).
 */
async function updateInIdOrder(db: Db, rows: Array<{ id: number }>, update: SQL) {
  const ids = JSON.stringify(rows.map((r) => r.id));
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      select 1 from items
      where id in (select value::bigint from json_array_elements_text(${ids}::json))
      order by id for update`);
    await tx.execute(update);
  });
}
