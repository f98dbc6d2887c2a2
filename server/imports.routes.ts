/**
 * CSV export and import: `GET /api/items/export.csv` streams every assigned item; `POST /api/imports`
 * takes a file (raw text/csv or multipart field `file`) onto disk and queues its parse; the merchant
 * polls `GET /api/imports/:id` for the preview, downloads `errors.csv`, then confirms or discards.
 * Mounted inside the admin router, behind its session: the store is always the session's, and
 * another store's import id answers 404.
 */
import { once } from 'node:events';
import type { Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import type { ImportJob } from '../core/contract/admin-api';
import { IMPORT_LIMITS } from '../core/csv/limits';
import type { Db } from '../core/db/client';
import { getImport, type ImportRow } from '../core/db/imports.repo';
import { MustFixError, notFound } from '../core/errors';
import { exportFileName, exportItemsCsv } from '../core/use-cases/export-items.use-case';
import {
  discardImport,
  importErrorsCsv,
  requestApply,
  startImport,
  type ImportLifecycleDeps,
} from '../core/use-cases/import-lifecycle.use-case';
import { parse } from './validation';

export interface ImportRouteDeps {
  db: Db;
  clock: () => Date;
  imports: Omit<ImportLifecycleDeps, 'db'> & {
    /** How far an apply job is, 0–100 (0 while it waits for a worker). */
    applyProgress(importId: string, claimedAt: Date): Promise<number>;
  };
}

const importId = z.uuid('is not an import id');
const fileNameQuery = z.object({ fileName: z.string().max(200).optional() });

export function importRoutes(deps: ImportRouteDeps): Router {
  const router = Router();
  const lifecycle: ImportLifecycleDeps = { db: deps.db, ...deps.imports };

  router.get('/api/items/export.csv', async (req, res) => {
    const storeId = req.session!.storeId;
    const name = await exportFileName(deps.db, storeId, deps.clock());
    await sendCsv(res, name, exportItemsCsv(deps.db, storeId));
  });

  router.post('/api/imports', async (req, res) => {
    const query = parse(fileNameQuery, req.query);
    const id = await startImport(lifecycle, req.session!.storeId, {
      request: req,
      declaredBytes: Number(req.headers['content-length'] ?? 0),
      fileName: query.fileName,
    }).catch((err: unknown) => {
      // The rest of a refused upload is not read: the connection closes after the answer.
      if (err instanceof MustFixError) res.set('connection', 'close');
      throw err;
    });
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
    await sendCsv(res, `import-errors-${imp.id.slice(0, 8)}.csv`, importErrorsCsv(deps.db, imp.id));
  });

  router.post('/api/imports/:id/confirm', async (req, res) => {
    const id = parseId(req.params.id);
    await requestApply(lifecycle, req.session!.storeId, id);
    // Applied by the import job; GET /api/imports/:id shows `applied` and the counts when it is done.
    res.status(202).json({ id, status: 'applying' });
  });

  router.delete('/api/imports/:id', async (req, res) => {
    await discardImport(lifecycle, req.session!.storeId, parseId(req.params.id));
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

function present(imp: ImportRow, progress: number): ImportJob {
  return {
    id: imp.id,
    status: imp.status,
    progress,
    fileName: imp.fileName,
    createdAt: imp.createdAt.toISOString(),
    ...(imp.status === 'preview' || imp.status === 'applying' || imp.status === 'applied'
      ? {
          preview: {
            rows: imp.totalRows,
            toChange: imp.changedRows,
            unchanged: imp.unchangedRows,
            errorCount: imp.errorCount,
            // Every row is a change, unchanged, or has errors (one or more).
            errorRows: Math.max(0, imp.totalRows - imp.changedRows - imp.unchangedRows),
            errorsKept: Math.min(imp.errorCount, IMPORT_LIMITS.keptErrors),
            errors: imp.errors,
            changes: imp.changes,
          },
        }
      : {}),
    ...(imp.status === 'applied' && imp.result ? { counts: imp.result } : {}),
    ...(imp.failure ? { error: imp.failure } : {}),
  };
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
