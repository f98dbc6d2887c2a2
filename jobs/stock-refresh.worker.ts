/**
 * stock-refresh: turns the inventory and product webhooks of a store into item events, a pass at a
 * time per store (`StoreDrain`). Webhooks arrive out of order and in parallel; each only leaves its
 * report in a per-store Redis hash, where a report replaces an older one for the same product (by the
 * platform's `created_at`, then by arrival). A pass takes the hash and applies the latest report per
 * product, so a flood of counts for one product is one event carrying the last count.
 */
import type { Job } from 'bullmq';
import type { Logger } from '../core/lib/log';
import {
  applyStockReports,
  publishAfterNews,
  type IngestDeps,
} from '../core/use-cases/ingest-platform-change.use-case';
import type { JobPayloads } from './queues';
import type { StockReports } from './stock-reports';
import { drainJob, type StoreDrain } from './store-drain';

export function stockRefreshProcessor(
  deps: IngestDeps & {
    reports: StockReports;
    drain: StoreDrain;
    requeue: (storeId: number) => Promise<void>;
    log: Logger;
  },
) {
  return async (job: Job<JobPayloads['stockRefresh']>, token?: string) => {
    const { storeId } = job.data;
    const totals = { reports: 0, applied: 0 };
    // A failed pass leaves its reports in flight; BullMQ retries the job and the next pass redoes them.
    const result = await drainJob(job, token, deps.drain, storeId, {
      pass: async () => {
        const reports = await deps.reports.take(storeId);
        totals.applied += (await applyStockReports(deps, storeId, reports)).applied;
        totals.reports += reports.length;
        await deps.reports.done(storeId);
        await publishAfterNews(deps, storeId, reports);
      },
      pending: () => deps.reports.any(storeId),
      requeue: () => deps.requeue(storeId),
    });
    deps.log.debug('stock-refresh done', { jobId: job.id, ...result, ...totals });
    return { ...result, ...totals };
  };
}
