/**
 * The set-based writes that apply a claimed import in one transaction: lock the changed items a chunk
 * at a time (in id order, like every other item lock), write their new states and activity-log
 * entries in bulk, and finish with the import's own entry and effects.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { StagedRow } from '../csv/import-row';
import type { ItemState } from '../domain/types';
import { selectRows, type Db } from './client';
import { matchTableOf, stagingTableOf } from './import-staging.repo';
import type { OutboxPayload } from './outbox-payload';
import { events, imports, outbox } from './schema';

/** A changed row with its item, as locked for the apply. */
export interface LockedRow {
  itemId: number;
  row: number;
  state: ItemState;
  /** The file's values for the item, as staged. */
  file: Pick<
    StagedRow,
    'stock' | 'threshold' | 'incomingStock' | 'backInStockDate' | 'clearDate' | 'enabled'
  >;
}

/**
 * Inside the apply's transaction: the rows the preview showed as changes, each with the item the
 * preview matched, into `import_apply` (a temporary table dropped with the commit, indexed for the
 * walk in item order). A row the preview showed as unchanged is not applied, whatever happened to
 * its item since. Answers why the import can no longer be applied as previewed: its rows were lost,
 * or an item changed SKU or was unassigned since the preview.
 */
export async function prepareApply(
  tx: Db,
  storeId: number,
  importId: string,
  rows: number,
): Promise<{ code: string; message: string } | undefined> {
  const table = sql.raw(stagingTableOf(importId));
  const match = sql.raw(matchTableOf(importId));
  const [present] = await selectRows<{ staged: number; matched: number }>(
    tx,
    sql`select (select count(*) from ${table})::int as staged, (select count(*) from ${match})::int as matched`,
  );
  if (present!.staged !== rows || present!.matched !== rows) {
    return {
      code: 'staged_rows_lost',
      message:
        'The rows read from this file were lost (the database restarted); nothing was applied. Upload the file again.',
    };
  }
  await tx.execute(sql`
    create temp table import_apply on commit drop as
    select m.item_id, s."row", s.sku, s.stock, s.threshold, s.incoming_stock, s.back_in_stock_date,
           s.clear_date, s.enabled
    from ${match} m join ${table} s on s."row" = m."row"
    where m.changed`);
  const [moved] = await selectRows<{ row: number; sku: string }>(
    tx,
    sql`select a."row", a.sku from import_apply a
        left join items i on i.id = a.item_id and i.store_id = ${storeId} and i.tracked and i.sku = a.sku
        where i.id is null
        order by a."row" limit 1`,
  );
  if (moved) {
    return {
      code: 'catalog_changed',
      message: `The catalog changed since the preview: the item of row ${moved.row} (SKU "${moved.sku}") no longer has that SKU or is no longer assigned. Nothing was applied; upload the file again.`,
    };
  }
  await tx.execute(sql`create index on import_apply (item_id)`);
  await tx.execute(sql`analyze import_apply`);
  return undefined;
}

/** The next changed rows of `import_apply` in item order, their items locked. */
export async function lockChangedChunk(
  tx: Db,
  storeId: number,
  afterItemId: number,
  limit: number,
): Promise<LockedRow[]> {
  const found = await selectRows<Record<string, unknown>>(
    tx,
    sql`select r.item_id::float8 as "itemId", r."row", i.stock, i.threshold, i.switch_at as "switchAt",
               i.incoming_stock as "incomingStock", i.back_in_stock_date::text as "backInStockDate",
               i.enabled, i.switched_by as "switchedBy", i.status, i.tracked,
               i.last_event_key as "lastEventKey",
               r.stock as "fStock", r.threshold as "fThreshold", r.incoming_stock as "fIncoming",
               r.back_in_stock_date::text as "fDate", r.clear_date as "fClear", r.enabled as "fEnabled"
        from import_apply r join items i on i.id = r.item_id
        where r.item_id > ${afterItemId}
          and i.id > ${afterItemId} and i.store_id = ${storeId}
        order by r.item_id
        limit ${limit}
        for update of i`,
    // `i.id > after` too: without it a merge join walks the items index from the start every chunk.
  );
  return found.map((r) => ({
    itemId: r.itemId as number,
    row: r.row as number,
    state: {
      stock: r.stock as number,
      threshold: r.threshold as number,
      switchAt: r.switchAt as number | null,
      incomingStock: r.incomingStock as number,
      backInStockDate: r.backInStockDate as string | null,
      enabled: r.enabled as boolean,
      switchedBy: r.switchedBy as ItemState['switchedBy'],
      status: r.status as ItemState['status'],
      tracked: r.tracked as boolean,
      lastEventKey: r.lastEventKey as string | null,
    },
    file: {
      stock: r.fStock as number | null,
      threshold: r.fThreshold as number | null,
      incomingStock: r.fIncoming as number | null,
      backInStockDate: r.fDate as string | null,
      clearDate: r.fClear as boolean,
      enabled: r.fEnabled as boolean | null,
    },
  }));
}

