/**
 * Verified webhook deliveries, by topic. One table says what each topic means to the app; a topic
 * without a handler completes quietly (logged at debug), as STYLE.md's "ignore" kind.
 */
import type { Job } from 'bullmq';
import type { Logger } from '../core/lib/log';
import { fileStockReport, type StockReportDeps } from '../core/use-cases/file-stock-report.use-case';
import {
  ingestProductCreated,
  ingestProductDeleted,
  type IngestDeps,
} from '../core/use-cases/ingest-platform-change.use-case';
import { uninstallStore } from '../core/use-cases/uninstall-store.use-case';
import type { JobPayloads } from './queues';

export interface IngestWorkerDeps extends IngestDeps, StockReportDeps {
  log: Logger;
  forgetStoreJobs: (storeId: number) => Promise<void>;
  enqueueOrder: (payload: JobPayloads['orders']) => Promise<void>;
}

type Handler = (deps: IngestWorkerDeps, p: JobPayloads['ingest']) => Promise<unknown>;

const id = (p: JobPayloads['ingest']) => String(p.data.id ?? '');
const TOPICS: Record<string, Handler> = {
  'store/app/uninstalled': (deps, p) => uninstallStore(deps, p.storeId),
  'store/product/inventory/updated': fileStockReport,
  'store/sku/inventory/updated': fileStockReport,
  'store/product/updated': fileStockReport,
  'store/product/created': (deps, p) => ingestProductCreated(deps, p.storeId, p.deliveryId, id(p)),
  'store/product/deleted': (deps, p) => ingestProductDeleted(deps, p.storeId, id(p)),
  'store/order/created': async (deps, p) => {
    const payload = { storeId: p.storeId, orderId: id(p), deliveryId: p.deliveryId };
    await deps.enqueueOrder(payload);
    return { queued: 'orders' };
  },
};

export function ingestProcessor(deps: IngestWorkerDeps) {
  return async (job: Job<JobPayloads['ingest']>) => {
    const handler = TOPICS[job.data.topic];
    if (!handler) {
      deps.log.debug('webhook topic not handled', { topic: job.data.topic });
      return { handled: false };
    }
    return { handled: true, result: await handler(deps, job.data) };
  };
}
