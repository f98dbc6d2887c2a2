/**
 * Import jobs, their staged rows and their errors. A parsed file lives in a staging table of its own
 * (see `openStaging`) and in `import_errors` until it is confirmed or discarded, so no step holds a
 * whole file in memory. Errors travel as one JSON parameter (`json_to_recordset`), which PostgreSQL
 * and PGlite read the same way.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import { STAGED_COLUMNS, type ImportError, type StagedRow } from '../csv/import-row';
import { selectRows, type Db } from './client';
import { createAndCopy, type CopySink } from './copy';
import { importErrors, imports } from './schema';

export type ImportRow = typeof imports.$inferSelect;
export type ImportStatus = ImportRow['status'];

export async function createImport(
  db: Db,
  values: { id: string; storeId: number; fileName: string },
): Promise<ImportRow> {
  const [row] = await db
    .insert(imports)
    .values({ ...values, status: 'parsing' })
    .returning();
  return row!;
}

export async function getImport(db: Db, storeId: number, id: string): Promise<ImportRow | undefined> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.storeId, storeId), eq(imports.id, id)));
  return row;
}

/** Records a parse's progress; false when the import is no longer parsing (discarded meanwhile). */
export async function setProgress(db: Db, id: string, progress: number): Promise<boolean> {
  const done = await db
    .update(imports)
    .set({ progress, updatedAt: sql`now()` })
    .where(and(eq(imports.id, id), eq(imports.status, 'parsing')))
    .returning({ id: imports.id });
  return done.length === 1;
}

/**
 * Discards the store's previews left unconfirmed for `days` and removes what they staged, so an
 * abandoned million-row preview does not hold its rows forever. Returns their ids.
 */
/** Discards previews left unconfirmed for `days`: one store's, or every store's (`storeId` undefined). */
export async function expireStalePreviews(
  db: Db,
  storeId: number | undefined,
  days: number,
): Promise<string[]> {
  const stale = await db
    .update(imports)
    .set({ status: 'discarded', updatedAt: sql`now()` })
    .where(
      and(
        storeId === undefined ? undefined : eq(imports.storeId, storeId),
        eq(imports.status, 'preview'),
        sql`${imports.updatedAt} < now() - make_interval(days => ${days})`,
      ),
    )
    .returning({ id: imports.id });
  for (const { id } of stale) await clearStaged(db, id);
  return stale.map((r) => r.id);
}

/**
 * A parse stages its rows in a table of their own, `import_rows_<id>`: unlogged and without indexes,
 * filled by one COPY, so a million rows land in about as long as it takes to read them, and dropped
 * whole when the import is confirmed or discarded (no million-row DELETE). Its columns are the
 * file's values as read: the match to items by SKU is made by the statements below.
 */
export function stagingTableOf(importId: string): string {
  return `"import_rows_${hexOf(importId)}"`;
}

/**
 * The preview's match, `import_match_<id>`: per staged row, the item it matched and whether it
 * changes it, as they were when the preview was made. Confirm applies exactly these rows to exactly
 * these items, so a row the preview showed as unchanged stays untouched whatever happened since.
 */
export function matchTableOf(importId: string): string {
  return `"import_match_${hexOf(importId)}"`;
}

