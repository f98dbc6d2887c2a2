/**
 * Housekeeping, run by the minute sweep: what is older than its retention window goes (README,
 * "Retention"), so no table grows by a row per webhook forever. Each table is pruned in batches of
 * `batchRows`, one short DELETE each, at most `batchesPerSweep` a sweep: a backlog (the first sweep
 * after an upgrade) goes over several minutes instead of one long statement locking a busy table.
 * Running it twice, or on two workers at once, removes nothing more: every DELETE names rows by age.
 * Work not done is never pruned: webhook deliveries still waiting, outbox effects not sent yet,
 * imports being read, previewed or applied. Ages are the database's (it stamped the rows) and the
 * file system's, not the app's clock, which a test or a date rule may set elsewhere.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { Db } from '../db/client';
import { pruneDeliveries } from '../db/deliveries.repo';
import { pruneEvents } from '../db/events.repo';
import { importStatuses, pruneFinishedImports } from '../db/imports.repo';
import { pruneSentEffects } from '../db/outbox.repo';

export type Retention = AppConfig['retention'];

export interface PruneDeps {
  db: Db;
  /** Uploads wait under `<dataDir>/imports/` for their parse. */
  dataDir: string;
  retention: Retention;
}

export interface Pruned {
  deliveries: number;
  events: number;
  outbox: number;
  imports: number;
  uploads: number;
}

const HOUR = 3600 * 1000;
const UPLOAD = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.csv$/;

export async function pruneRetained(deps: PruneDeps): Promise<Pruned> {
  const { db, retention } = deps;
  const inBatches = async (prune: (db: Db, days: number, limit: number) => Promise<number>, days: number) => {
    let total = 0;
    for (let i = 0; i < retention.batchesPerSweep; i++) {
      const gone = await prune(db, days, retention.batchRows);
      total += gone;
      if (gone < retention.batchRows) break;
    }
    return total;
  };
  return {
    deliveries: await inBatches(pruneDeliveries, retention.webhookDays),
    events: await inBatches(pruneEvents, retention.activityDays),
    outbox: await inBatches(pruneSentEffects, retention.outboxSentDays),
    imports: await inBatches(pruneFinishedImports, retention.importDays),
    uploads: await removeAbandonedUploads(
      db,
      deps.dataDir,
      new Date(Date.now() - retention.uploadHours * HOUR),
    ),
  };
}

/**
 * Upload files untouched since `before` that no import is waiting to read: an upload cut off before
 * its import was recorded, or the file of an import whose process died before removing it. A file
 * whose import is still `parsing` (its job queued) stays, however old. Returns how many went.
 */
async function removeAbandonedUploads(db: Db, dataDir: string, before: Date): Promise<number> {
  const dir = path.join(dataDir, 'imports');
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  const old: string[] = [];
  for (const name of names.filter((n) => UPLOAD.test(n))) {
    const modified = await stat(path.join(dir, name)).then(
      (s) => s.mtimeMs,
      () => null,
    );
    if (modified !== null && modified < before.getTime()) old.push(name.slice(0, -'.csv'.length));
  }
  if (old.length === 0) return 0;
  const statuses = await importStatuses(db, old);
  const abandoned = old.filter((id) => statuses.get(id) !== 'parsing');
  for (const id of abandoned) await rm(path.join(dir, `${id}.csv`), { force: true });
  return abandoned.length;
}
