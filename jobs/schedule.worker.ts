import type { Job } from 'bullmq';
import type { Logger } from '../server/lib/log';
import type { ApplyDeps } from '../server/use-cases/apply-item-event.use-case';
import { sweepOutbox } from '../server/use-cases/relay-outbox.use-case';
import { runBackInStockSweep } from '../server/use-cases/run-back-in-stock-sweep.use-case';
import type { JobPayloads } from './queues';

export const SCHEDULER_ID = 'back-in-stock-sweep';

/** Every minute: the back-in-stock date rule, then the outbox safety net. */
export function scheduleProcessor(deps: ApplyDeps & { log: Logger; sweepAfterMs: number }) {
  return async (job: Job<JobPayloads['schedule']>) => {
    const result = await runBackInStockSweep(deps, job.data.storeId);
    if (result.itemsChanged > 0) deps.log.info('back-in-stock sweep', { ...result });
    const relayed = await sweepOutbox(deps.db, deps.relay, deps.sweepAfterMs, deps.clock());
    if (relayed.effects + relayed.stores > 0) deps.log.info('outbox sweep re-queued work', relayed);
    return { ...result, relayed };
  };
}
