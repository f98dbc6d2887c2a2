/**
 * Imports as the merchant follows them: created with an upload, parsing with progress, a preview,
 * failed or discarded, and their errors page by page. What a parse stages lives in
 * import-staging.repo.ts; the preview's figures in import-preview.repo.ts.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ImportError } from '../contract/admin-api';
import { selectRows, type Db } from './client';
import { clearStaged } from './import-staging.repo';
import { imports } from './schema';

export type ImportRow = typeof imports.$inferSelect;
export type ImportStatus = ImportRow['status'];

/**
 * Records a new import, parsing. With `room`, in one transaction with making room for it: a store
 * holds at most `room.held` imports being read or waiting for review (`parsing`, `preview`), each
 * with its staged rows, so the oldest beyond that are discarded, `room.replaced` saying why. Uploads
 * of one store take turns here, so two at once cannot both keep the others. Answers the import and
 * those discarded, with the status each had (the caller removes what they left).
 */
export async function createImport(
  db: Db,
  values: { id: string; storeId: number; fileName: string },
  room?: { held: number; replaced: { code: string; message: string } },
): Promise<{ row: ImportRow; dropped: Array<{ id: string; status: ImportStatus }> }> {
  return db.transaction(async (tx) => {
    const dropped = room ? await makeRoom(tx, values.storeId, room.held, room.replaced) : [];
    const [row] = await tx
      .insert(imports)
      .values({ ...values, status: 'parsing' })
      .returning();
    return { row: row!, dropped };
  });
}

export async function getImport(db: Db, storeId: number, id: string): Promise<ImportRow | undefined> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.storeId, storeId), eq(imports.id, id)));
  return row;
}

async function makeRoom(tx: Db, storeId: number, held: number, replaced: { code: string; message: string }) {
  // `no key update`: it does not hold back the store's other writes (their foreign keys).
  await tx.execute(sql`select id from stores where id = ${storeId} for no key update`);
  // Only the imports it discards are locked: one being read keeps reporting its progress. The status
  // answered is the one read first; a parse finishing meanwhile leaves a staging table, which the
  // minute sweep drops (`dropOrphanedStaging`).
  return selectRows<{ id: string; status: ImportStatus }>(
    tx,
    sql`with over as (
          select id, status from imports
          where store_id = ${storeId} and status in ('parsing', 'preview')
          order by created_at desc, id desc offset ${Math.max(0, held - 1)}
        )
        update imports set status = 'discarded', failure = ${JSON.stringify(replaced)}::jsonb, updated_at = now()
        from over where imports.id = over.id and imports.status in ('parsing', 'preview')
        returning imports.id, over.status`,
  );
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
 * Discards previews left unconfirmed for `days` (one store's, or every store's when `storeId` is
 * undefined) and removes what they staged, so an abandoned million-row preview does not hold its
 * rows forever. Returns their ids.
 */
export async function expireStalePreviews(
  db: Db,
  storeId: number | undefined,
  days: number,
): Promise<string[]> {
  const stale = await db
    .update(imports)
    .set({ status: 'discarded', failure: null, updatedAt: sql`now()` })
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
          update imports set status = 'discarded', failure = null, updated_at = now()
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

/**
 * Removes up to `limit` imports finished (applied, discarded, failed) more than `days` ago, with their
 * errors. Each store keeps its newest applied import: the Overview's setup checklist reads it.
 * Returns how many went.
 */
export async function pruneFinishedImports(db: Db, days: number, limit: number): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`with old as (
          select i.id from imports i
          where i.status in ('applied', 'discarded', 'failed')
            and i.updated_at < now() - make_interval(days => ${days})
            and not (i.status = 'applied' and not exists (
              select 1 from imports n
              where n.store_id = i.store_id and n.status = 'applied' and (n.created_at, n.id) > (i.created_at, i.id)))
          order by i.updated_at limit ${limit}
        ), gone as (
          delete from imports using old where imports.id = old.id returning 1
        )
        select count(*)::int as n from gone`,
  );
  return row?.n ?? 0;
}

/** The status of each of these imports that exists (any store's: the upload folder is shared). */
export async function importStatuses(db: Db, ids: string[]): Promise<Map<string, ImportStatus>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: imports.id, status: imports.status })
    .from(imports)
    .where(inArray(imports.id, ids));
  return new Map(rows.map((r) => [r.id, r.status]));
}
