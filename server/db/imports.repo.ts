/**
 * Import jobs and their staged rows. A parsed file lives in `import_rows` (one row per file row,
 * matched to its item by SKU as it is staged) and `import_errors` until it is confirmed or
 * discarded, so no step holds a whole file in memory. Bulk statements pass their rows as one JSON
 * parameter (`json_to_recordset`), which PostgreSQL and PGlite read the same way.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ImportError, StagedRow } from '../csv/import-row';
import { selectRows, type Db } from './client';
import { importErrors, importRows, imports } from './schema';

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

export async function setProgress(db: Db, id: string, progress: number): Promise<void> {
  await db
    .update(imports)
    .set({ progress, updatedAt: sql`now()` })
    .where(and(eq(imports.id, id), eq(imports.status, 'parsing')));
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

/** Removes what a parse staged (before a retried parse starts again, or once it is no longer needed). */
export async function clearStaged(db: Db, id: string): Promise<void> {
  await db.delete(importRows).where(eq(importRows.importId, id));
  await db.delete(importErrors).where(eq(importErrors.importId, id));
}

export interface SkuProblem {
  row: number;
  sku: string;
  /** Assigned (tracked) items with this SKU, and items with it at all. */
  tracked: number;
  total: number;
}

/**
 * Stages parsed rows, each matched to the store's assigned item with its SKU and marked `changed`
 * when a valid row would change that item. Returns the rows whose SKU matched no assigned item,
 * or more than one.
 */
export async function stageRows(
  db: Db,
  storeId: number,
  importId: string,
  staged: StagedRow[],
): Promise<SkuProblem[]> {
  if (staged.length === 0) return [];
  const json = JSON.stringify(staged);
  return selectRows<SkuProblem>(
    db,
    sql`
      with x as (
        select x.*, m.item_id, m.tracked_n, m.total_n
        from json_to_recordset(${json}::json) as x(
          "row" int, sku text, stock int, threshold int, "incomingStock" int,
          "backInStockDate" date, "clearDate" bool, enabled bool, valid bool)
        left join lateral (
          select min(i.id) filter (where i.tracked) as item_id,
                 count(*) filter (where i.tracked) as tracked_n,
                 count(*) as total_n
          from items i where i.store_id = ${storeId} and i.sku = x.sku
        ) m on true
      ), staged as (
        insert into import_rows (import_id, "row", sku, item_id, stock, threshold, incoming_stock,
                                 back_in_stock_date, clear_date, enabled, changed)
        select ${importId}, x."row", x.sku, case when x.tracked_n = 1 then x.item_id end, x.stock,
               x.threshold, x."incomingStock", x."backInStockDate", x."clearDate", x.enabled,
               coalesce(x.valid and x.tracked_n = 1 and (
                 (x.stock is not null and x.stock <> i.stock)
                 or (x.threshold is not null and x.threshold <> i.threshold)
                 or (x."incomingStock" is not null and x."incomingStock" <> i.incoming_stock)
                 or (x."backInStockDate" is not null and x."backInStockDate" is distinct from i.back_in_stock_date)
                 or (x."clearDate" and i.back_in_stock_date is not null)
                 or (x.enabled is not null and x.enabled <> i.enabled)
               ), false)
        from x left join items i on i.id = x.item_id
      )
      select x."row", x.sku, x.tracked_n::int as tracked, x.total_n::int as total
      from x where x.tracked_n <> 1`,
  );
}

export async function insertErrors(db: Db, importId: string, errors: ImportError[]): Promise<void> {
  if (errors.length === 0) return;
  await db.execute(sql`
    insert into import_errors (import_id, "row", "column", value, reason)
    select ${importId}, e."row", e."column", e.value, e.reason
    from json_to_recordset(${JSON.stringify(errors)}::json) as e("row" int, "column" text, value text, reason text)`);
}

/** Fresh statistics for the staged rows, so confirming walks them in item order by index. */
export async function analyseStaged(db: Db): Promise<void> {
  await db.execute(sql`analyze import_rows`);
}

/** Records an error for every row whose item an earlier row of the file already names. */
export async function flagDuplicates(db: Db, importId: string, skuColumn: string): Promise<void> {
  await db.execute(sql`
    insert into import_errors (import_id, "row", "column", value, reason)
    select ${importId}, d."row", ${skuColumn}, d.sku,
           'appears more than once in the file (first on row ' || d.first || '); keep one row per SKU'
    from (
      select "row", sku, min("row") over (partition by item_id) as first
      from import_rows where import_id = ${importId} and item_id is not null
    ) d
    where d."row" <> d.first`);
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
  toChange: number;
  errorCount: number;
  errorRows: number;
  errors: ImportError[];
  changes: PreviewChange[];
}

export async function summarise(db: Db, importId: string, limit: number): Promise<Summary> {
  const [[changed], [errors], first, changes] = await Promise.all([
    selectRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from import_rows where import_id = ${importId} and changed`,
    ),
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
    selectRows<Record<string, unknown>>(
      db,
      sql`select r."row", r.sku, r.item_id::float8 as "itemId",
                 i.stock, i.threshold, i.incoming_stock as "incomingStock",
                 i.back_in_stock_date::text as "backInStockDate", i.enabled,
                 r.stock as "newStock", r.threshold as "newThreshold", r.incoming_stock as "newIncoming",
                 r.back_in_stock_date::text as "newDate", r.clear_date as "clearDate", r.enabled as "newEnabled"
          from import_rows r join items i on i.id = r.item_id
          where r.import_id = ${importId} and r.changed order by r."row" limit ${limit}`,
    ),
  ]);
  return {
    toChange: changed?.n ?? 0,
    errorCount: errors?.n ?? 0,
    errorRows: errors?.rows ?? 0,
    errors: first,
    changes: changes.map(toChange),
  };
}

function toChange(r: Record<string, unknown>): PreviewChange {
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
 * discarded. `discarded` when this call or an earlier one discarded it; else the status that kept it
 * (`applying`, `applied`); undefined when the store has no such import.
 */
export async function discardImport(db: Db, storeId: number, id: string): Promise<ImportStatus | undefined> {
  const done = await db
    .update(imports)
    .set({ status: 'discarded', updatedAt: sql`now()` })
    .where(
      and(
        eq(imports.id, id),
        eq(imports.storeId, storeId),
        inArray(imports.status, ['queued', 'parsing', 'preview', 'failed']),
      ),
    )
    .returning({ id: imports.id });
  if (done.length === 1) return 'discarded';
  return (await getImport(db, storeId, id))?.status;
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
