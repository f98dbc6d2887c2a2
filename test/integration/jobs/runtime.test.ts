/** Real Redis: workers finish the jobs they hold before a graceful shutdown completes. */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { loadAppConfig } from '../../../core/config/app-config';
import { IgnorableError, MustFixError, RetryableError } from '../../../core/errors';
import { PlatformRejectedError } from '../../../core/platform/types';
import { createQueues, startWorkers } from '../../../jobs/runtime';
import { assertRedisReachable } from '../../../jobs/redis';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const config = loadAppConfig();

describe('queues and workers', () => {
  it('finishes an in-flight job before close() resolves', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const q = await createQueues(REDIS_URL, prefix, config);
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const finished: string[] = [];
    const w = await startWorkers(
      REDIS_URL,
      prefix,
      config,
      {
        notify: async (job) => {
          started();
          await new Promise((r) => setTimeout(r, 400));
          finished.push(String(job.data.outboxId));
        },
      },
      q.queues,
    );
    await q.queues.notify.add('n', { outboxId: 1 });
    await running;
    await w.close();
    expect(finished).toEqual(['1']);
    const probe = new Queue('notify', { connection: { url: REDIS_URL }, prefix });
    expect(await probe.getJobCounts('completed', 'active', 'wait')).toEqual({
      completed: 1,
      active: 0,
      wait: 0,
    });
    await probe.close();
    await q.close();
  });

  it('schedules the back-in-stock sweep every minute, once however many workers start', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const q = await createQueues(REDIS_URL, prefix, config);
    const schedule = async () => ({ stores: 0, itemsDue: 0, itemsChanged: 0 });
    const a = await startWorkers(REDIS_URL, prefix, config, { schedule }, q.queues);
    const b = await startWorkers(REDIS_URL, prefix, config, { schedule }, q.queues);
    const schedulers = await q.queues.schedule.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: 'back-in-stock-sweep', every: config.jobs.scheduleEveryMs });
    await Promise.all([a.close(), b.close()]);
    await q.close();
  });

  it('maps the three kinds of error once: must fix stops at once and is recorded, ignorable completes, retryable retries', async () => {
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const q = await createQueues(REDIS_URL, prefix, {
      ...config,
      jobs: { ...config.jobs, attempts: 3, backoffMs: 10 },
    });
    const tries = new Map<number, number>();
    const recorded: Array<[number, string, string]> = [];
    const w = await startWorkers(
      REDIS_URL,
      prefix,
      config,
      {
        storeSetup: async (job) => {
          const storeId = job.data.storeId;
          tries.set(storeId, (tries.get(storeId) ?? 0) + 1);
          if (storeId === 1)
            throw new MustFixError('refused', 'platform_refused', 'the store revoked the token');
          if (storeId === 2) throw new IgnorableError('nothing to set up');
          // The platform refusing the store's access stops the job; any other refusal is retried.
          if (storeId === 4) throw new PlatformRejectedError('GET /v2/store: 401', 401);
          if (storeId === 5 && tries.get(storeId)! < 3)
            throw new PlatformRejectedError('GET /v2/orders/7: 404', 404);
          if (tries.get(storeId)! < 3) throw new RetryableError('platform answered 503');
          return { done: true };
        },
      },
      q.queues,
      { mustFix: async (storeId, queue, error) => void recorded.push([storeId, queue, error.message]) },
    );
    const jobs = await Promise.all(
      [1, 2, 3, 4, 5].map((storeId) => q.queues.storeSetup.add('setup', { storeId })),
    );
    const settled = async () =>
      Promise.all(jobs.map(async (j) => (await q.queues.storeSetup.getJob(j.id!))!.getState()));
    for (let i = 0; i < 200 && (await settled()).some((s) => s !== 'completed' && s !== 'failed'); i++)
      await new Promise((r) => setTimeout(r, 25));
    expect(await settled()).toEqual(['failed', 'completed', 'completed', 'failed', 'completed']);
    expect([...tries.entries()].sort()).toEqual([
      [1, 1],
      [2, 1],
      [3, 3],
      [4, 1],
      [5, 3],
    ]);
    expect((await q.queues.storeSetup.getJob(jobs[1]!.id!))!.returnvalue).toEqual({ ignored: 'ignored' });
    expect([...recorded].sort()).toEqual([
      [1, 'storeSetup', 'the store revoked the token'],
      [4, 'storeSetup', 'GET /v2/store: 401'],
    ]);
    await w.close();
    await q.close();
  });

  it('tells where it looked when Redis does not answer', async () => {
    await expect(assertRedisReachable('redis://127.0.0.1:1', 500)).rejects.toThrow(
      /^Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*Start one with "redis-server/,
    );
  });
});
