/**
 * The one place that builds the real things (database, Redis queues, workers, HTTP app) and wires
 * them together. Tests of use cases never come here; integration tests and `main.ts` do.
 */
import type { Server } from 'node:http';
import type { AppConfig } from './config/app-config';
import type { Env } from './config/env';
import { openDatabase, type Database } from './db/client';
import { createApp } from './http/app';
import type { Logger } from './lib/log';
import { createQueues, startWorkers, type QueueRuntime, type WorkerRuntime } from '../jobs/runtime';
import { assertRedisReachable } from '../jobs/redis';
import { scheduleProcessor } from '../jobs/schedule.worker';

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
}

export interface Runtime {
  database: Database;
  queues: QueueRuntime;
  workers?: WorkerRuntime;
  server?: Server;
  /** The port the HTTP server listens on, when there is one. */
  port?: number;
  close(): Promise<void>;
}

export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { env, config, log, mode } = options;
  const prefix = options.queuePrefix ?? 'backorder';
  const clock = options.clock ?? (() => new Date());
  await assertRedisReachable(env.redisUrl);
  const database = await openDatabase(
    env.databaseUrl ? { url: env.databaseUrl } : { pgliteDir: `${env.dataDir}/pglite` },
  );
  const queues = await createQueues(env.redisUrl, prefix, config);
  const runtime: Runtime = {
    database,
    queues,
    close: async () => {
      // Order matters: stop taking requests, let running jobs finish, then close connections.
      if (runtime.server) await new Promise<void>((resolve) => runtime.server!.close(() => resolve()));
      await runtime.workers?.close();
      await queues.close();
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
          schedule: scheduleProcessor({ db: database.db, log, clock }),
        },
        queues.queues,
      );
    }
    if (mode !== 'worker') {
      const app = createApp({
        log,
        health: { db: database.ping, redis: async () => void (await queues.connection.ping()) },
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
