/**
 * Queues and workers, built from one Redis URL. The web process only produces (fail-fast connection);
 * the worker process consumes. `prefix` namespaces every key, so tests get queues of their own.
 */
import {
  DelayedError,
  Queue,
  UnrecoverableError,
  Worker,
  type Job,
  type JobsOptions,
  type Processor,
} from 'bullmq';
import { isAppError, type AppError } from '../core/errors';
import type IORedis from 'ioredis';
import type { AppConfig } from '../core/config/app-config';
import { currentContext, runInContext } from '../core/lib/context';
import type { Logger } from '../core/lib/log';
import { noMetrics, secondsSince, type JobMetrics } from '../core/lib/metrics';
import { producerConnection, workerConnection } from './redis';
import { QUEUES, type JobPayloads, type JobTrace, type QueueKey } from './queues';
import { SCHEDULER_ID } from './schedule.worker';

export type Queues = { [K in QueueKey]: Queue<JobPayloads[K]> };

export interface QueueRuntime {
  queues: Queues;
  connection: IORedis;
  close(): Promise<void>;
}

export async function createQueues(
  redisUrl: string,
  prefix: string,
  config: AppConfig,
): Promise<QueueRuntime> {
  const connection = producerConnection(redisUrl);
  connection.on('error', () => undefined); // reported by /healthz and by the route that needed it
  // Without an offline queue nothing may be sent before the socket is up.
  if (connection.status !== 'ready') await new Promise((resolve) => connection.once('ready', resolve));
  const defaultJobOptions = {
    attempts: config.jobs.attempts,
    backoff: { type: 'exponential', delay: config.jobs.backoffMs },
    removeOnComplete: { count: 1000 },
    removeOnFail: { count: 5000 },
  };
  const queues = Object.fromEntries(
    (Object.keys(QUEUES) as QueueKey[]).map((key) => [
      key,
      new TracedQueue(QUEUES[key], { connection, prefix, defaultJobOptions, skipWaitingForReady: true }),
    ]),
  ) as unknown as Queues;
  return {
    queues,
    connection,
    close: async () => {
      await Promise.all(Object.values(queues).map((q: Queue) => q.close()));
      await closeConnection(connection);
    },
  };
}

/**
 * A queue whose jobs carry the id of the request they were queued for (`JobTrace`), from whatever
 * path queues them: a route, the outbox relay, or a job queuing the next (which passes its own on).
 * A job id already queued keeps the job, and the id, of the request that queued it first.
 */
class TracedQueue extends Queue {
  override add(name: string, data: object, opts?: JobsOptions) {
    return super.add(name, traced(data), opts);
  }

  override addBulk(jobs: Parameters<Queue['addBulk']>[0]) {
    return super.addBulk(jobs.map((job) => ({ ...job, data: traced(job.data as object) })));
  }
}

function traced(data: object): object {
  const requestId = currentContext().requestId ?? (data as JobTrace).requestId;
  return requestId === undefined ? data : { ...data, requestId };
}

export type Processors = { [K in QueueKey]?: Processor<JobPayloads[K]> };

export interface WorkerRuntime {
  workers: Worker[];
  /** Stops taking jobs, lets the running ones finish, closes connections. */
  close(): Promise<void>;
}

export interface WorkerHooks {
  log?: Logger;
  /** A job stopped on a problem someone must fix: recorded where the merchant sees it. */
  mustFix?: (storeId: number, queue: QueueKey, error: AppError) => Promise<void>;
  /** Each attempt's duration and outcome, by queue. */
  metrics?: JobMetrics;
}

