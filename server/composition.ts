/**
 * The one place that builds the real things (database, Redis queues, workers, platform clients, HTTP
 * app) and wires them together. Tests of use cases never come here; integration tests and main.ts do.
 */
import type { Server } from 'node:http';
import type { AppConfig } from './config/app-config';
import type { Env } from './config/env';
import { openDatabase, type Database } from './db/client';
import { activeStores } from './db/stores.repo';
import { adminRoutes } from './http/admin.routes';
import { createApp } from './http/app';
import { bigCommerceRoutes } from './http/bigcommerce.routes';
import { unavailable } from './http/errors';
import { webhookRoutes } from './http/webhooks.routes';
import type { Logger } from './lib/log';
import { bigCommerceApp, type BigCommerceApp } from './platform/bigcommerce/app';
import type { BcHttpOptions } from './platform/bigcommerce/http';
import { platforms as makePlatforms } from './platform/registry';
import { secretBox } from './security/crypto';
import { createQueues, startWorkers, type QueueRuntime, type WorkerRuntime } from '../jobs/runtime';
import { fileStockReport, ingestProcessor, STOCK_TOPICS } from '../jobs/ingest.worker';
import type { StockReport } from './use-cases/ingest-platform-change.use-case';
import { jobIds } from '../jobs/queues';
import { assertRedisReachable } from '../jobs/redis';
import { scheduleProcessor } from '../jobs/schedule.worker';
import { storeSetupProcessor } from '../jobs/store-setup.worker';
import { importProcessor } from '../jobs/import.worker';
import { notifyProcessor } from '../jobs/notify.worker';
import { ordersProcessor } from '../jobs/orders.worker';
import { platformSyncProcessor } from '../jobs/platform-sync.worker';
import { storeDrain } from '../jobs/store-drain';
import { stockReports, stockRefreshProcessor } from '../jobs/stock-refresh.worker';
import { ConfigError } from './config/env';
import { devMailRoutes } from './http/dev-mail.routes';
import { storefrontRoutes } from './http/storefront.routes';
import type { MailCatcher } from './mail/catcher';
import { createMailer } from './mail/mailer';
import type { RelayQueues } from './use-cases/relay-outbox.use-case';

export type Mode = 'all' | 'web' | 'worker';

export interface RuntimeOptions {
  env: Env;
  config: AppConfig;
  log: Logger;
  mode: Mode;
  /** BullMQ key prefix; tests use one of their own. */
  queuePrefix?: string;
  clock?: () => Date;
  /** Listen on this port instead of env.port (0 = any free port). */
  port?: number;
  /** Tuning of the BigCommerce HTTP client (tests shorten its back-off). */
  bigcommerceHttp?: Partial<BcHttpOptions>;
  /** The SMTP catcher standing in for SMTP_URL (demo, development): listed at /dev/mail. */
  mailCatcher?: MailCatcher;
}

