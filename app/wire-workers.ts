/** The worker face: one processor per queue, each handed the shared things it needs. */
import { activeStores, storesWithStoredHookTokens } from '../core/db/stores.repo';
import { recordJobFailure } from '../core/use-cases/record-job-failure.use-case';
import { redeliverWaiting } from '../core/use-cases/webhook-inbox.use-case';
import { importProcessor } from '../jobs/import.worker';
import { ingestProcessor } from '../jobs/ingest.worker';
import { notifyProcessor } from '../jobs/notify.worker';
import { ordersProcessor } from '../jobs/orders.worker';
import { platformSyncProcessor } from '../jobs/platform-sync.worker';
import { jobIds } from '../jobs/queues';
import { startWorkers, type WorkerRuntime } from '../jobs/runtime';
import { scheduleProcessor } from '../jobs/schedule.worker';
import { stockRefreshProcessor } from '../jobs/stock-refresh.worker';
import { storeSetupProcessor } from '../jobs/store-setup.worker';
import { switchConditionProcessor } from '../jobs/switch-condition.worker';
import type { Shared } from './shared';

export function startWorkerProcessors(shared: Shared): Promise<WorkerRuntime> {
  const { env, config, log, clock, platforms, relay, reports, enqueue, requestRefresh } = shared;
  const db = shared.database.db;
  const q = shared.queues.queues;
  const applyDeps = { db, relay, clock };
  return startWorkers(
    env.redisUrl,
    shared.prefix,
    config,
    {
      schedule: scheduleProcessor({
        ...applyDeps,
        log,
        sweepAfterMs: config.jobs.outboxSweepAfterMs,
        retention: config.retention,
        dataDir: env.dataDir,
        enqueueSwitchApply: shared.enqueueSwitchApply,
        redeliverWaiting: () =>
          redeliverWaiting(
            {
              db,
              fileReports: shared.fileReports,
              enqueue: (delivery) =>
                enqueue(() =>
                  q.ingest.add(delivery.topic, delivery, { jobId: jobIds.ingestAgain(delivery, Date.now()) }),
                ),
            },
            // Work not done this long after the delivery came: Redis lost it (the outbox's window).
            config.jobs.outboxSweepAfterMs,
            clock(),
          ),
        // Hooks registered before headers were derived: set up again (at most once an hour per store).
        rehookStores: async () => {
          const stores = await storesWithStoredHookTokens(db);
          for (const { id: storeId } of stores)
            await enqueue(() =>
              q.storeSetup.add('setup', { storeId }, { jobId: jobIds.storeRehook({ storeId }, clock()) }),
            );
          return stores.length;
        },
        sweepStockReports: async () => {
          let stores = 0;
          for (const store of await activeStores(db)) {
            if (!(await reports.any(store.id))) continue;
            await requestRefresh(store.id, true);
            stores += 1;
          }
          return stores;
        },
      }),
      storeSetup: storeSetupProcessor({
        db,
        platforms,
        hookTokens: shared.hookTokens,
        appUrl: env.appUrl,
        log,
      }),
      ingest: ingestProcessor({
        ...applyDeps,
        platforms,
        config,
        log,
        forgetStoreJobs: shared.forgetStoreJobs,
        enqueueOrder: (payload) =>
          enqueue(() => q.orders.add('order', payload, { jobId: jobIds.orders(payload) })),
        reportStock: shared.reportStock,
      }),
      stockRefresh: stockRefreshProcessor({
        ...applyDeps,
        platforms,
        config,
        reports,
        drain: shared.refreshDrain,
        requeue: (storeId) => requestRefresh(storeId, true),
        log,
      }),
      orders: ordersProcessor({ ...applyDeps, platforms }),
      platformSync: platformSyncProcessor({
        db,
        platforms,
        clock,
        drain: shared.syncDrain,
        countsWaiting: (storeId) => reports.waiting(storeId),
        newsRefusedAt: () => shared.news.refusedAt(),
        holdMs: config.jobs.newsHoldMs,
        requeue: (storeId) => relay.sync(storeId, Date.now(), true),
        requeueAt: async (storeId, at) => {
          const payload = { storeId, stamp: at };
          await q.platformSync
            .add('sync', payload, {
              jobId: jobIds.platformSync(payload),
              delay: Math.max(0, at - Date.now()),
            })
            .then(() => undefined);
        },
        log,
      }),
      notify: notifyProcessor({
        db,
        mailer: shared.mailer,
        platforms,
        leaseMs: config.jobs.notifyLeaseMs,
        metrics: shared.metrics,
      }),
      import: importProcessor({
        ...applyDeps,
        dataDir: env.dataDir,
        log,
        parses: shared.parseDrain,
        metrics: shared.metrics,
        limits: { previewDays: config.retention.importPreviewDays },
      }),
      switchCondition: switchConditionProcessor({ ...applyDeps, log }),
    },
    q,
    {
      log,
      metrics: shared.metrics,
      mustFix: async (storeId, queue, error) =>
        void (await recordJobFailure({ db, clock }, storeId, {
          queue,
          code: error.code,
          message: error.merchantMessage ?? error.message,
        })),
    },
  );
}