export async function startWorkers(
  redisUrl: string,
  prefix: string,
  config: AppConfig,
  processors: Processors,
  queues: Queues,
  hooks: WorkerHooks = {},
): Promise<WorkerRuntime> {
  const { log } = hooks;
  const connection = workerConnection(redisUrl);
  const concurrency: Record<QueueKey, number> = config.jobs.concurrency;
  const workers = (Object.keys(processors) as QueueKey[]).map(
    (key) =>
      new Worker(QUEUES[key], timed(key, byKind(key, processors[key] as Processor, hooks), hooks.metrics), {
        connection,
        prefix,
        concurrency: concurrency[key],
        // A killed worker's jobs go back to the queue after the lock lapses (see app.config.json).
        lockDuration: config.jobs.lockDurationMs,
        stalledInterval: config.jobs.stalledIntervalMs,
      }),
  );
  for (const worker of workers) {
    // Without listeners BullMQ's own errors (a Redis blip, the stalled checker) would go unseen.
    worker.on('error', (err) => log?.error(`worker ${worker.name}`, { error: err }));
    // Outside the job's context (BullMQ reports after the processor returned): named here.
    worker.on('failed', (job, err) =>
      log?.warn(`job failed: ${worker.name}`, {
        requestId: (job?.data as JobTrace | undefined)?.requestId,
        jobId: job?.id,
        queue: worker.name,
        attempt: job?.attemptsMade,
        error: err.message,
      }),
    );
  }
  // The minute schedule lives in Redis: a Redis restarted without persistence loses it. It is made
  // again whenever the connection comes (back) up, and checked on a timer as well.
  let checker: NodeJS.Timeout | undefined;
  if (processors.schedule) {
    const ensure = () =>
      queues.schedule
        .upsertJobScheduler(SCHEDULER_ID, { every: config.jobs.scheduleEveryMs }, { name: 'sweep', data: {} })
        .catch((err: unknown) => log?.warn('could not make sure of the minute schedule', { error: err }));
    await ensure();
    connection.on('ready', () => void ensure());
    checker = setInterval(() => void ensure(), config.jobs.schedulerCheckMs);
    checker.unref();
  }
  return {
    workers,
    close: async () => {
      clearInterval(checker);
      await Promise.all(workers.map((w) => w.close()));
      await closeConnection(connection);
    },
  };
}

/**
 * The job face's one translation of core's error kinds: ignorable completes quietly; must fix stops
 * the job for good (no retry can help) after an activity-log entry for its store; retryable and
 * anything else throws, and BullMQ retries with back-off. The job runs in a context of its own, so
 * what it logs names the job and the request that queued it.
 */
function byKind(queue: QueueKey, processor: Processor, hooks: WorkerHooks): Processor {
  return (job: Job, token?: string) => {
    const context = {
      requestId: (job.data as JobTrace | undefined)?.requestId,
      jobId: job.id,
      queue: QUEUES[queue],
    };
    return runInContext(context, () => translated(queue, processor, hooks, job, token));
  };
}

async function translated(
  queue: QueueKey,
  processor: Processor,
  hooks: WorkerHooks,
  job: Job,
  token?: string,
) {
  try {
    return await processor(job, token);
  } catch (err) {
    if (!isAppError(err) || err.kind === 'retryable') throw err;
    if (err.kind === 'ignorable') {
      hooks.log?.debug(`job ignored: ${queue}`, { jobId: job.id, code: err.code });
      return { ignored: err.code };
    }
    const storeId = (job.data as { storeId?: unknown }).storeId;
    if (typeof storeId === 'number')
      await hooks
        .mustFix?.(storeId, queue, err)
        .catch((e: unknown) =>
          hooks.log?.error('could not record a failed job', { jobId: job.id, error: e }),
        );
    throw new UnrecoverableError(err.message);
  }
}

/** Counts each attempt: how long it ran, and whether it failed for good (no attempt left, or must fix). */
function timed(queue: QueueKey, processor: Processor, metrics: JobMetrics = noMetrics): Processor {
  return async (job: Job, token?: string) => {
    const startedAt = performance.now();
    try {
      const result: unknown = await processor(job, token);
      metrics.jobFinished(QUEUES[queue], secondsSince(startedAt), 'completed');
      return result;
    } catch (err) {
      // Put off to wait its turn (an import parse while another of its store's runs): not a failure.
      if (!(err instanceof DelayedError)) {
        const final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        metrics.jobFinished(QUEUES[queue], secondsSince(startedAt), 'failed', final);
      }
      throw err;
    }
  };
}

async function closeConnection(connection: IORedis): Promise<void> {
  if (connection.status === 'end') return;
  await connection.quit().catch(() => connection.disconnect());
}
