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
  /** When platform news was last refused (ms), and how long room waits after that. */
  newsRefusedAt?: () => Promise<number | undefined>;
  holdMs?: number;
  /** Queues another sync for the store (after a job ran its maximum of passes). */
  requeue: (storeId: number) => Promise<void>;
  /** Queues a sync for the store at a time (when a hold on adding room ends). */
  requeueAt: (storeId: number, at: number) => Promise<void>;
  log: Logger;
}) {
  return async (job: Job<JobPayloads['platformSync']>, token?: string) => {
    const { storeId } = job.data;
    const totals = { published: 0, calls: 0 };
    let heldUntil: number | undefined;
    // A refused write stops the job; a retryable one is retried with back-off. Either way the items
    // stay dirty until published, and the minute sweep queues the store again.
    const result = await drainJob(job, token, deps.drain, storeId, {
      pass: async () => {
        const pass = await publishStoreItems(deps, storeId);
        totals.published += pass.published;
        totals.calls += pass.calls;
        heldUntil = pass.heldUntil;
      },
      // Items whose room is held stay unpublished: passing again before the hold ends would only
      // hold them again (a change made meanwhile queues its own job).
      pending: async () => heldUntil === undefined && (await hasUnpublishedItems(deps.db, storeId)),
      requeue: () => deps.requeue(storeId),
    });
    if (heldUntil !== undefined) await deps.requeueAt(storeId, heldUntil);
    deps.log.debug('platform-sync done', { jobId: job.id, ...result, ...totals, heldUntil });
    return { ...result, ...totals };
  };
}
