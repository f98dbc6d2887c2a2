/**
 * What platform-sync reads and writes of items: the store's dirty items a page at a time, the
 * publication each was last sent (written before the call, for echo detection), and the versions
 * published. Page-wide updates lock their rows in id order, as every other item lock is taken.
 */
import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { PublishedState } from '../domain/level-ledger';
import { selectRows, type Db } from './client';
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

/** An item's ledger of its level on the platform, as stored. */
export interface LedgerRow {
  id: number;
  level: number | null;
  state: PublishedState;
}

/**
 * Runs `change` on the given items' ledgers with their rows locked (in id order, as every item lock is
 * taken), and saves what it answers: the ledger moves under the same lock as every other change of the
 * item, so a count or a sale landing meanwhile is never lost.
 */
export async function changeLedgers(
  db: Db,
  ids: number[],
  change: (rows: LedgerRow[]) => LedgerRow[],
): Promise<LedgerRow[]> {
  if (ids.length === 0) return [];
  return db.transaction(async (tx) => {
    const rows = await selectRows<{ id: number; level: number | null; state: PublishedState | null }>(
      tx,
      sql`select id::float8 as id, platform_level as level, published_state as state from items
          where id in (select value::bigint from json_array_elements_text(${JSON.stringify(ids)}::json))
          order by id for update`,
    );
    const next = change(rows.map((r) => ({ id: r.id, level: r.level, state: r.state ?? {} })));
    await tx.execute(sql`
      update items i set platform_level = v.level, published_state = v.state
      from json_to_recordset(${JSON.stringify(next)}::json) as v(id bigint, level int, state jsonb)
      where i.id = v.id`);
    return next;
  });
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