export interface ItemWrite {
  id: number;
  row: number;
  before: ItemState;
  state: ItemState;
  /** The rules asked for a platform write: bump the version so platform-sync publishes it. */
  bump: boolean;
  changed: boolean;
}

export interface EventWrite {
  itemId: number | null;
  type: string;
  actor: Record<string, unknown>;
  data: Record<string, unknown>;
}

/**
 * Writes the chunk's new states and, for each item that changed, its `import` activity-log entry
 * (`{importId, row, from, to}`), in one statement. Rows travel as flat JSON records and the log
 * entries are built in SQL: PostgreSQL parses nested JSON objects several times slower.
 */
export async function writeItems(tx: Db, storeId: number, importId: string, writes: ItemWrite[]) {
  if (writes.length === 0) return;
  const json = JSON.stringify(
    writes.map((w) => ({
      id: w.id,
      r: w.row,
      s: w.state.stock,
      t: w.state.threshold,
      sw: w.state.switchAt,
      n: w.state.incomingStock,
      d: w.state.backInStockDate,
      e: w.state.enabled,
      sb: w.state.switchedBy,
      st: w.state.status,
      tr: w.state.tracked,
      k: w.state.lastEventKey,
      b: w.bump ? 1 : 0,
      c: w.changed,
      s0: w.before.stock,
      t0: w.before.threshold,
      n0: w.before.incomingStock,
      d0: w.before.backInStockDate,
      e0: w.before.enabled,
      st0: w.before.status,
    })),
  );
  const actor = JSON.stringify({ kind: 'import', importId });
  await tx.execute(sql`
    with v as (
      select * from json_to_recordset(${json}::json) as v(
        id bigint, r int, s int, t int, sw int, n int, d date, e bool, sb text, st text, tr bool, k text,
        b int, c bool, s0 int, t0 int, n0 int, d0 date, e0 bool, st0 text)
    ), updated as (
      update items i set
        stock = v.s, threshold = v.t, switch_at = v.sw, incoming_stock = v.n, back_in_stock_date = v.d,
        enabled = v.e, switched_by = v.sb, status = v.st, tracked = v.tr, last_event_key = v.k,
        version = i.version + v.b,
        dirty_since = case when v.b = 0 or (i.version > i.published_version and i.dirty_since is not null)
          then i.dirty_since else now() end,
        updated_at = case when v.c then now() else i.updated_at end
      from v where i.id = v.id and i.store_id = ${storeId}
    )
    insert into events (store_id, item_id, type, actor, data)
    select ${storeId}, v.id, 'import', ${actor}::jsonb,
           jsonb_build_object(
             'importId', ${importId}::text, 'row', v.r,
             'from', jsonb_build_object('stock', v.s0, 'threshold', v.t0, 'incomingStock', v.n0,
                                        'backInStockDate', v.d0, 'enabled', v.e0, 'status', v.st0),
             'to', jsonb_build_object('stock', v.s, 'threshold', v.t, 'incomingStock', v.n,
                                      'backInStockDate', v.d, 'enabled', v.e, 'status', v.st))
    from v where v.c`);
}

/** Activity-log entries beyond the per-item `import` entry (rules' log effects, refused switch-ons). */
export async function insertEvents(tx: Db, storeId: number, entries: EventWrite[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`
    insert into events (store_id, item_id, type, actor, data)
    select ${storeId}, e."itemId", e.type, e.actor, e.data
    from json_to_recordset(${JSON.stringify(entries)}::json)
      as e("itemId" bigint, type text, actor jsonb, data jsonb)`);
}

/** The import's own effects: one platform sync for the store, one summary email. */
export async function writeImportEffects(
  tx: Db,
  storeId: number,
  effects: Array<{ type: 'push-state' | 'notify-owner'; payload: OutboxPayload }>,
) {
  if (effects.length === 0) return [];
  return tx
    .insert(outbox)
    .values(effects.map((e) => ({ storeId, itemId: null, type: e.type, payload: e.payload })))
    .returning({ id: outbox.id, storeId: outbox.storeId, type: outbox.type });
}

export async function logImport(tx: Db, storeId: number, entry: EventWrite): Promise<void> {
  await tx.insert(events).values({ storeId, ...entry });
}

export async function markApplied(
  tx: Db,
  id: string,
  result: Record<string, number>,
  counts: { changed: number; unchanged: number },
): Promise<void> {
  await tx
    .update(imports)
    .set({
      status: 'applied',
      result,
      changedRows: counts.changed,
      unchangedRows: counts.unchanged,
      progress: 100,
      updatedAt: sql`now()`,
    })
    .where(and(eq(imports.id, id), eq(imports.status, 'applying')));
}
