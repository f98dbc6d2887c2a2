/**
 * Parse an uploaded import file into a preview: stream its records, check every cell, stage the rows
 * (matched to items by SKU) and the errors in the database, flag SKUs named twice, then count what
 * would change. Problems with the file as a whole (not text, no sku column, an unclosed quote that
 * swallows the file) fail the import with one message; problems in rows become errors that block
 * confirming. Safe to run again: a retry starts from a clean slate.
 */
import { rm, stat } from 'node:fs/promises';
import { mapColumns, type ColumnMap } from '../csv/columns';
import { readRow, type ImportError, type StagedRow } from '../csv/import-row';
import { IMPORT_LIMITS, uploadPath } from '../csv/limits';
import { FileProblem, readCsvRecords } from '../csv/reader';
import type { Db } from '../db/client';
import {
  analyseStaged,
  clearStaged,
  expireStalePreviews,
  failImport,
  finishPreview,
  flagDuplicates,
  getImport,
  insertErrors,
  setProgress,
  stageRows,
  summarise,
  type SkuProblem,
} from '../db/imports.repo';

export interface StageImportDeps {
  db: Db;
  dataDir: string;
  limits?: Partial<typeof IMPORT_LIMITS>;
}

export type StageOutcome = 'preview' | 'failed' | 'skipped';

export async function stageImport(
  deps: StageImportDeps,
  storeId: number,
  importId: string,
  reportProgress: (percent: number) => Promise<void> = async () => undefined,
): Promise<StageOutcome> {
  const { db } = deps;
  const limits = { ...IMPORT_LIMITS, ...deps.limits };
  const current = await getImport(db, storeId, importId);
  if (current?.status !== 'parsing') return 'skipped';
  await expireStalePreviews(db, storeId, limits.previewDays);
  await clearStaged(db, importId);
  const file = uploadPath(deps.dataDir, importId);
  const size = await stat(file).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) {
    await failImport(db, importId, {
      code: 'file_missing',
      message: 'The uploaded file is no longer there; upload it again.',
    });
    return 'failed';
  }

  let map: ColumnMap | null = null;
  let rowCount = 0;
  let shown = 0;
  const staged: StagedRow[] = [];
  const errors: ImportError[] = [];
  // Two batches in flight: the database stages one while the next is parsed (and uses both cores).
  const inflight: Array<Promise<void>> = [];
  const flush = async () => {
    const [rows, found, columns] = [staged.splice(0), errors.splice(0), map!];
    const writing = stageRows(db, storeId, importId, rows).then((problems) =>
      insertErrors(db, importId, [...found, ...problems.map((p) => skuError(p, columns))]),
    );
    writing.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    inflight.push(writing);
    if (inflight.length >= 2) await inflight.shift();
  };
  const settle = async () => {
    const results = await Promise.allSettled(inflight.splice(0));
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  };
  const progress = async (percent: number) => {
    if (percent < shown + 2) return;
    shown = percent;
    await Promise.all([reportProgress(percent), setProgress(db, importId, percent)]);
  };

  try {
    for await (const batch of readCsvRecords(file, { maxRecordChars: limits.maxRecordChars })) {
      for (const p of batch.problems) errors.push({ row: p.row, column: '', value: '', reason: p.reason });
      for (const [i, cells] of batch.records.entries()) {
        const row = batch.firstRow + i;
        if (!map) {
          const mapped = mapColumns(cells);
          if ('code' in mapped) return await fail(deps, importId, mapped);
          map = mapped;
          continue;
        }
        const result = readRow(cells, map, row);
        if (result.kind === 'blank') continue;
        rowCount++;
        if (result.staged) staged.push(result.staged);
        for (const e of result.errors) errors.push(e);
        if (staged.length >= limits.batchRows || errors.length >= limits.batchRows) await flush();
      }
      await progress(Math.floor((batch.bytesRead / Math.max(size, 1)) * 90));
    }
  } catch (err) {
    await Promise.allSettled(inflight);
    if (err instanceof FileProblem) return await fail(deps, importId, err);
    throw err;
  }
  if (!map) return fail(deps, importId, { code: 'empty_file', message: 'The file is empty.' });
  await flush();
  await settle();
  await analyseStaged(db);
  await flagDuplicates(db, importId, map.names[map.index.sku!]!);
  const summary = await summarise(db, importId, limits.previewLimit);
  const previewed = await finishPreview(db, importId, {
    totalRows: rowCount,
    changedRows: summary.toChange,
    unchangedRows: Math.max(0, rowCount - summary.toChange - summary.errorRows),
    errorCount: summary.errorCount,
    errors: summary.errors as unknown as Array<Record<string, unknown>>,
    changes: summary.changes as unknown as Array<Record<string, unknown>>,
  });
  await rm(file, { force: true });
  // Discarded while parsing: nothing staged may outlive it.
  if (!previewed) await clearStaged(db, importId);
  return previewed ? 'preview' : 'skipped';
}

async function fail(
  deps: StageImportDeps,
  importId: string,
  failure: { code: string; message: string },
): Promise<StageOutcome> {
  await clearStaged(deps.db, importId);
  await failImport(deps.db, importId, { code: failure.code, message: failure.message });
  await rm(uploadPath(deps.dataDir, importId), { force: true });
  return 'failed';
}

function skuError(p: SkuProblem, map: ColumnMap): ImportError {
  const column = map.names[map.index.sku!]!;
  const reason =
    p.total === 0
      ? 'is not the SKU of any item assigned to Backorder; assign its product first, or check the spelling'
      : p.tracked === 0
        ? 'belongs to a product that is no longer assigned to Backorder; assign it again first'
        : `matches ${p.tracked} assigned items; give each variant its own SKU in BigCommerce`;
  return { row: p.row, column, value: p.sku, reason: `SKU "${p.sku}" ${reason}` };
}
