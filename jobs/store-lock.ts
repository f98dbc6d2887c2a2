/**
 * One platform-sync at a time per store, across processes: two syncs racing could publish an older
 * state after a newer one. A Redis lock with a short lease, extended while the holder works, so a
 * killed worker's lock frees itself within seconds.
 */
import { randomUUID } from 'node:crypto';
import type IORedis from 'ioredis';

export class StoreBusyError extends Error {}

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export async function withStoreLock<T>(
  redis: IORedis,
  key: string,
  leaseMs: number,
  work: () => Promise<T>,
): Promise<T> {
  const token = randomUUID();
  if ((await redis.set(key, token, 'PX', leaseMs, 'NX')) !== 'OK')
    throw new StoreBusyError(`${key} is held by another worker`);
  const timer = setInterval(
    () => void redis.eval(EXTEND, 1, key, token, String(leaseMs)).catch(() => undefined),
    leaseMs / 3,
  );
  try {
    return await work();
  } finally {
    clearInterval(timer);
    await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
  }
}
