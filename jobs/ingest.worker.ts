/**
 * Verified webhook deliveries, by topic. One table says what each topic means to the app; a topic
 * without a handler completes quietly (logged at debug), as STYLE.md's "ignore" kind.
 */
import type { Job } from 'bullmq';
import type { Db } from '../server/db/client';
import type { Logger } from '../server/lib/log';
import { uninstallStore } from '../server/use-cases/uninstall-store.use-case';
import type { JobPayloads } from './queues';

export interface IngestDeps {
  db: Db;
  log: Logger;
  forgetStoreJobs: (storeId: number) => Promise<void>;
}

type Handler = (deps: IngestDeps, payload: JobPayloads['ingest']) => Promise<unknown>;

const TOPICS: Record<string, Handler> = {
  'store/app/uninstalled': (deps, p) => uninstallStore(deps, p.storeId),
};

export function ingestProcessor(deps: IngestDeps) {
  return async (job: Job<JobPayloads['ingest']>) => {
    const handler = TOPICS[job.data.topic];
    if (!handler) {
      deps.log.debug('webhook topic not handled', { topic: job.data.topic });
      return { handled: false };
    }
    return { handled: true, result: await handler(deps, job.data) };
  };
}
