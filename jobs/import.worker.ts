import { DelayedError, type Job } from 'bullmq';
import { isAppError } from '../core/errors';
import { failImport } from '../core/db/imports.repo';
import { dropImportLeftovers } from '../core/use-cases/import-lifecycle.use-case';
import type { Logger } from '../core/lib/log';
import { noMetrics, secondsSince, type ImportMetrics } from '../core/lib/metrics';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { applyClaimedImport, giveBackApply } from '../core/use-cases/confirm-import.use-case';
import {
  stageImport,
  type StageImportDeps,
  type StageOutcome,
} from '../core/use-cases/stage-import.use-case';
import type { JobPayloads } from './queues';
import type { StoreDrain } from './store-drain';

/** A parse turned away because its store's other parse runs looks again after this. */
const PARSE_WAIT_MS = 1000;

/**
 * `parse`: reads an uploaded import into its preview, reporting progress (0–100) as it reads. One
 * parse at a time per store (`parses`, a lock with a lease): a store's next file waits off the
 * worker, a second at a time, so the job slots stay free for other stores' files.
 * `apply`: applies a confirmed import (one transaction) and clears its staged rows.
 * A retry starts the step again. Once the last attempt fails, a parse is marked failed and an apply
 * goes back to its preview (nothing of it applied), so the merchant is never left waiting.
 */
export function importProcessor(
  deps: StageImportDeps & ApplyDeps & { log: Logger; parses: StoreDrain; metrics?: ImportMetrics },
) {
  const timed = timedSteps(deps.metrics ?? noMetrics);
  return async (job: Job<JobPayloads['import']>, token?: string) => {
    const { storeId, importId, step, claimedAt } = job.data;
    const lastAttempt = () => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (step === 'apply') {
      try {
        return {
          counts: await timed('apply', () =>
            applyClaimedImport(deps, storeId, importId, (p) => job.updateProgress(p)),
          ),
        };
      } catch (err) {
        if ((isAppError(err) && err.kind === 'must-fix') || lastAttempt()) {
          deps.log.error('import could not be applied; back to its preview', { importId, error: err });
          await giveBackApply(deps.db, importId, claimedAt === undefined ? undefined : new Date(claimedAt));
        }
        throw err;
      }
    }
    try {
      let outcome: StageOutcome | undefined;
      const parse = async () => {
        outcome = await timed('parse', () =>
          stageImport(deps, storeId, importId, (p) => job.updateProgress(p)),
        );
      };
      const ran = await deps.parses.drain(storeId, parse, async () => false);
      if (ran.passes === 0) {
        // Another file of the store is being read: this one waits its turn, holding no slot.
        await job.moveToDelayed(Date.now() + PARSE_WAIT_MS, token);
        throw new DelayedError();
      }
      return { outcome };
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (lastAttempt()) {
        await failImport(deps.db, importId, {
          code: 'internal',
          message: 'The file could not be read because of a problem on our side; upload it again.',
        });
        await dropImportLeftovers(deps, importId);
      }
      throw err;
    }
  };
}

/** Times a parse or an apply itself: a file waiting for its store's turn is not parsing. */
function timedSteps(metrics: ImportMetrics) {
  return async <T>(step: 'parse' | 'apply', work: () => Promise<T>): Promise<T> => {
    const startedAt = performance.now();
    try {
      const result = await work();
      metrics.importStep(step, secondsSince(startedAt), 'done');
      return result;
    } catch (err) {
      metrics.importStep(step, secondsSince(startedAt), 'failed');
      throw err;
    }
  };
}
