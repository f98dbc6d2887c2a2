/**
 * When the app could not take platform news (a webhook answered with an error, or Redis was out of
 * reach), the platform still holds it and sends it again later (BigCommerce retries after a minute).
 * Until then the app's view of units owed may be short, so for a while after that it adds no
 * backorder room anywhere (`publishStoreItems`); withdrawing room never waits. One Redis key, the
 * time of the last refusal, shared by every process: the web process sets it when it answers a
 * webhook with an error, and any process when its Redis connection comes back after losing it
 * (what was refused meanwhile could not be written down).
 */
import type IORedis from 'ioredis';

export interface NewsHold {
  /** News was refused now. Best effort: never throws. */
  refused(): Promise<void>;
  /** When news was last refused (ms), if it was. */
  refusedAt(): Promise<number | undefined>;
}

/** Kept a while longer than any hold (`jobs.newsHoldMs`). */
const KEEP_MS = 10 * 60_000;

export function newsHold(redis: IORedis, prefix: string, clock: () => Date): NewsHold {
  const key = `${prefix}:news-refused-at`;
  const refused = async () => {
    await redis.set(key, String(clock().getTime()), 'PX', KEEP_MS).catch(() => undefined);
  };
  // A connection that comes back after losing Redis: news may have been refused meanwhile.
  let lost = false;
  redis.on('close', () => (lost = true));
  redis.on('ready', () => {
    if (lost) void refused();
    lost = false;
  });
  return {
    refused,
    refusedAt: async () => {
      const value = await redis.get(key);
      return value === null ? undefined : Number(value);
    },
  };
}