function hexOf(importId: string): string {
  const hex = importId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not an import id: ${importId}`);
  return hex;
}

/** Creates the empty staging table and opens a COPY into it. */
export async function openStaging(db: Db, importId: string): Promise<CopySink> {
  const table = stagingTableOf(importId);
  return createAndCopy(
    db,
    `create unlogged table ${table} (
      "row" int not null, sku text not null, stock int, threshold int, incoming_stock int,
      back_in_stock_date date, clear_date bool not null, enabled bool, valid bool not null)`,
    `${table} (${STAGED_COLUMNS})`,
  );
}

/** Removes what a parse staged (before a retried parse starts again, or once it is no longer needed). */
export async function clearStaged(db: Db, id: string): Promise<void> {
  await db.execute(sql.raw(`drop table if exists ${stagingTableOf(id)}, ${matchTableOf(id)}`));
  await db.delete(importErrors).where(eq(importErrors.importId, id));
}

export async function insertErrors(db: Db, importId: string, errors: ImportError[]): Promise<void> {
  if (errors.length === 0) return;
  await db.execute(sql`
    insert into import_errors (import_id, "row", "column", value, reason)
    select ${importId}, e."row", e."column", e.value, e.reason
    from json_to_recordset(${JSON.stringify(errors)}::json) as e("row" int, "column" text, value text, reason text)`);
}

/**
 * Drops staging tables whose import no longer needs them (its store uninstalled, its process gone
 * before it could clean up). Returns how many.
 */
export async function dropOrphanedStaging(db: Db): Promise<number> {
  const orphans = await selectRows<{ id: string }>(
    db,
    sql`select t.tablename as id from pg_tables t
        where t.schemaname = current_schema() and t.tablename ~ '^import_(rows|match)_[0-9a-f]{32}$'
          and not exists (
            select 1 from imports i
            where replace(i.id, '-', '') = substring(t.tablename from '([0-9a-f]{32})$')
              and i.status in ('parsing', 'preview', 'applying'))`,
  );
  for (const { id } of orphans) await db.execute(sql.raw(`drop table if exists "${id}"`));
  return orphans.length;
}

/**
 * A staged row's SKU as an error shows it: cut at 100 characters like every other cell an error
 * quotes (`shown` in import-row.ts). A file of a few megabyte-long SKUs must not become errors and a
 * preview of hundreds of megabytes.
 */
const shownSku = (alias: 's' | 'd') =>
  sql.raw(`(case when length(${alias}.sku) > 100 then left(${alias}.sku, 100) || '…' else ${alias}.sku end)`);

/** A staged row `s` that would change its item `i`: a valid row with a value that differs. */
const CHANGES = sql.raw(`s.valid and (
  (s.stock is not null and s.stock <> i.stock)
  or (s.threshold is not null and s.threshold <> i.threshold)
  or (s.incoming_stock is not null and s.incoming_stock <> i.incoming_stock)
  or (s.back_in_stock_date is not null and s.back_in_stock_date is distinct from i.back_in_stock_date)
  or (s.clear_date and i.back_in_stock_date is not null)
  or (s.enabled is not null and s.enabled <> i.enabled))`);

/**
 * Matches the staged rows to the store's assigned items by SKU, keeps the match (`matchTableOf`) and
 * counts the rows that would change an item. Every row matching exactly one assigned item is the
 * common case and costs one join; otherwise each row whose SKU matches none, or several, gets an
 * error naming it (and the import cannot be confirmed).
 */
export async function matchStaged(
  db: Db,
  storeId: number,
  importId: string,
  staged: number,
  skuColumn: string,
): Promise<{ toChange: number }> {
  const table = sql.raw(stagingTableOf(importId));
  const match = sql.raw(matchTableOf(importId));
  await db.transaction(async (tx) => {
    // Costed as it is, sending a million rows from parallel workers to the one writing the table
    // looks dear and the planner joins alone: 1.0–1.3 s. Told it is cheap, 0.7 s (measured).
    await tx.execute(sql`set local parallel_tuple_cost = 0`);
    await tx.execute(sql`set local parallel_setup_cost = 0`);
    await tx.execute(sql`
      create unlogged table ${match} as
      select s."row", i.id as item_id, coalesce(${CHANGES}, false) as changed
      from ${table} s left join items i on i.store_id = ${storeId} and i.sku = s.sku and i.tracked`);
  });
  const [fast] = await selectRows<{ joined: number; matched: number; changed: number }>(
    db,
    sql`select count(*)::int as joined, count(item_id)::int as matched,
               (count(*) filter (where changed))::int as changed
        from ${match}`,
  );
  if (fast!.joined === staged && fast!.matched === staged) return { toChange: fast!.changed };

  await db.execute(sql`
    with m as (
      select i.sku, count(*) filter (where i.tracked) as tracked, count(*) as total
      from items i where i.store_id = ${storeId} and i.sku in (select sku from ${table})
      group by i.sku
    )
    insert into import_errors (import_id, "row", "column", value, reason)
    select ${importId}, s."row", ${skuColumn}, ${shownSku('s')}, 'SKU "' || ${shownSku('s')} || '" ' ||
           case when m.total is null
                then 'is not the SKU of any item assigned to Backorder; assign its product first, or check the spelling'
                when m.tracked = 0
                then 'belongs to a product that is no longer assigned to Backorder; assign it again first'
                else 'matches ' || m.tracked || ' assigned items; give each variant its own SKU in BigCommerce'
           end
    from ${table} s left join m on m.sku = s.sku
    where coalesce(m.tracked, 0) <> 1`);
  const [exact] = await selectRows<{ changed: number }>(
    db,
    sql`with m as (
          select sku, min(id) as id from items
          where store_id = ${storeId} and tracked and sku in (select sku from ${table})
          group by sku having count(*) = 1
        )
        select (count(*) filter (where ${CHANGES}))::int as changed
        from ${table} s join m on m.sku = s.sku join items i on i.id = m.id`,
  );
  return { toChange: exact!.changed };
}

/**
 * Records an error for every row whose SKU (of one assigned item) an earlier row already names.
 * `candidates` are rows whose SKUs the parse found repeated, or thought it did (see RepeatFinder);
 * null checks every row.
 */
export async function flagRepeats(
  db: Db,
  storeId: number,
  importId: string,
  skuColumn: string,
  candidates: number[] | null,
): Promise<void> {
  if (candidates?.length === 0) return;
  const table = sql.raw(stagingTableOf(importId));
  const named = candidates
    ? sql`where sku in (
            select sku from ${table}
            where "row" in (select jsonb_array_elements_text(${JSON.stringify(candidates)}::jsonb)::int))`
    : sql``;
  // Only a SKU of one assigned item is a repeat (any other is already an error of its own); looked
  // up once a repeated SKU, not once a row: one SKU on millions of rows is one lookup.
  await db.execute(sql`
    with d as (
      select "row", sku, min("row") over (partition by sku) as first from ${table} ${named}
    ), assigned as (
      select r.sku from (select distinct sku from d where "row" <> first) r
      where (select count(*) from items i where i.store_id = ${storeId} and i.sku = r.sku and i.tracked) = 1
    )
    insert into import_errors (import_id, "row", "column", value, reason)
    select ${importId}, d."row", ${skuColumn}, ${shownSku('d')},
           'appears more than once in the file (first on row ' || d.first || '); keep one row per SKU'
    from d join assigned a on a.sku = d.sku
    where d."row" <> d.first`);
}

/**
 * Rows counted as changes (matched to exactly one item, a value differs) that have an error too (a
 * repeated SKU, a quote problem): they are error rows, not changes, so that a preview's changes,
 * unchanged rows and error rows add up. A row matching several items was never counted as a change.
 */
export async function changesWithErrors(db: Db, importId: string): Promise<number> {
  const match = sql.raw(matchTableOf(importId));
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (
          select m."row" from ${match} m
          where m."row" in (select "row" from import_errors where import_id = ${importId})
          group by m."row"
          having count(*) = 1 and bool_or(m.changed)
        ) c`,
  );
  return row!.n;
}

