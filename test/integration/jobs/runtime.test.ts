/** Real Redis: workers finish the jobs they hold before a graceful shutdown completes. */
import { randomBytes } from 'node:crypto';
import { Queue } from 'bullmq';
import { loadAppConfig } from '../../../core/config/app-config';
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

  it('tells where it looked when Redis does not answer', async () => {
    await expect(assertRedisReachable('redis://127.0.0.1:1', 500)).rejects.toThrow(
      /^Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*Start one with "redis-server/,
    );
  });
});
