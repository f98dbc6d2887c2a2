/** The HTTP face: the routes, each handed the shared things it needs, listening on the port. */
import type { Server } from 'node:http';
import { pendingMigrations } from '../core/db/migrations';
import { groupCommit } from '../core/lib/group-commit';
import { takeDeliveries } from '../core/use-cases/webhook-inbox.use-case';
import { jobIds } from '../jobs/queues';
import { adminRoutes } from '../server/admin.routes';
import { createApp, NotReady } from '../server/app';
import { bigCommerceRoutes } from '../server/bigcommerce.routes';
import { devMailRoutes } from '../server/dev-mail.routes';
import { mountOpsRoutes } from '../server/ops.routes';
import { storefrontRoutes } from '../server/storefront.routes';
import { webhookRoutes } from '../server/webhooks.routes';
import { queueDashboard } from './ops';
import type { RuntimeOptions, Shared } from './shared';

/**
 * The webhook route's group commit: a batch closes 2 ms after its first delivery or at 128. With 64
 * deliveries in flight that is one INSERT and one Redis write where there were 64 of each.
 */
const WEBHOOK_BATCH = { max: 128, windowMs: 2 };

export async function startHttp(shared: Shared, options: RuntimeOptions): Promise<Server> {
  const { env, config, log, clock, box, bigcommerce, platforms, relay, enqueue } = shared;
  const db = shared.database.db;
  const q = shared.queues.queues;
  // Group commit: the deliveries arriving within a couple of milliseconds are recorded in one
  // INSERT and filed in one Redis write a store (README, "A webhook's work survives Redis").
  const take = groupCommit(
    (arrivals: Parameters<typeof takeDeliveries>[1]) =>
      takeDeliveries(
        {
          db,
          fileReports: shared.fileReports,
          enqueue: (delivery) =>
            enqueue(() => q.ingest.add(delivery.topic, delivery, { jobId: jobIds.ingest(delivery) })),
        },
        arrivals,
      ),
    WEBHOOK_BATCH,
  );
  const app = createApp({
    log,
    health: {
      db: shared.database.ping,
      redis: async () => void (await shared.queues.connection.ping()),
    },
    ready: {
      database: shared.database.ping,
      redis: async () => void (await shared.queues.connection.ping()),
      migrations: async () => {
        const pending = await pendingMigrations(db);
        if (pending.length > 0) throw new NotReady(`not applied: ${pending.join(', ')}`);
      },
    },
    mount: (a) => {
      // Operators only, and only once they have a token: without one these paths do not exist.
      if (env.opsToken)
        mountOpsRoutes(a, {
          token: env.opsToken,
          metrics: shared.metricsEndpoint,
          dashboard: queueDashboard(q),
        });
      a.use(
        bigCommerceRoutes({
          db,
          app: bigcommerce,
          box,
          config,
          appUrl: env.appUrl,
          clock,
          log,
          sessionSecret: env.sessionSecret,
          forgetStoreJobs: shared.forgetStoreJobs,
          enqueueSetup: (storeId) =>
            enqueue(() =>
              q.storeSetup.add('setup', { storeId }, { jobId: jobIds.storeSetup({ storeId }, clock()) }),
            ),
        }),
      );
      a.use(
        webhookRoutes({
          db,
          box,
          hookTokens: shared.hookTokens,
          log,
          refused: shared.news.refused,
          metrics: shared.metrics,
          clock,
          app: bigcommerce,
          stores: shared.stores,
          // Its Redis writes go through `enqueue` (503 when Redis is away), its database errors answer
          // for themselves.
          take,
        }),
      );
      if (options.mailCatcher) a.use(devMailRoutes(options.mailCatcher));
      a.use(storefrontRoutes({ db }));
      a.use(
        adminRoutes({
          db,
          relay,
          clock,
          platforms,
          config,
          sessionSecret: env.sessionSecret,
          enqueueSwitchApply: shared.enqueueSwitchApply,
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
  return new Promise<Server>((resolve, reject) => {
    const server = app.listen(options.port ?? env.port, () => resolve(server));
    server.once('error', reject);
  });
}
