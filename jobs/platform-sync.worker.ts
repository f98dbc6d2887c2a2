import type { Job } from 'bullmq';
import type { Db } from '../core/db/client';
import type { Logger } from '../core/lib/log';
import type { Platforms } from '../core/use-cases/platforms';
import { hasUnpublishedItems, publishStoreItems } from '../core/use-cases/publish-store-items.use-case';
import type { JobPayloads } from './queues';
import { drainJob, type StoreDrain } from './store-drain';

export function platformSyncProcessor(deps: {
  db: Db;
  platforms: Platforms;
  clock: () => Date;
  drain: StoreDrain;
  /** Products with stock news still to apply (`publishStoreItems` adds no room on them yet). */
  countsWaiting?: (storeId: number) => Promise<Array<{ productId: string; variantId?: string }>>;
  /** Queues another sync for the store (after a job ran its maximum of passes). */
  requeue: (storeId: number) => Promise<void>;
  log: Logger;
}) {
  return async (job: Job<JobPayloads['platformSync']>, token?: string) => {
    const { storeId } = job.data;
    const totals = { published: 0, calls: 0 };
    // A refused write stops the job; a retryable one is retried with back-off. Either way the items
    // stay dirty until published, and the minute sweep queues the store again.
    const result = await drainJob(job, token, deps.drain, storeId, {
      pass: async () => {
        const pass = await publishStoreItems(deps, storeId);
        totals.published += pass.published;
        totals.calls += pass.calls;
      },
      pending: () => hasUnpublishedItems(deps.db, storeId),
      requeue: () => deps.requeue(storeId),
    });
    deps.log.debug('platform-sync done', { jobId: job.id, ...result, ...totals });
    return { ...result, ...totals };
  };
}
