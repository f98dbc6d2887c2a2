/**
 * Verified webhook deliveries, by what they tell the app (the platform's topic table decides that at
 * receipt). Stock events are filed by the route itself; an ingest job for one still files it.
 */
import type { Job } from 'bullmq';
import type { Logger } from '../core/lib/log';
import type { EventKind, PlatformEvent, WebhookDelivery } from '../core/platform/types';
import {
  fileStockReport,
  STOCK_EVENTS,
  type StockReportDeps,
} from '../core/use-cases/file-stock-report.use-case';
import { deliveriesDone, droppedForUninstalledStore } from '../core/use-cases/webhook-inbox.use-case';
import {
  ingestProductCreated,
  ingestProductDeleted,
  ingestVariantDeleted,
  type IngestDeps,
} from '../core/use-cases/ingest-platform-change.use-case';
import { uninstallStore } from '../core/use-cases/uninstall-store.use-case';
import type { JobPayloads, LegacyIngest } from './queues';

export interface IngestWorkerDeps extends IngestDeps, StockReportDeps {
  log: Logger;
  forgetStoreJobs: (storeId: number) => Promise<void>;
  enqueueOrder: (payload: JobPayloads['orders']) => Promise<void>;
}

type Of<K extends EventKind> = Extract<PlatformEvent, { kind: K }>;
type Handler<K extends EventKind> = (
  deps: IngestWorkerDeps,
  d: WebhookDelivery,
  e: Of<K>,
) => Promise<unknown>;

const HANDLERS: { [K in EventKind]: Handler<K> } = {
  stock: (deps, d) => fileStockReport(deps, d),
  'product-edited': (deps, d) => fileStockReport(deps, d),
  'product-created': (deps, d, e) => ingestProductCreated(deps, d.storeId, d.deliveryId, e.productId),
  'product-deleted': (deps, d, e) => ingestProductDeleted(deps, d.storeId, e.productId),
  'variant-deleted': (deps, d, e) => ingestVariantDeleted(deps, d.storeId, e.productId, e.variantId),
  'order-created': async (deps, d, e) => {
    await deps.enqueueOrder({
      storeId: d.storeId,
      orderId: e.orderId,
      deliveryId: d.deliveryId,
      ...(d.receivedAt === undefined ? {} : { receivedAt: d.receivedAt }),
    });
    return { queued: 'orders' };
  },
  uninstalled: (deps, d) => uninstallStore(deps, d.storeId),
};

/** A legacy job's event, read from its payload as BigCommerce sent it (the only platform then). */
const legacyEvent = (deps: IngestWorkerDeps, legacy: LegacyIngest) =>
  deps.platforms.app('bigcommerce').eventOf(legacy.topic, legacy.data);

export function ingestProcessor(deps: IngestWorkerDeps) {
  return async (job: Job<JobPayloads['ingest']>) => {
    const event = 'event' in job.data ? job.data.event : legacyEvent(deps, job.data);
    const handler = event && (HANDLERS[event.kind] as Handler<EventKind>);
    if (!event || !handler) {
      deps.log.debug('webhook topic not handled', { topic: job.data.topic });
      return { handled: false };
    }
    const delivery: WebhookDelivery = { ...job.data, event };
    // Taken for a store uninstalled since (queued just before, or the route's store cache held it).
    if (event.kind !== 'uninstalled' && (await droppedForUninstalledStore(deps, delivery))) {
      deps.log.debug('webhook for a store not installed dropped', { topic: job.data.topic });
      return { handled: false };
    }
    const result = await handler(deps, delivery, event);
    // A stock report's wait ends when it is applied, an order's when it is recorded.
    if (!STOCK_EVENTS.has(event.kind) && event.kind !== 'order-created')
      await deliveriesDone(deps, delivery.storeId, [delivery.deliveryId]);
    return { handled: true, result };
  };
}
