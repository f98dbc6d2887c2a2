/**
 * What both faces share, built once per process: the database, Redis queues and the enqueue helpers
 * on them, the platform clients, the mailer.
 */
import type { AppConfig } from '../core/config/app-config';
import { ConfigError, type Env } from '../core/config/env';
import { backlog } from '../core/db/backlog.repo';
import type { Database } from '../core/db/client';
import { storeCache, type StoreCache } from '../core/db/store-cache';
import { unavailable } from '../core/errors';
import type { Logger } from '../core/lib/log';
import type { Metrics } from '../core/lib/metrics';
import type { MailCatcher } from '../core/mail/catcher';
import { createMailer, type Mailer } from '../core/mail/mailer';
import { bigCommerceApp, type BigCommerceApp } from '../core/platform/bigcommerce/app';
import type { BcHttpOptions } from '../core/platform/bigcommerce/http';
import { platformRegistry } from '../core/platform/registry';
import { secretBox, type SecretBox } from '../core/security/crypto';
import { hookTokens, type HookTokens } from '../core/security/hook-token';
import type { StockReport } from '../core/use-cases/ingest-platform-change.use-case';
import { storePlatforms, type Platforms } from '../core/use-cases/platforms';
import type { RelayQueues } from '../core/use-cases/relay-outbox.use-case';
import { newsHold, type NewsHold } from '../jobs/news-hold';
import { queueFigures } from '../jobs/queue-figures';
import { jobIds } from '../jobs/queues';
import { createQueues, type QueueRuntime } from '../jobs/runtime';
import { stockReports, type StockReports } from '../jobs/stock-reports';
import { storeDrain, type StoreDrain } from '../jobs/store-drain';
import { processMetrics, type MetricsEndpoint } from './metrics';

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

/** What both faces share: built once per process. */
export interface Shared {
  env: Env;
  config: AppConfig;
  log: Logger;
  clock: () => Date;
  prefix: string;
  database: Database;
  queues: QueueRuntime;
  box: SecretBox;
  /** The header each store's hooks carry, derived from APP_ENCRYPTION_KEY. */
  hookTokens: HookTokens;
  bigcommerce: BigCommerceApp;
  platforms: Platforms;
  mailer: Mailer;
  /** This process's counters; `metricsEndpoint` adds the shared figures at each scrape. */
  metrics: Metrics;
  metricsEndpoint: MetricsEndpoint;
  syncDrain: StoreDrain;
  refreshDrain: StoreDrain;
  /** One import parse at a time per store. */
  parseDrain: StoreDrain;
  reports: StockReports;
  /** When platform news was last refused: room is added again only a while after (`news-hold.ts`). */
  news: NewsHold;
  relay: RelayQueues;
  /** Runs an enqueue; a Redis outage answers 503 (the platform retries its webhook; the admin retries). */
  enqueue(add: () => Promise<unknown>): Promise<void>;
  /** Queues a stock pass for the store unless one waits already (`force`: anyway). */
  requestRefresh(storeId: number, force?: boolean): Promise<void>;
  /** Queues the job applying a saved switch condition (idempotent per store and change). */
  enqueueSwitchApply(storeId: number, applyId: string): Promise<void>;
  reportStock(storeId: number, report: StockReport): Promise<void>;
  /** Leaves stock reports for the store's next stock pass, in one Redis write, and sees one is queued. */
  fileReports(storeId: number, reports: StockReport[]): Promise<void>;
  /**
   * Drops the store's queued platform writes and waiting stock reports, and forgets it in this
   * process's store cache (uninstall).
   */
  forgetStoreJobs(storeId: number): Promise<void>;
  /** The stores the webhook route serves, kept a few seconds (`core/db/store-cache.ts`). */
  stores: StoreCache;
}

/**
 * How long a process takes an installed store's webhooks without reading its row again. A store
 * uninstalled by another process is still taken this long: the work is dropped when applied.
 */
const STORE_CACHE_MS = 5000;

export async function share(options: RuntimeOptions, database: Database): Promise<Shared> {
  const { env, config, log } = options;
  const prefix = options.queuePrefix ?? env.queuePrefix;
  const clock = options.clock ?? (() => new Date());
  const smtpUrl = env.smtpUrl ?? options.mailCatcher?.url;
  if (!smtpUrl) throw new ConfigError('SMTP_URL must be set: owner emails need an SMTP server');
  const queues = await createQueues(env.redisUrl, prefix, config);
  const q = queues.queues;
  const box = secretBox(env.encryptionKey);
  const prometheus = processMetrics();
  const bigcommerce = bigCommerceApp(
    env.bigcommerce,
    { ...options.bigcommerceHttp, metrics: prometheus.metrics },
    {
      webhookMaxAgeSeconds: config.platform.bigcommerce.webhookMaxAgeSeconds,
    },
  );
  const syncDrain = storeDrain(queues.connection, prefix, 'sync', config.jobs.storeLeaseMs);
  const refreshDrain = storeDrain(queues.connection, prefix, 'refresh', config.jobs.storeLeaseMs);
  const parseDrain = storeDrain(queues.connection, prefix, 'import-parse', config.jobs.storeLeaseMs);
  const reports = stockReports(queues.connection, prefix);
  const news = newsHold(queues.connection, prefix, clock);

  const enqueue = async (add: () => Promise<unknown>) => {
    try {
      await add();
    } catch (err) {
      log.error('could not enqueue', { error: err });
      throw unavailable('The job queue is not reachable; try again in a moment.');
    }
  };
  // Many requests coalesce into one drain job per store (stock passes here, platform writes in
  // `relay.sync`): the job carries the id of the request that queued it, the first of those it
  // serves; the later ones' reports are applied under that id.
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

  const fileReports = async (storeId: number, list: StockReport[]) => {
    await enqueue(() => reports.offer(storeId, ...list));
    await requestRefresh(storeId);
  };
  const reportStock = (storeId: number, report: StockReport) => fileReports(storeId, [report]);
  const stores = storeCache(database.db, STORE_CACHE_MS);

  return {
    env,
    config,
    log,
    clock,
    prefix,
    database,
    queues,
    box,
    hookTokens: hookTokens(env.encryptionKey),
    bigcommerce,
    platforms: storePlatforms(platformRegistry({ bigcommerce }), box),
    mailer: createMailer(smtpUrl, env.mailFrom),
    metrics: prometheus.metrics,
    metricsEndpoint: prometheus.endpoint(
      { queues: () => queueFigures(q), backlog: () => backlog(database.db) },
      log,
    ),
    syncDrain,
    refreshDrain,
    parseDrain,
    reports,
    news,
    relay,
    enqueue,
    requestRefresh,
    enqueueSwitchApply: (storeId, applyId) =>
      enqueue(() =>
        q.switchCondition.add(
          'apply',
          { storeId, applyId },
          { jobId: jobIds.switchCondition({ storeId, applyId }) },
        ),
      ),
    reportStock,
    fileReports,
    stores,
    forgetStoreJobs: async (storeId) => {
      // Its webhooks are no longer taken here (other processes: within STORE_CACHE_MS).
      stores.forget(storeId);
      // The back-in-stock sweep covers active stores only; queued platform writes for the store go.
      const waiting = await q.platformSync.getJobs(['waiting', 'delayed', 'prioritized']);
      await Promise.all(
        waiting.filter((j) => j.data.storeId === storeId).map((j) => j.remove().catch(() => undefined)),
      );
      // Stock reports waiting: a reinstall starts from the catalog.
      await reports.forget(storeId);
    },
  };
}
