import type { Job } from 'bullmq';
import type { Logger } from '../core/lib/log';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { sweepOutbox } from '../core/use-cases/relay-outbox.use-case';
import { runBackInStockSweep } from '../core/use-cases/run-back-in-stock-sweep.use-case';
import { dropOrphanedStaging } from '../core/db/import-staging.repo';
import { expireStalePreviews } from '../core/db/imports.repo';
import { giveBackAbandonedApplies } from '../core/use-cases/confirm-import.use-case';
import {
  resumeSwitchApplies,
  type EnqueueSwitchApply,
} from '../core/use-cases/change-switch-condition.use-case';
import { forgetExpiredCredentials } from '../core/db/spent-credentials.repo';
import { pruneRetained, type Retention } from '../core/use-cases/prune-retained.use-case';
import type { JobPayloads } from './queues';

export const SCHEDULER_ID = 'back-in-stock-sweep';

/**
 * Every minute: the back-in-stock date rule, then the safety nets: outbox effects and unpublished
 * items, webhook deliveries whose work is not done a minute later (Redis lost it), hooks still
 * carrying a stored token (registered again with the derived header), stock reports
 * still waiting in Redis (their job lost or out of attempts), switch conditions
 * saved but still applying (their job lost with its process), and previews left unconfirmed too long
 * (their staged rows go with them), staging tables no import needs any more, spent launch tokens and
 * install codes past their expiry; then what is older than its retention window
 * (`prune-retained.use-case.ts`).
 */
export function scheduleProcessor(
  deps: ApplyDeps & {
    log: Logger;
    sweepAfterMs: number;
    /** Queues a stock pass for every store with reports waiting; answers how many stores. */
    sweepStockReports: () => Promise<number>;
    enqueueSwitchApply: EnqueueSwitchApply;
    /** Hands back webhook deliveries whose work Redis lost; answers how many. */
    redeliverWaiting: () => Promise<number>;
    /** Queues set-up for stores whose hooks still carry a stored token; answers how many. */
    rehookStores: () => Promise<number>;
    retention: Retention;
    /** Where uploads wait for their parse. */
    dataDir: string;
  },
) {
  return async (job: Job<JobPayloads['schedule']>) => {
    const result = await runBackInStockSweep(deps, job.data.storeId);
    if (result.itemsChanged > 0) deps.log.info('back-in-stock sweep', { ...result });
    const relayed = await sweepOutbox(deps.db, deps.relay, deps.sweepAfterMs, deps.clock());
    if (relayed.effects + relayed.stores > 0) deps.log.info('outbox sweep re-queued work', relayed);
    const redelivered = await deps.redeliverWaiting();
    if (redelivered > 0) deps.log.info('webhook deliveries handed back', { redelivered });
    const rehooked = await deps.rehookStores();
    if (rehooked > 0) deps.log.info('webhooks registered again with derived headers', { stores: rehooked });
    const stockStores = await deps.sweepStockReports();
    if (stockStores > 0) deps.log.info('stock reports re-queued', { stores: stockStores });
    const switchApplies = await resumeSwitchApplies(deps, deps.clock(), deps.sweepAfterMs);
    if (switchApplies > 0) deps.log.info('switch conditions still applying re-queued', { switchApplies });
    const expired = await expireStalePreviews(deps.db, undefined, deps.retention.importPreviewDays);
    if (expired.length > 0) deps.log.info('stale import previews discarded', { imports: expired.length });
    const givenBack = await giveBackAbandonedApplies(deps.db);
    if (givenBack.length > 0) deps.log.warn('abandoned import applies given back', { imports: givenBack });
    const orphans = await dropOrphanedStaging(deps.db);
    if (orphans > 0) deps.log.info('staging tables of finished imports dropped', { tables: orphans });
    const credentials = await forgetExpiredCredentials(deps.db);
    const pruned = await pruneRetained(deps);
    if (Object.values(pruned).some((n) => n > 0)) deps.log.info('old records pruned', { ...pruned });
    return {
      ...result,
      relayed,
      redelivered,
      rehooked,
      stockStores,
      switchApplies,
      expired: expired.length,
      givenBack: givenBack.length,
      orphans,
      credentials,
      pruned,
    };
  };
}