export interface ItemValues {
  stock: number;
  threshold: number;
  incomingStock: number;
  backInStockDate: string | null;
  enabled: boolean;
}

export interface PreviewChange {
  row: number;
  sku: string;
  itemId: number;
  before: ItemValues;
  after: ItemValues;
}

export interface Summary {
  errorCount: number;
  errorRows: number;
  errors: ImportError[];
  changes: PreviewChange[];
}

/** The import's error counts, and its first errors and changes in row order, as the preview shows them. */
export async function summarise(
  db: Db,
  storeId: number,
  importId: string,
  preview: { early: StagedRow[]; toChange: number; limit: number },
): Promise<Summary> {
  const { early, toChange, limit } = preview;
  const [[errors], first, changes] = await Promise.all([
    selectRows<{ n: number; rows: number }>(
      db,
      sql`select count(*)::int as n, count(distinct "row")::int as rows
          from import_errors where import_id = ${importId}`,
    ),
    selectRows<ImportError>(
      db,
      sql`select "row", "column", value, reason from import_errors
          where import_id = ${importId} order by "row", id limit ${limit}`,
    ),
    firstChanges(db, storeId, importId, early, toChange, limit),
  ]);
  return {
    errorCount: errors?.n ?? 0,
    errorRows: errors?.rows ?? 0,
    errors: first,
    changes: changes.map(asChange),
  };
}

/**
 * The first `limit` changes by row. Looked for among the file's first rows, which the parse kept
 * (`early`), with a lookup per row: a join over the whole staging table, sorted to show a hundred
 * rows, would cost more than the rest of the preview. Only when those rows hold too few of the
 * changes is the staging table searched.
 */
async function firstChanges(
  db: Db,
  storeId: number,
  importId: string,
  early: StagedRow[],
  toChange: number,
  limit: number,
) {
  const wanted = Math.min(limit, toChange);
  if (wanted === 0) return [];
  // The kept rows under the staging table's column names, so one `CHANGES` serves both.
  const rows = early.map((r) => ({
    row: r.row,
    sku: r.sku,
    stock: r.stock,
    threshold: r.threshold,
    incoming_stock: r.incomingStock,
    back_in_stock_date: r.backInStockDate,
    clear_date: r.clearDate,
    enabled: r.enabled,
    valid: r.valid,
  }));
  const search = (from: SQL) =>
    selectRows<Record<string, unknown>>(
      db,
      sql`select s."row", s.sku, i.id::float8 as "itemId", ${BEFORE_AFTER}
          from ${from} join lateral (${soleItem(storeId)}) i on true
          where ${CHANGES}
          order by s."row" limit ${limit}`,
    );
  const found = await search(
    sql`json_to_recordset(${JSON.stringify(rows)}::json) as s(
          "row" int, sku text, stock int, threshold int, incoming_stock int,
          back_in_stock_date date, clear_date bool, enabled bool, valid bool)`,
  );
  if (found.length >= wanted) return found;
  return search(sql`${sql.raw(stagingTableOf(importId))} s`);
}

