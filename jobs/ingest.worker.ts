/**
 * Verified webhook deliveries, by topic. One table says what each topic means to the app; a topic
 * without a handler completes quietly (logged at debug), as STYLE.md's "ignore" kind.
 */
import type { Job } from 'bullmq';
import type { Logger } from '../server/lib/log';
import {
  ingestProductCreated,
  ingestProductDeleted,
  type IngestDeps,
  type StockReport,
  worthReporting,
} from '../server/use-cases/ingest-platform-change.use-case';
import { uninstallStore } from '../server/use-cases/uninstall-store.use-case';
import { jobIds, type JobPayloads } from './queues';

export interface IngestWorkerDeps extends IngestDeps {
  log: Logger;
  forgetStoreJobs: (storeId: number) => Promise<void>;
  enqueueOrder: (payload: JobPayloads['orders'], jobId: string) => Promise<void>;
  /** Leaves a report for the store's next stock pass (and makes sure one is queued). */
  reportStock: (storeId: number, report: StockReport) => Promise<void>;
}

type Handler = (deps: IngestWorkerDeps, p: JobPayloads['ingest']) => Promise<unknown>;

const id = (p: JobPayloads['ingest']) => String(p.data.id ?? '');
const inventory = (p: JobPayloads['ingest']) =>
  (p.data.inventory ?? {}) as {
    product_id?: number;
    variant_id?: number;
    method?: 'absolute' | 'relative';
    value?: number;
  };

/**
 * Topics that only leave a stock report. The webhook route files them straight away (a Redis write,
 * like queueing a job) rather than through an ingest job each: in a flood the per-delivery job was the
 * bottleneck. The work itself still runs in the stock-refresh job.
 */
export const STOCK_TOPICS: ReadonlySet<string> = new Set([
  'store/product/inventory/updated',
  'store/sku/inventory/updated',
  'store/product/updated',
]);

export type StockReportDeps = Pick<IngestWorkerDeps, 'db' | 'clock' | 'reportStock'>;

export function fileStockReport(deps: StockReportDeps, p: JobPayloads['ingest']) {
  return report(deps, p, p.topic === 'store/product/updated');
}

/** A tracked product's stock or details changed: leave the report for the store's next stock pass. */
const report = async (deps: StockReportDeps, p: JobPayloads['ingest'], drift: boolean) => {
  const inv = inventory(p);
  const absolute = inv.method === 'absolute' && Number.isInteger(inv.value);
  const stockReport: StockReport = {
    kind: drift ? 'drift' : absolute ? 'level' : 'read',
    productId: String(inv.product_id ?? p.data.id ?? ''),
    ...(drift || inv.variant_id === undefined ? {} : { variantId: String(inv.variant_id) }),
    ...(absolute && !drift ? { value: inv.value } : {}),
    createdAt: p.createdAt ?? 0,
    receivedAt: p.receivedAt ?? 0,
  };
  const worth = await worthReporting(deps, p.storeId, stockReport);
  if (worth !== true) return { ignored: worth };
  await deps.reportStock(p.storeId, stockReport);
  return { queued: 'stock-refresh' };
};

const TOPICS: Record<string, Handler> = {
  'store/app/uninstalled': (deps, p) => uninstallStore(deps, p.storeId),
  'store/product/inventory/updated': (deps, p) => report(deps, p, false),
  'store/sku/inventory/updated': (deps, p) => report(deps, p, false),
  'store/product/updated': (deps, p) => report(deps, p, true),
  'store/product/created': (deps, p) => ingestProductCreated(deps, p.storeId, p.deliveryId, id(p)),
  'store/product/deleted': (deps, p) => ingestProductDeleted(deps, p.storeId, id(p)),
  'store/order/created': async (deps, p) => {
    const payload = { storeId: p.storeId, orderId: id(p), deliveryId: p.deliveryId };
    await deps.enqueueOrder(payload, jobIds.orders(payload));
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
