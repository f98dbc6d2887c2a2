/**
 * Verified webhook deliveries, by topic. One table says what each topic means to the app; a topic
 * without a handler completes quietly (logged at debug), as STYLE.md's "ignore" kind.
 */
import type { Job } from 'bullmq';
import type { Logger } from '../server/lib/log';
import {
  ingestInventory,
  ingestProductCreated,
  ingestProductUpdate,
  type IngestDeps,
} from '../server/use-cases/ingest-platform-change.use-case';
import { uninstallStore } from '../server/use-cases/uninstall-store.use-case';
import { jobIds, type JobPayloads } from './queues';

export interface IngestWorkerDeps extends IngestDeps {
  log: Logger;
  forgetStoreJobs: (storeId: number) => Promise<void>;
  enqueueOrder: (payload: JobPayloads['orders'], jobId: string) => Promise<void>;
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
const inventoryProduct = (p: JobPayloads['ingest']) => String(inventory(p).product_id ?? p.data.id ?? '');
const inventoryReport = (p: JobPayloads['ingest']) => {
  const inv = inventory(p);
  return {
    variantId: inv.variant_id === undefined ? undefined : String(inv.variant_id),
    method: inv.method,
    value: inv.value,
  };
};

const TOPICS: Record<string, Handler> = {
  'store/app/uninstalled': (deps, p) => uninstallStore(deps, p.storeId),
  'store/product/inventory/updated': (deps, p) =>
    ingestInventory(deps, p.storeId, p.deliveryId, inventoryProduct(p), inventoryReport(p)),
  'store/sku/inventory/updated': (deps, p) =>
    ingestInventory(deps, p.storeId, p.deliveryId, inventoryProduct(p), inventoryReport(p)),
  'store/product/updated': (deps, p) => ingestProductUpdate(deps, p.storeId, id(p)),
  'store/product/created': (deps, p) => ingestProductCreated(deps, p.storeId, p.deliveryId, id(p)),
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
