import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type IORedis from 'ioredis';
import type { Db } from '../server/db/client';
import type { Logger } from '../server/lib/log';
import type { Platforms } from '../server/platform/registry';
import { PlatformRejectedError } from '../server/platform/types';
import { publishStoreItems } from '../server/use-cases/publish-store-items.use-case';
import type { JobPayloads } from './queues';
import { withStoreLock } from './store-lock';

export function platformSyncProcessor(deps: {
  db: Db;
  platforms: Platforms;
  clock: () => Date;
  redis: IORedis;
  prefix: string;
  log: Logger;
}) {
  return async (job: Job<JobPayloads['platformSync']>) => {
    try {
      // A busy store throws StoreBusyError: BullMQ retries shortly, and the holder publishes meanwhile.
      return await withStoreLock(
        deps.redis,
        `${deps.prefix}:lock:sync:${job.data.storeId}`,
        15_000,
        async () => {
          deps.log.debug('platform-sync start', { jobId: job.id });
          const result = await publishStoreItems(deps, job.data.storeId);
          deps.log.debug('platform-sync done', { jobId: job.id, ...result });
          return result;
        },
      );
    } catch (err) {
      if (err instanceof PlatformRejectedError && (err.status === 401 || err.status === 403)) {
        throw new UnrecoverableError(`BigCommerce refused the store's token: ${err.message}`);
      }
      throw err; // retryable: BullMQ retries with back-off; dirty items stay dirty until published
    }
  };
}