export interface Runtime {
  database: Database;
  queues: QueueRuntime;
  bigcommerce: BigCommerceApp;
  workers?: WorkerRuntime;
  server?: Server;
  /** The port the HTTP server listens on, when there is one. */
  port?: number;
  close(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { env, config, log, mode } = options;
  const prefix = options.queuePrefix ?? env.queuePrefix;
  const clock = options.clock ?? (() => new Date());
  await assertRedisReachable(env.redisUrl);
  const database = await openDatabase(
    env.databaseUrl ? { url: env.databaseUrl } : { pgliteDir: `${env.dataDir}/pglite` },
  );
  const queues = await createQueues(env.redisUrl, prefix, config);
  const db = database.db;
  const box = secretBox(env.encryptionKey);
  const bigcommerce = bigCommerceApp(env.bigcommerce, options.bigcommerceHttp);
  const platforms = makePlatforms({ bigcommerce, box });
  const q = queues.queues;
  const smtpUrl = env.smtpUrl ?? options.mailCatcher?.url;
  if (!smtpUrl) throw new ConfigError('SMTP_URL must be set: owner emails need an SMTP server');
  const mailer = createMailer(smtpUrl, env.mailFrom);
  const syncDrain = storeDrain(queues.connection, prefix, 'sync', config.jobs.lockDurationMs);
  const refreshDrain = storeDrain(queues.connection, prefix, 'refresh', config.jobs.lockDurationMs);
  const reports = stockReports(queues.connection, prefix);
  const reportStock = async (storeId: number, report: StockReport) => {
    await reports.offer(storeId, report);
    await requestRefresh(storeId);
  };
  const requestRefresh = (storeId: number, force = false) =>
    enqueue(() =>
      refreshDrain.request(
        storeId,
        () => {
          const payload = { storeId, stamp: Date.now() };
          return q.stockRefresh.add('refresh', payload, { jobId: jobIds.stockRefresh(payload) });
        },
        force,
      ),
    );
  const relay: RelayQueues = {
    notify: (outboxId, retry) =>
      enqueue(() => q.notify.add('notify', { outboxId }, { jobId: jobIds.notify({ outboxId }, retry) })),
    sync: (storeId, stamp, force) =>
      enqueue(() =>
        syncDrain.request(
          storeId,
          () =>
            q.platformSync.add(
              'sync',
              { storeId, stamp },
              { jobId: jobIds.platformSync({ storeId, stamp }) },
            ),
          force,
        ),
      ),
  };
  const applyDeps = { db: database.db, relay, clock };
  // A Redis outage while enqueueing answers 503 (the platform retries its webhook; the admin retries).
  const enqueue = async (add: () => Promise<unknown>) => {
    try {
      await add();
    } catch (err) {
      log.error('could not enqueue', { error: err });
      throw unavailable('The job queue is not reachable; try again in a moment.');
    }
  };
  const forgetStoreJobs = async (storeId: number) => {
    // The back-in-stock sweep covers active stores only; queued platform writes for the store are dropped.
    const waiting = await q.platformSync.getJobs(['waiting', 'delayed', 'prioritized']);
    await Promise.all(
      waiting.filter((j) => j.data.storeId === storeId).map((j) => j.remove().catch(() => undefined)),
    );
    // Stock reports waiting and the per-product stamps seen: a reinstall starts from the catalog.
    await reports.forget(storeId);
  };

  const runtime: Runtime = {
    database,
    queues,
    bigcommerce,
    close: async () => {
      // Order matters: stop taking requests, let running jobs finish, then close connections.
      if (runtime.server) await new Promise<void>((resolve) => runtime.server!.close(() => resolve()));
      await runtime.workers?.close();
      await queues.close();
      mailer.close();
      await database.close();
    },
  };
  try {
    if (mode !== 'web') {
      runtime.workers = await startWorkers(
        env.redisUrl,
        prefix,
        config,
        {
          schedule: scheduleProcessor({
            ...applyDeps,
            log,
            sweepAfterMs: config.jobs.outboxSweepAfterMs,
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
          storeSetup: storeSetupProcessor({ db, platforms, box, appUrl: env.appUrl, log }),
          ingest: ingestProcessor({
            ...applyDeps,
            platforms,
            config,
            log,
            forgetStoreJobs,
            enqueueOrder: (payload, jobId) => enqueue(() => q.orders.add('order', payload, { jobId })),
            reportStock,
          }),
          stockRefresh: stockRefreshProcessor({
            ...applyDeps,
            platforms,
            config,
            reports,
            drain: refreshDrain,
            requeue: (storeId) => requestRefresh(storeId, true),
            log,
          }),
          orders: ordersProcessor({ ...applyDeps, platforms }),
          platformSync: platformSyncProcessor({
            db,
            platforms,
            clock,
            drain: syncDrain,
            requeue: (storeId) => relay.sync(storeId, Date.now(), true),
            log,
          }),
          notify: notifyProcessor({ db, mailer, appUrl: env.appUrl, leaseMs: config.jobs.notifyLeaseMs }),
          import: importProcessor({ ...applyDeps, dataDir: env.dataDir, log }),
        },
        q,
        log,
      );
    }
    if (mode !== 'worker') {
      const app = createApp({
        log,
        health: { db: database.ping, redis: async () => void (await queues.connection.ping()) },
        mount: (a) => {
          a.use(
            bigCommerceRoutes({
              db,
              bigcommerce,
              box,
              config,
              appUrl: env.appUrl,
              clock,
              log,
              sessionSecret: env.sessionSecret,
              forgetStoreJobs,
              enqueueSetup: (payload, jobId) => enqueue(() => q.storeSetup.add('setup', payload, { jobId })),
            }),
          );
          a.use(
            webhookRoutes({
              db,
              box,
              log,
              clock,
              clientSecret: bigcommerce.creds.clientSecret,
              maxAgeSeconds: config.platform.bigcommerce.webhookMaxAgeSeconds,
              enqueue: (payload) =>
                enqueue(() =>
                  STOCK_TOPICS.has(payload.topic)
                    ? fileStockReport({ db, clock, reportStock }, payload)
                    : q.ingest.add(payload.topic, payload, { jobId: jobIds.ingest(payload) }),
                ),
            }),
          );
          if (options.mailCatcher) a.use(devMailRoutes(options.mailCatcher));
          a.use(storefrontRoutes({ db }));
          a.use(
            adminRoutes({
              ...applyDeps,
              platforms,
              config,
              sessionSecret: env.sessionSecret,
              imports: {
                dataDir: env.dataDir,
                enqueueParse: (storeId, importId) =>
                  enqueue(() =>
                    q.import.add(
                      'parse',
                      { storeId, importId, step: 'parse' },
                      { jobId: jobIds.import({ storeId, importId, step: 'parse' }) },
                    ),
                  ),
                enqueueApply: (storeId, importId, claimedAt) =>
                  enqueue(() =>
                    q.import.add(
                      'apply',
                      { storeId, importId, step: 'apply', claimedAt: claimedAt.getTime() },
                      { jobId: jobIds.importApply(importId, claimedAt) },
                    ),
                  ),
                // Best effort: the import's status is the database's; without Redis it shows 0%.
                applyProgress: async (importId, claimedAt) => {
                  const job = await q.import
                    .getJob(jobIds.importApply(importId, claimedAt))
                    .catch(() => undefined);
                  return typeof job?.progress === 'number' ? job.progress : 0;
                },
              },
            }),
          );
        },
      });
      runtime.server = await new Promise<Server>((resolve, reject) => {
        const server = app.listen(options.port ?? env.port, () => resolve(server));
        server.once('error', reject);
      });
      const address = runtime.server.address();
      runtime.port = typeof address === 'object' && address ? address.port : undefined;
    }
  } catch (err) {
    await runtime.close().catch(() => undefined);
    throw err;
  }
  return runtime;
}