/** The one assigned item with `s.sku`, if there is exactly one (`offset 0`: a lookup per row). */
const soleItem = (storeId: number) => sql`
  select i.* from items i
  where i.store_id = ${storeId} and i.sku = s.sku and i.tracked
    and not exists (select 1 from items j
                    where j.store_id = i.store_id and j.sku = i.sku and j.tracked and j.id <> i.id)
  offset 0`;

const BEFORE_AFTER = sql.raw(`i.stock, i.threshold, i.incoming_stock as "incomingStock",
  i.back_in_stock_date::text as "backInStockDate", i.enabled,
  s.stock as "newStock", s.threshold as "newThreshold", s.incoming_stock as "newIncoming",
  s.back_in_stock_date::text as "newDate", s.clear_date as "clearDate", s.enabled as "newEnabled"`);

function asChange(r: Record<string, unknown>): PreviewChange {
  const before: ItemValues = {
    stock: r.stock as number,
    threshold: r.threshold as number,
    incomingStock: r.incomingStock as number,
    backInStockDate: (r.backInStockDate as string | null) ?? null,
    enabled: r.enabled as boolean,
  };
  const after: ItemValues = {
    stock: (r.newStock as number | null) ?? before.stock,
    threshold: (r.newThreshold as number | null) ?? before.threshold,
    incomingStock: (r.newIncoming as number | null) ?? before.incomingStock,
    backInStockDate: r.clearDate ? null : ((r.newDate as string | null) ?? before.backInStockDate),
    enabled: (r.newEnabled as boolean | null) ?? before.enabled,
  };
  return { row: r.row as number, sku: r.sku as string, itemId: r.itemId as number, before, after };
}

/** Moves a parsing import to `preview`; false when it was discarded meanwhile. */
export async function finishPreview(
  db: Db,
  id: string,
  values: Pick<
    ImportRow,
    'totalRows' | 'changedRows' | 'unchangedRows' | 'errorCount' | 'errors' | 'changes'
  >,
): Promise<boolean> {
  const done = await db
    .update(imports)
    .set({ ...values, status: 'preview', progress: 100, updatedAt: sql`now()` })
    .where(and(eq(imports.id, id), eq(imports.status, 'parsing')))
    .returning({ id: imports.id });
  return done.length === 1;
}

export async function failImport(db: Db, id: string, failure: { code: string; message: string }) {
  const done = await db
    .update(imports)
    .set({ status: 'failed', failure, updatedAt: sql`now()` })
    .where(and(eq(imports.id, id), eq(imports.status, 'parsing')))
    .returning({ id: imports.id });
  return done.length === 1;
}

/**
 * Discards an import that is not being or has not been applied, in one statement: a confirm (which
 * claims `preview` the same way) or a parse finishing at that moment either goes first or finds it
 * discarded. Answers the status the import had: a discarded one was `parsing`, `preview` or
 * `failed` (or already `discarded`); `applying` and `applied` ones are kept. Undefined when the
 * store has no such import.
 */
export async function discardImport(db: Db, storeId: number, id: string): Promise<ImportStatus | undefined> {
  const [row] = await selectRows<{ status: ImportStatus }>(
    db,
    sql`with before as (
          select id, status from imports where id = ${id} and store_id = ${storeId} for update
        ), done as (
          update imports set status = 'discarded', updated_at = now()
          from before
          where imports.id = before.id and before.status in ('parsing', 'preview', 'failed')
        )
        select status from before`,
  );
  return row?.status;
}

/** One page of an import's errors in row order, after `(row, id)` (keyset). */
export async function errorPage(db: Db, importId: string, after: { row: number; id: number }, limit: number) {
  return selectRows<ImportError & { id: number }>(
    db,
    sql`select id::float8 as id, "row", "column", value, reason from import_errors
        where import_id = ${importId} and ("row", id) > (${after.row}, ${after.id})
        order by "row", id limit ${limit}`,
  );
}
