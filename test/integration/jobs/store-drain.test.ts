/**
 * The per-store drain on real Redis: many workers and a flood of marks. Every mark is handled, passes
 * for one store never overlap, and the flood queues a handful of jobs, not one per mark.
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { storeDrain } from '../../../jobs/store-drain';

describe('storeDrain', () => {
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  afterAll(async () => redis.quit());

  it('handles every mark with one pass at a time and few jobs', async () => {
    const prefix = `test-drain-${randomBytes(4).toString('hex')}`;
    const drain = storeDrain(redis, prefix, 'work', 2000);
    const marks = `${prefix}:marks`;
    const handled = new Set<string>();
    let running = 0;
    let overlap = 0;
    let jobs = 0;
    const inFlight: Array<Promise<void>> = [];

    // A "job": drains, and like drainJob retries shortly when turned away while work is pending.
    const runJob = async (): Promise<void> => {
      for (;;) {
        const result = await drain.drain(
          1,
          async () => {
            running += 1;
            if (running > 1) overlap += 1;
            const taken = await redis.spop(marks, 50);
            await new Promise((r) => setTimeout(r, Math.random() * 5));
            for (const m of taken) handled.add(m);
            running -= 1;
          },
          async () => (await redis.scard(marks)) > 0,
        );
        if (result.more) inFlight.push(addJob());
        if (!(result.busy && (await redis.scard(marks)) > 0)) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    };
    const addJob = async () => {
      jobs += 1;
      // Queued jobs start a little later, as a worker would pick them up.
      inFlight.push(new Promise((r) => setTimeout(r, Math.random() * 3)).then(runJob));
    };
    const mark = async (m: string) => {
      await redis.sadd(marks, m);
      await drain.request(1, addJob);
    };

    const all = Array.from({ length: 2000 }, (_, i) => `m${i}`);
    // A flood, then a trickle: marks landing while a holder is about to stop are the risky ones.
    for (let i = 0; i < 1600; i += 40) await Promise.all(all.slice(i, i + 40).map(mark));
    for (const m of all.slice(1600)) {
      await mark(m);
      await new Promise((r) => setTimeout(r, Math.random() * 3));
    }
    while (inFlight.length > 0) await inFlight.shift();

    expect(handled.size).toBe(all.length);
    expect(overlap).toBe(0);
    expect(await redis.scard(marks)).toBe(0);
    expect(jobs).toBeLessThan(all.length / 10);
  });

  it('picks up a mark that lands while the holder is about to stop', async () => {
    const prefix = `test-drain-${randomBytes(4).toString('hex')}`;
    const drain = storeDrain(redis, prefix, 'work', 2000);
    const marks = `${prefix}:marks`;
    const handled: string[] = [];
    let jobs = 0;
    const addJob = async () => void (jobs += 1);
    await redis.sadd(marks, 'first');
    await drain.request(1, addJob);
    let injected = false;
    await drain.drain(
      1,
      async () => void handled.push(...(await redis.spop(marks, 10))),
      async () => {
        const n = await redis.scard(marks);
        if (n === 0 && !injected) {
          // Right after the holder found nothing: the flag still says "queued", so no job is added.
          injected = true;
          await redis.sadd(marks, 'late');
          await drain.request(1, addJob);
          return false;
        }
        return n > 0;
      },
    );
    expect(jobs).toBe(1);
    expect(handled).toEqual(['first', 'late']);
  });

  it('starts no further pass once its lease was taken over, and reports the store busy', async () => {
    const prefix = `test-drain-${randomBytes(4).toString('hex')}`;
    const drain = storeDrain(redis, prefix, 'work', 300);
    const lock = `${prefix}:drain:work:lock:1`;
    let passes = 0;
    const result = await drain.drain(
      1,
      async () => {
        passes += 1;
        if (passes === 1) {
          // The pass stalls past its lease and another worker takes the lock meanwhile.
          await redis.set(lock, 'another-worker', 'PX', 5000);
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      async () => true, // work keeps arriving
    );
    expect(result).toEqual({ passes: 1, busy: true, more: false });
    expect(await redis.get(lock)).toBe('another-worker');
    await redis.del(lock);
  });

  it('takes the store again and goes on when its lease simply ran out', async () => {
    const prefix = `test-drain-${randomBytes(4).toString('hex')}`;
    const drain = storeDrain(redis, prefix, 'work', 300);
    const lock = `${prefix}:drain:work:lock:1`;
    let passes = 0;
    let jobs = 0;
    await drain.request(1, async () => void (jobs += 1));
    const result = await drain.drain(
      1,
      async () => {
        passes += 1;
        if (passes === 1) {
          // The pass stalls past its lease, which runs out with nobody taking the store.
          await redis.del(lock);
          await new Promise((r) => setTimeout(r, 250));
        }
      },
      async () => passes < 2,
    );
    expect(result).toEqual({ passes: 2, busy: false, more: false });
    // It stopped normally: the flag is clear, so the next change queues a job.
    await drain.request(1, async () => void (jobs += 1));
    expect(jobs).toBe(2);
    expect(await redis.get(lock)).toBeNull();
  });
});
