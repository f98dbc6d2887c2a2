import { UnrecoverableError, type Job } from 'bullmq';
import { failImport } from '../server/db/imports.repo';
import { stageImport, type StageImportDeps } from '../server/use-cases/stage-import.use-case';
import type { JobPayloads } from './queues';

/**
 * Parses an uploaded import into its preview, reporting progress (0–100) as it reads. A retry starts
 * the parse again; once the last attempt fails the import is marked failed, so the merchant is not
 * left waiting on a preview that will never come.
 */
export function importProcessor(deps: StageImportDeps) {
  return async (job: Job<JobPayloads['import']>) => {
    const { storeId, importId, step } = job.data;
    if (step !== 'parse') throw new UnrecoverableError(`import step ${step} is done by the confirm request`);
    try {
      return { outcome: await stageImport(deps, storeId, importId, (p) => job.updateProgress(p)) };
    } catch (err) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        await failImport(deps.db, importId, {
          code: 'internal',
          message: 'The file could not be read because of a problem on our side; upload it again.',
        });
      }
      throw err;
    }
  };
}
