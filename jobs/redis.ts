/**
 * Redis connections for BullMQ. Start-up checks that Redis answers and stops with one line saying where
 * it looked and how to start one: jobs are never skipped silently.
 */
import IORedis, { type RedisOptions } from 'ioredis';
import { RetryableError } from '../core/errors';

export class RedisUnavailableError extends RetryableError {}

/** For workers: BullMQ needs `maxRetriesPerRequest: null` so blocking commands wait out a blip. */
export function workerConnection(url: string): IORedis {
  return new IORedis(url, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** A command Redis has not answered by then counts as Redis being down. */
export const COMMAND_TIMEOUT_MS = 2000;

/**
 * For producing (every process queues work): fail fast when Redis is down, so a route answers 503 at
 * once (BullMQ pattern), and give up on a command a hung Redis never answers, so a request waits at
 * most ~2 s instead of the whole outage.
 */
export function producerConnection(url: string): IORedis {
  return new IORedis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: false,
    commandTimeout: COMMAND_TIMEOUT_MS,
  });
}

export async function assertRedisReachable(url: string, timeoutMs = 3000): Promise<void> {
  const options: RedisOptions = {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  };
  const probe = new IORedis(url, options);
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    const where = safeRedisUrl(url);
    throw new RedisUnavailableError(
      `Redis is not reachable at ${where} (${(err as Error).message}). Start one with ` +
        `"redis-server --daemonize yes" (Debian: apt-get install redis-server) or point REDIS_URL at yours.`,
    );
  } finally {
    probe.disconnect();
  }
}

export function safeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable REDIS_URL)';
  }
}
