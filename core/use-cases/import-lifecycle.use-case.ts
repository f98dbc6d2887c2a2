/**
 * An import from the merchant's side: a file received onto disk and its parse queued; a confirmed
 * preview claimed and its apply queued; an import discarded; and what each leaves behind (the
 * staged rows, the uploaded file) dropped in one place.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { IMPORT_LIMITS, uploadPath } from '../csv/limits';
import { BOM, csvRow } from '../lib/csv';
import { receiveUpload, tooLarge } from '../csv/upload';
import type { Db } from '../db/client';
import { clearStaged } from '../db/import-staging.repo';
import {
  createImport,
  discardImport as markDiscarded,
  errorPage,
  failImport,
  type ImportStatus,
} from '../db/imports.repo';
import { conflict, notFound } from '../errors';
import { abandonApply, claimImport } from './confirm-import.use-case';

export interface ImportFilesDeps {
  db: Db;
  /** Uploads wait under `<dataDir>/imports/` for their parse job. */
  dataDir: string;
}

export interface ImportLifecycleDeps extends ImportFilesDeps {
  enqueueParse(storeId: number, importId: string): Promise<void>;
  /** Queues the apply of an import claimed at `claimedAt` (see `claimImport`). */
  enqueueApply(storeId: number, importId: string, claimedAt: Date): Promise<void>;
}

/**
 * Takes an uploaded file (raw text/csv or the multipart field `file`) onto disk, records the import
 * and queues its parse. Answers the import's id. A file over the limit or not text is refused and
 * leaves nothing behind; an import whose parse cannot be queued fails with that reason.
 */
export async function startImport(
  deps: ImportLifecycleDeps,
  storeId: number,
  upload: { request: IncomingMessage; declaredBytes: number; fileName?: string },
): Promise<string> {
  if (upload.declaredBytes > IMPORT_LIMITS.maxBytes) throw tooLarge(IMPORT_LIMITS.maxBytes);
  const id = randomUUID();
  const file = uploadPath(deps.dataDir, id);
  await mkdir(`${deps.dataDir}/imports`, { recursive: true });
  const received = await receiveUpload(upload.request, file, IMPORT_LIMITS.maxBytes).catch(async (err) => {
    await rm(file, { force: true });
    throw err;
  });
  const { dropped } = await createImport(
    deps.db,
    { id, storeId, fileName: received.fileName || upload.fileName || 'upload.csv' },
    { held: IMPORT_LIMITS.heldPerStore, replaced: REPLACED },
  ).catch(async (err: unknown) => {
    await rm(file, { force: true });
    throw err;
  });
  for (const old of dropped) await dropDiscarded(deps, old.id, old.status);
  try {
    await deps.enqueueParse(storeId, id);
  } catch (err) {
    // No job will read it: say so on the import rather than leave it "parsing" forever.
    await failImport(deps.db, id, {
      code: 'unavailable',
      message: 'The upload could not be queued; try again.',
    });
    await rm(file, { force: true });
    throw err;
  }
  return id;
}

/** The merchant confirms a preview: it is claimed and its apply queued, or given back if it can't be. */
export async function requestApply(
  deps: ImportLifecycleDeps,
  storeId: number,
  importId: string,
): Promise<void> {
  const claimedAt = await claimImport(deps.db, storeId, importId);
  try {
    await deps.enqueueApply(storeId, importId, claimedAt);
  } catch (err) {
    await abandonApply(deps.db, importId).catch(() => undefined);
    throw err;
  }
}

/** Discards an import that is not being, or has not been, applied, with everything it left. */
export async function discardImport(deps: ImportFilesDeps, storeId: number, importId: string): Promise<void> {
  const status = await markDiscarded(deps.db, storeId, importId);
  if (!status) throw notFound('Import');
  if (status === 'applied') throw conflict('import_already_applied', 'This import has already been applied.');
  if (status === 'applying') throw conflict('import_not_ready', 'This import is being applied right now.');
  await dropDiscarded(deps, importId, status);
}

/** What an import just discarded leaves, by the status it had. */
async function dropDiscarded(deps: ImportFilesDeps, importId: string, status: ImportStatus): Promise<void> {
  // A file still being read is cleaned up by its parse, which stops at its next progress report;
  // dropping its staging table here would wait for the parse's COPY.
  if (status === 'parsing') await rm(uploadPath(deps.dataDir, importId), { force: true });
  else await dropImportLeftovers(deps, importId);
}

/** Why an import waiting for review was discarded by a newer upload (shown on it, and by its confirm). */
const REPLACED = {
  code: 'replaced',
  message: `This import was discarded when a newer file was uploaded: at most ${IMPORT_LIMITS.heldPerStore} imports wait to be reviewed at a time. Nothing of it was applied; upload it again if you still need it.`,
};

/** What an import leaves once it is done with, failed or discarded: its staged rows and its upload. */
export async function dropImportLeftovers(deps: ImportFilesDeps, importId: string): Promise<void> {
  await clearStaged(deps.db, importId);
  await rm(uploadPath(deps.dataDir, importId), { force: true });
}

/** Every error of an import as CSV (`row,column,value,reason`), in row order, page by page. */
export async function* importErrorsCsv(db: Db, importId: string): AsyncGenerator<string> {
  yield BOM + csvRow(['row', 'column', 'value', 'reason']);
  let after = { row: 0, id: 0 };
  for (;;) {
    const page = await errorPage(db, importId, after, 2_000);
    if (page.length === 0) return;
    yield page.map((e) => csvRow([e.row, e.column, e.value, e.reason])).join('');
    const last = page[page.length - 1]!;
    after = { row: last.row, id: last.id };
  }
}
