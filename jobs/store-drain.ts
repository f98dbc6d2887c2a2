/**
 * Per-store work that must run one pass at a time across processes (publishing to the platform,
 * reading stock back from it): a flood of changes becomes a few passes, not one job per change.
 *
 * - `request` queues a job only when the store's "queued" flag is not set (a Redis flag, not a job id:
 *   BullMQ would also drop an add while the job with that id is running).
 * - `drain` runs passes under a per-store lock with a short lease (a killed worker's lock frees
 *   itself) while work is pending. The flag stays set meanwhile, so a flood queues no more jobs;
 *   before stopping, the holder clears it and looks once more. A job turned away by the lock while
 *   work is pending retries a second later (`drainJob`).
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, type Job } from 'bullmq';
import type IORedis from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the holder's lock, and the "queued" flag it keeps set while it runs, by one lease. */
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('pexpire', KEYS[2], ARGV[2])
  return redis.call('pexpire', KEYS[1], ARGV[2])
else return 0 end`;
/** Passes one job runs before handing over to a fresh job, so one store can't hold a worker forever. */
const MAX_PASSES = 20;
/** A job turned away while work is pending looks again after this (the holder may have died). */
const BUSY_RETRY_MS = 1000;

export interface DrainResult {
  passes: number;
  /** Another worker held the store; it picks up what this job was queued for. */
  busy: boolean;
  /** Work was still pending after MAX_PASSES: the caller queues another job. */
  more: boolean;
}

export interface StoreDrain {
  /** Queues a pass via `add` unless one is already waiting; `force` skips that check (the sweep). */
  request(storeId: number, add: () => Promise<unknown>, force?: boolean): Promise<void>;
  drain(storeId: number, pass: () => Promise<unknown>, pending: () => Promise<boolean>): Promise<DrainResult>;
}

export function storeDrain(redis: IORedis, prefix: string, name: string, leaseMs: number): StoreDrain {
  const queuedKey = (storeId: number) => `${prefix}:drain:${name}:queued:${storeId}`;
  const lockKey = (storeId: number) => `${prefix}:drain:${name}:lock:${storeId}`;
  return {
    async request(storeId, add, force = false) {
      // The flag lapses after one lease unless a running holder keeps it: a job lost with its worker
      // (killed, Redis flushed) blocks new jobs for seconds, not for as long as BullMQ takes to notice.
      const first = (await redis.set(queuedKey(storeId), '1', 'PX', leaseMs, 'NX')) === 'OK';
      if (!first && !force) return;
      try {
        await add();
      } catch (err) {
        await redis.del(queuedKey(storeId)).catch(() => undefined);
        throw err;
      }
    },

    async drain(storeId, pass, pending) {
      const token = randomUUID();
      if ((await redis.set(lockKey(storeId), token, 'PX', leaseMs, 'NX')) !== 'OK')
        return { passes: 0, busy: true, more: false };
      // A lease that could not be extended (a pass stalled past it) may now be another worker's.
      let lost = false;
      const timer = setInterval(
        () =>
          void redis.eval(EXTEND, 2, lockKey(storeId), queuedKey(storeId), token, String(leaseMs)).then(
            (extended) => {
              if (extended !== 1) lost = true;
            },
            () => undefined,
          ),
        leaseMs / 3,
      );
      let passes = 0;
      try {
        for (;;) {
          await pass();
          passes += 1;
          // Lease lost: if another worker holds the store now, stop and say busy; if nobody does
          // (it simply ran out), take it again and go on as if nothing happened.
          if (lost) {
            if ((await redis.set(lockKey(storeId), token, 'PX', leaseMs, 'NX')) !== 'OK')
              return { passes, busy: true, more: false };
            lost = false;
          }
          if (await pending()) {
            if (passes >= MAX_PASSES) return { passes, busy: false, more: true };
            continue;
          }
          // About to stop: clear the flag so new work queues a job, then look once more for work
          // marked while the flag still said "queued" (it queued nothing).
          await redis.del(queuedKey(storeId));
          if (!(await pending())) return { passes, busy: false, more: false };
        }
      } finally {
        clearInterval(timer);
        await redis.eval(RELEASE, 1, lockKey(storeId), token).catch(() => undefined);
      }
    },
  };
}

/**
 * A drain as a BullMQ job. Turned away while work is still pending, the job waits a second and looks
 * again rather than completing: the holder may have been killed, its lease running out with nothing
 * queued behind it. After its maximum of passes it queues a fresh job (`requeue`).
 */
export async function drainJob(
  job: Job,
  token: string | undefined,
  drain: StoreDrain,
  storeId: number,
  work: { pass: () => Promise<unknown>; pending: () => Promise<boolean>; requeue: () => Promise<void> },
): Promise<DrainResult> {
  const result = await drain.drain(storeId, work.pass, work.pending);
  if (result.more) await work.requeue();
  if (result.busy && (await work.pending())) {
    await job.moveToDelayed(Date.now() + BUSY_RETRY_MS, token);
    throw new DelayedError();
  }
  return result;
}
