/**
 * CSV export and import: `GET /api/items/export.csv` streams every assigned item; `POST /api/imports`
 * takes a file (raw text/csv or multipart field `file`) onto disk and queues its parse; the merchant
 * polls `GET /api/imports/:id` for the preview, downloads `errors.csv`, then confirms or discards.
 * Mounted inside the admin router, behind its session: the store is always the session's, and
 * another store's import id answers 404.
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import type { Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { IMPORT_LIMITS, uploadPath } from '../core/csv/limits';
import { receiveUpload, tooLarge } from '../core/csv/upload';
import type { Db } from '../core/db/client';
import {
  clearStaged,
  createImport,
  discardImport,
  errorPage,
  failImport,
  getImport,
  type ImportRow,
} from '../core/db/imports.repo';
import { BOM, csvRow } from '../core/lib/csv';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { abandonApply, claimImport } from '../core/use-cases/confirm-import.use-case';
import { exportFileName, exportItemsCsv } from '../core/use-cases/export-items.use-case';
import { conflict, MustFixError, notFound } from '../core/errors';
import { parse } from './validation';

export interface ImportRouteDeps extends ApplyDeps {
  imports: {
    /** Uploads wait under `<dataDir>/imports/` for their parse job. */
    dataDir: string;
    enqueueParse(storeId: number, importId: string): Promise<void>;
    /** Queues the apply of an import claimed at `claimedAt` (see `claimImport`). */
    enqueueApply(storeId: number, importId: string, claimedAt: Date): Promise<void>;
    /** How far that apply job is, 0–100 (0 while it waits for a worker). */
    applyProgress(importId: string, claimedAt: Date): Promise<number>;
  };
}

const importId = z.uuid('is not an import id');
const fileNameQuery = z.object({ fileName: z.string().max(200).optional() });

export function importRoutes(deps: ImportRouteDeps): Router {
  const router = Router();

  router.get('/api/items/export.csv', async (req, res) => {
    const storeId = req.session!.storeId;
    const name = await exportFileName(deps.db, storeId, deps.clock());
    await sendCsv(res, name, exportItemsCsv(deps.db, storeId));
  });

  router.post('/api/imports', async (req, res) => {
    const storeId = req.session!.storeId;
    const query = parse(fileNameQuery, req.query);
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > IMPORT_LIMITS.maxBytes) throw tooLarge(IMPORT_LIMITS.maxBytes);
    const id = randomUUID();
    const file = uploadPath(deps.imports.dataDir, id);
    await mkdir(`${deps.imports.dataDir}/imports`, { recursive: true });
    let received;
    try {
      received = await receiveUpload(req, file, IMPORT_LIMITS.maxBytes);
    } catch (err) {
      await rm(file, { force: true });
      // The rest of a refused upload is not read: the connection closes after the answer.
      if (err instanceof MustFixError) res.set('connection', 'close');
      throw err;
    }
    const fileName = received.fileName || query.fileName || 'upload.csv';
    await createImport(deps.db, { id, storeId, fileName });
    try {
      await deps.imports.enqueueParse(storeId, id);
    } catch (err) {
      // No job will read it: say so on the import rather than leave it "parsing" forever.
      await failImport(deps.db, id, {
        code: 'unavailable',
        message: 'The upload could not be queued; try again.',
      });
      await rm(file, { force: true });
      throw err;
    }
    res.status(202).json({ id });
  });

  router.get('/api/imports/:id', async (req, res) => {
    const imp = await ownImport(deps.db, req.session!.storeId, req.params.id);
    // A parse records its progress on the import; an apply, one transaction, on its job.
    const progress =
      imp.status === 'parsing'
        ? imp.progress
        : imp.status === 'applying'
          ? await deps.imports.applyProgress(imp.id, imp.updatedAt)
          : 100;
    res.json(present(imp, progress));
  });

  router.get('/api/imports/:id/errors.csv', async (req, res) => {
    const imp = await ownImport(deps.db, req.session!.storeId, req.params.id);
    await sendCsv(res, `import-errors-${imp.id.slice(0, 8)}.csv`, errorsCsv(deps.db, imp));
  });

  router.post('/api/imports/:id/confirm', async (req, res) => {
    const storeId = req.session!.storeId;
    const id = parseId(req.params.id);
    const claimedAt = await claimImport(deps.db, storeId, id);
    try {
      await deps.imports.enqueueApply(storeId, id, claimedAt);
    } catch (err) {
      await abandonApply(deps.db, id).catch(() => undefined);
      throw err;
    }
    // Applied by the import job; GET /api/imports/:id shows `applied` and the counts when it is done.
    res.status(202).json({ id, status: 'applying' });
  });

  router.delete('/api/imports/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const status = await discardImport(deps.db, req.session!.storeId, id);
    if (!status) throw notFound('Import');
    if (status === 'applied')
      throw conflict('import_already_applied', 'This import has already been applied.');
    if (status === 'applying') throw conflict('import_not_ready', 'This import is being applied right now.');
    // A file still being read is cleaned up by its parse, which stops at its next progress report;
    // dropping its staging table here would wait for the parse's COPY.
    if (status !== 'parsing') await clearStaged(deps.db, id);
    await rm(uploadPath(deps.imports.dataDir, id), { force: true });
    res.status(204).end();
  });

  return router;
}

function parseId(raw: unknown): string {
  const result = importId.safeParse(raw);
  if (!result.success) throw notFound('Import');
  return result.data;
}

async function ownImport(db: Db, storeId: number, raw: unknown): Promise<ImportRow> {
  const imp = await getImport(db, storeId, parseId(raw));
  if (!imp) throw notFound('Import');
  return imp;
}

function present(imp: ImportRow, progress: number) {
  return {
    id: imp.id,
    status: imp.status,
    progress,
    fileName: imp.fileName,
    createdAt: imp.createdAt,
    ...(imp.status === 'preview' || imp.status === 'applying' || imp.status === 'applied'
      ? {
          preview: {
            rows: imp.totalRows,
            toChange: imp.changedRows,
            unchanged: imp.unchangedRows,
            errorCount: imp.errorCount,
            // Every row is a change, unchanged, or has errors (one or more).
            errorRows: Math.max(0, imp.totalRows - imp.changedRows - imp.unchangedRows),
            errors: imp.errors,
            changes: imp.changes,
          },
        }
      : {}),
    ...(imp.status === 'applied' && imp.result ? { counts: imp.result } : {}),
    ...(imp.failure ? { error: imp.failure } : {}),
  };
}

async function* errorsCsv(db: Db, imp: ImportRow): AsyncGenerator<string> {
  yield BOM + csvRow(['row', 'column', 'value', 'reason']);
  let after = { row: 0, id: 0 };
  for (;;) {
    const page = await errorPage(db, imp.id, after, 2_000);
    if (page.length === 0) return;
    yield page.map((e) => csvRow([e.row, e.column, e.value, e.reason])).join('');
    const last = page[page.length - 1]!;
    after = { row: last.row, id: last.id };
  }
}

/** A CSV download, written as the client takes it; stops if the client goes away. */
async function sendCsv(res: Response, fileName: string, chunks: AsyncGenerator<string>): Promise<void> {
  res.status(200).set({
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${fileName}"`,
    'cache-control': 'no-store',
  });
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) return;
      if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    res.end();
  } catch (err) {
    // Headers are sent: the only honest signal left is a cut connection.
    res.destroy(err as Error);
  } finally {
    await chunks.return(undefined);
  }
}
