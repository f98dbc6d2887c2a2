/**
 * What a parse stages, and its match to items. A parsed file lives in a staging table of its own (see
 * `openStaging`) and in `import_errors` until it is confirmed or discarded, so no step holds a whole
 * file in memory. Errors travel as one JSON parameter (`json_to_recordset`), which PostgreSQL and
 * PGlite read the same way.
 */
import { eq, sql } from 'drizzle-orm';
import type { ImportError } from '../contract/admin-api';
import { STAGED_COLUMNS } from '../csv/staged-lines';
import { selectRows, type Db } from './client';
import { createAndCopy, type CopySink } from './copy';
import { importErrors } from './schema';

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

/**
 * A staged row `s` that would change its item `i`: a valid row with a value that differs. The stock
 * cell is a count on the shelf, so it is compared with the item's shelf count, not its signed stock:
 * a count pays the units owed first, so counting the same shelf again would pay them twice (see
 * `onOnHand`). An exported file imported unchanged changes nothing. (The shelf is written as a
 * `case`, not `greatest(i.stock, 0)`: greatest skips a null, and a row matching no item is no change.)
 */
export const CHANGES = sql.raw(`s.valid and (
  (s.stock is not null and s.stock <> (case when i.stock < 0 then 0 else i.stock end))
  or (s.threshold is not null and s.threshold <> i.threshold)
  or (s.incoming_stock is not null and s.incoming_stock <> i.incoming_stock)
  or (s.back_in_stock_date is not null and s.back_in_stock_date is distinct from i.back_in_stock_date)
  or (s.clear_date and i.back_in_stock_date is not null)
  or (s.enabled is not null and s.enabled <> i.enabled))`);

/**
 * Matches the staged rows to the store's assigned items by SKU, keeps the match (`matchTableOf`) and
 * counts the rows that would change an item. Every row matching exactly one assigned item is the
 * common case and costs one join; otherwise each row whose SKU matches none, or several, has an
 * error naming it (and the import cannot be confirmed): all are counted (`errors`, and `validRows`,
 * those on rows without an error of their own yet), the first `keep` by row are recorded. SKUs match
 * exactly; a row whose SKU matches none is looked up once more without case, in the same statement,
 * so its error can suggest the assigned SKU it probably means ("abc-1": did you mean "ABC-1"?).
 */
export async function matchStaged(
  db: Db,
  storeId: number,
  importId: string,
  staged: number,
  skuColumn: string,
  keep: number,
): Promise<{ toChange: number; errors: number; validRows: number }> {
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
  if (fast!.joined === staged && fast!.matched === staged)
    return { toChange: fast!.changed, errors: 0, validRows: 0 };

  const [unmatched] = await selectRows<{ errors: number; validRows: number }>(
    db,
    sql`
    with m as (
      select i.sku, count(*) filter (where i.tracked) as tracked, count(*) as total
      from items i where i.store_id = ${storeId} and i.sku in (select sku from ${table})
      group by i.sku
    ), bad as (
      select s."row", s.valid, s.sku, ${shownSku('s')} as shown, m.tracked, m.total
      from ${table} s left join m on m.sku = s.sku
      where coalesce(m.tracked, 0) <> 1
    ), near as (
      select lower(i.sku) as k, string_agg(distinct i.sku, '" or "' order by i.sku) as skus
      from items i
      where i.store_id = ${storeId} and i.tracked
        and lower(i.sku) in (select lower(sku) from bad where total is null)
      group by lower(i.sku)
    ), kept as (
      insert into import_errors (import_id, "row", "column", value, reason)
      select ${importId}, bad."row", ${skuColumn}, bad.shown, 'SKU "' || bad.shown || '" ' ||
             case when bad.total is null and near.skus is not null
                  then 'is not the SKU of any item assigned to Backorder; did you mean "' || near.skus ||
                       '"? SKUs must match exactly, capital letters included'
                  when bad.total is null
                  then 'is not the SKU of any item assigned to Backorder; assign its product first, or check the spelling'
                  when bad.tracked = 0
                  then 'belongs to a product that is no longer assigned to Backorder; assign it again first'
                  else 'matches ' || bad.tracked || ' assigned items; give each variant its own SKU in BigCommerce'
             end
      from bad left join near on bad.total is null and near.k = lower(bad.sku)
      order by bad."row" limit ${keep}
      returning 1
    )
    select count(*)::int as errors, (count(*) filter (where valid))::int as "validRows" from bad`,
  );
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
  return { toChange: exact!.changed, errors: unmatched!.errors, validRows: unmatched!.validRows };
}

/**
 * Finds every row whose SKU (of one assigned item) an earlier row already names: all are counted
 * (`errors`; `validRows`, those on rows without an error of their own; `changed`, those the match
 * counted as changes, which they are not), the first `keep` by row are recorded. `candidates` are
 * rows whose SKUs the parse found repeated, or thought it did (see RepeatFinder); null checks every
 * row.
 */
export async function flagRepeats(
  db: Db,
  storeId: number,
  importId: string,
  skuColumn: string,
  candidates: number[] | null,
  keep: number,
): Promise<{ errors: number; validRows: number; changed: number }> {
  if (candidates?.length === 0) return { errors: 0, validRows: 0, changed: 0 };
  const table = sql.raw(stagingTableOf(importId));
  const match = sql.raw(matchTableOf(importId));
  const named = candidates
    ? sql`where sku in (
            select sku from ${table}
            where "row" in (select jsonb_array_elements_text(${JSON.stringify(candidates)}::jsonb)::int))`
    : sql``;
  // Only a SKU of one assigned item is a repeat (any other is already an error of its own); looked
  // up once a repeated SKU, not once a row: one SKU on millions of rows is one lookup.
  const [found] = await selectRows<{ errors: number; validRows: number; changed: number }>(
    db,
    sql`
    with d as (
      select "row", sku, valid, min("row") over (partition by sku) as first from ${table} ${named}
    ), assigned as (
      select r.sku from (select distinct sku from d where "row" <> first) r
      where (select count(*) from items i where i.store_id = ${storeId} and i.sku = r.sku and i.tracked) = 1
    ), rep as (
      select d."row", d.first, d.valid, ${shownSku('d')} as shown
      from d join assigned a on a.sku = d.sku
      where d."row" <> d.first
    ), kept as (
      insert into import_errors (import_id, "row", "column", value, reason)
      select ${importId}, rep."row", ${skuColumn}, rep.shown,
             'appears more than once in the file (first on row ' || rep.first || '); keep one row per SKU'
      from rep order by rep."row" limit ${keep}
      returning 1
    )
    select count(*)::int as errors, (count(*) filter (where valid))::int as "validRows",
           (select count(*)::int from rep join ${match} m on m."row" = rep."row" where m.changed) as changed
    from rep`,
  );
  return found!;
}

/** Keeps the import's first `keep` errors by row (each step recorded at most that many of its own). */
export async function keepFirstErrors(db: Db, importId: string, keep: number): Promise<void> {
  await db.execute(sql`
    delete from import_errors where id in (
      select id from import_errors where import_id = ${importId} order by "row", id offset ${keep})`);
}
