import type { Job } from 'bullmq';
import type { Db } from '../server/db/client';
import type { Logger } from '../server/lib/log';
import { runBackInStockSweep } from '../server/use-cases/run-back-in-stock-sweep.use-case';
import type { JobPayloads } from './queues';

export const SCHEDULER_ID = 'back-in-stock-sweep';

export function scheduleProcessor(deps: { db: Db; log: Logger; clock: () => Date }) {
  return async (job: Job<JobPayloads['schedule']>) => {
    const result = await runBackInStockSweep(deps.db, deps.clock(), job.data.storeId);
    if (result.itemsChanged > 0) deps.log.info('back-in-stock sweep', { ...result });
    return result;
  };
}
