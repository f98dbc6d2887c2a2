/**
 * What a preview shows of a parsed import: its first errors and changes in row order, each change
 * with the item's product name and its values before and after. (Its counts are the parse's:
 * `stage-import.use-case.ts`.)
 */
import { sql, type SQL } from 'drizzle-orm';
import type { ImportChange, ImportError, ImportValues } from '../contract/admin-api';
import type { StagedRow } from '../csv/import-row';
import { selectRows, type Db } from './client';
import { CHANGES, stagingTableOf } from './import-staging.repo';

export interface Summary {
  errors: ImportError[];
  changes: ImportChange[];
}

/** The import's first errors and changes in row order, as the preview shows them. */
export async function summarise(
  db: Db,
  storeId: number,
  importId: string,
  preview: { early: StagedRow[]; toChange: number; limit: number },
): Promise<Summary> {
  const { early, toChange, limit } = preview;
  const [errors, changes] = await Promise.all([
    selectRows<ImportError>(
      db,
      sql`select "row", "column", value, reason from import_errors
          where import_id = ${importId} order by "row", id limit ${limit}`,
    ),
    firstChanges(db, storeId, importId, early, toChange, limit),
  ]);
  return { errors, changes: changes.map(asChange) };
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
      sql`select s."row", s.sku, i.id::float8 as "itemId", i.name, ${BEFORE_AFTER}
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

/** The item's values, and the file's as the apply will make them: a shelf count less the units owed. */
const BEFORE_AFTER = sql.raw(`i.stock, i.threshold, i.incoming_stock as "incomingStock",
  i.back_in_stock_date::text as "backInStockDate", i.enabled,
  s.stock - greatest(-i.stock, 0) as "newStock",
  s.threshold as "newThreshold", s.incoming_stock as "newIncoming",
  s.back_in_stock_date::text as "newDate", s.clear_date as "clearDate", s.enabled as "newEnabled"`);

function asChange(r: Record<string, unknown>): ImportChange {
  const before: ImportValues = {
    stock: r.stock as number,
    threshold: r.threshold as number,
    incomingStock: r.incomingStock as number,
    backInStockDate: (r.backInStockDate as string | null) ?? null,
    enabled: r.enabled as boolean,
  };
  const after: ImportValues = {
    stock: (r.newStock as number | null) ?? before.stock,
    threshold: (r.newThreshold as number | null) ?? before.threshold,
    incomingStock: (r.newIncoming as number | null) ?? before.incomingStock,
    backInStockDate: r.clearDate ? null : ((r.newDate as string | null) ?? before.backInStockDate),
    enabled: (r.newEnabled as boolean | null) ?? before.enabled,
  };
  return {
    row: r.row as number,
    sku: r.sku as string,
    itemId: r.itemId as number,
    name: r.name as string,
    before,
    after,
  };
}
