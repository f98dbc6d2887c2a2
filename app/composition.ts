/**
 * The one place that builds the real things (database, Redis queues, platform clients, mailer) and
 * wires them together; `wire-workers.ts` and `wire-http.ts` put the two faces on top. Tests of use
 * cases never come here; integration tests, benchmarks and main.ts do.
 */
import type { Server } from 'node:http';
import { openDatabase, type Database } from '../core/db/client';
import type { BigCommerceApp } from '../core/platform/bigcommerce/app';
import { assertRedisReachable } from '../jobs/redis';
import type { QueueRuntime, WorkerRuntime } from '../jobs/runtime';
import { startMetricsServer } from './ops';
import { share, type RuntimeOptions } from './shared';
import { startHttp } from './wire-http';
import { startWorkerProcessors } from './wire-workers';

export type { Mode, RuntimeOptions } from './shared';

export interface Runtime {
  database: Database;
  queues: QueueRuntime;
  bigcommerce: BigCommerceApp;
  workers?: WorkerRuntime;
  server?: Server;
  /** The port the HTTP server listens on, when there is one. */
  port?: number;
  /** A worker's /metrics server (METRICS_PORT with OPS_TOKEN). */
  metricsServer?: Server;
  close(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { env, log, mode } = options;
  await assertRedisReachable(env.redisUrl);
  const database = await openDatabase(
    env.databaseUrl ? { url: env.databaseUrl } : { pgliteDir: `${env.dataDir}/pglite` },
  );
  const shared = await share(options, database);
  const runtime: Runtime = {
    database,
    queues: shared.queues,
    bigcommerce: shared.bigcommerce,
    close: async () => {
      // Order matters: stop taking requests, let running jobs finish, then close connections.
      for (const server of [runtime.server, runtime.metricsServer])
        if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.workers?.close();
      await shared.queues.close();
      shared.mailer.close();
      await database.close();
    },
  };
  try {
    if (mode !== 'web') runtime.workers = await startWorkerProcessors(shared);
    // A worker counts its own work (jobs, platform calls, emails): it serves them itself.
    if (mode === 'worker' && env.metricsPort && env.opsToken)
      runtime.metricsServer = await startMetricsServer(
        env.metricsPort,
        {
          token: env.opsToken,
          metrics: shared.metricsEndpoint,
        },
        log,
      );
    if (mode !== 'worker') {
      runtime.server = await startHttp(shared, options);
      const address = runtime.server.address();
      runtime.port = typeof address === 'object' && address ? address.port : undefined;
    }
  } catch (err) {
    await runtime.close().catch(() => undefined);
    throw err;
  }
  log.debug('runtime started', { mode });
  return runtime;
}
