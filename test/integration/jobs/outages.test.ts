/**
 * Redis going away, on a redis-server of the test's own (never the machine's shared one): a hung Redis
 * answers within about two seconds, the minute schedule comes back after a restart that lost it, and
 * a store held by a worker that died is taken over within a lease.
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { loadAppConfig } from '../../../core/config/app-config';
import { producerConnection } from '../../../jobs/redis';
import { createQueues, startWorkers } from '../../../jobs/runtime';
import { storeDrain } from '../../../jobs/store-drain';
import { eventually } from '../../support/app-harness';
import { ownRedis } from '../../support/redis-server';

const config = loadAppConfig();

describe('when Redis goes away', () => {
  const started: Array<{ stop(): Promise<void> }> = [];
  afterAll(async () => Promise.all(started.map((s) => s.stop())));

  it('gives up on a command a hung Redis never answers within about two seconds', async () => {
    const redis = await ownRedis();
    started.push(redis);
    const connection = producerConnection(redis.url);
    connection.on('error', () => undefined);
    await new Promise((ready) => connection.once('ready', ready));
    await connection.ping();
    redis.child.kill('SIGSTOP');
    const t0 = Date.now();
    try {
      await expect(connection.set('k', 'v')).rejects.toThrow(/timed out/i);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      redis.child.kill('SIGCONT');
      connection.disconnect();
    }
  });

  it('makes the minute schedule again after a Redis restart that lost it', async () => {
    const redis = await ownRedis();
    started.push(redis);
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const quick = { ...config, jobs: { ...config.jobs, schedulerCheckMs: 300 } };
    const q = await createQueues(redis.url, prefix, quick);
    const schedule = async () => ({ stores: 0, itemsDue: 0, itemsChanged: 0 });
    const w = await startWorkers(redis.url, prefix, quick, { schedule }, q.queues);
    expect(await q.queues.schedule.getJobSchedulers()).toHaveLength(1);
    // A restart without persistence: everything Redis held is gone.
    await redis.stop();
    const again = await ownRedis(redis.port);
    started.push(again);
    await eventually(
      async () => ((await q.queues.schedule.getJobSchedulers().catch(() => [])).length === 1 ? true : null),
      10_000,
      'the schedule made again',
    );
    await w.close();
    await q.close();
  });

  it('takes a store over within a lease when the worker holding it died', async () => {
    const redis = await ownRedis();
    started.push(redis);
    const prefix = `test-${randomBytes(4).toString('hex')}`;
    const leaseMs = 1000;
    // The worker that dies: its pass never ends and its connection goes with it, so nothing extends
    // its lease or clears the store's "queued" flag.
    // No offline queue: once it is gone, its commands fail at once instead of waiting for it.
    const dying = new IORedis(redis.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    dying.on('error', () => undefined);
    await new Promise((ready) => dying.once('ready', ready));
    const doomed = storeDrain(dying, prefix, 'sync', leaseMs);
    await doomed.request(1, async () => undefined);
    let holding!: () => void;
    let resolveDoomed!: () => void;
    let over = false;
    const held = new Promise<void>((r) => (holding = r));
    const doomedDrain = doomed
      .drain(
        1,
        async () => {
          if (over) return;
          holding();
          dying.disconnect();
          await new Promise<void>((r) => (resolveDoomed = r));
        },
        async () => !over,
      )
      .catch(() => undefined);
    await held;

    const redisOk = new IORedis(redis.url, { maxRetriesPerRequest: 1 });
    const drain = storeDrain(redisOk, prefix, 'sync', leaseMs);
    const t0 = Date.now();
    let queued = 0;
    // New work arrives for the store: a job is queued and a pass runs as soon as the lease lapses.
    const taken = await eventually(
      async () => {
        await drain.request(1, async () => void (queued += 1));
        if (queued === 0) return null;
        const result = await drain.drain(
          1,
          async () => undefined,
          async () => false,
        );
        return result.busy ? null : result;
      },
      10_000,
      'the store taken over',
    );
    expect(taken.passes).toBe(1);
    expect(Date.now() - t0).toBeLessThan(3 * leaseMs);
    // The test is over: let the dead holder's pass end, so its timer stops.
    over = true;
    resolveDoomed();
    await doomedDrain;
    redisOk.disconnect();
  });
});
