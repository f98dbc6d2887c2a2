/**
 * A stock webhook (an inventory count, or a product edited) leaves a report for the store's next
 * stock pass. The webhook route files these straight away (one Redis write for the deliveries that
 * arrive together, `webhook-inbox.use-case.ts`) rather than through an ingest job each: in a flood the
 * per-delivery job was the bottleneck. The work itself runs in the stock pass (`applyStockReports`).
 */
import type { Db } from '../db/client';
import { settleDeliveries } from '../db/deliveries.repo';
import type { EventKind, WebhookDelivery } from '../platform/types';
import { worthReporting, type StockReport } from './ingest-platform-change.use-case';

/** The events that only leave a stock report. */
export const STOCK_EVENTS: ReadonlySet<EventKind> = new Set(['stock', 'product-edited']);

export interface StockReportDeps {
  db: Db;
  clock: () => Date;
  /** Leaves a report for the store's next stock pass (and makes sure one is queued). */
  reportStock: (storeId: number, report: StockReport) => Promise<void>;
}

/** The report a stock event leaves for the store's next stock pass; undefined for any other event. */
export function stockReportOf(delivery: WebhookDelivery): StockReport | undefined {
  const { event } = delivery;
  if (event.kind !== 'stock' && event.kind !== 'product-edited') return undefined;
  const stamps = {
    key: delivery.deliveryId,
    createdAt: delivery.createdAt ?? 0,
    receivedAt: delivery.receivedAt ?? 0,
  };
  return event.kind === 'product-edited'
    ? { kind: 'drift', productId: event.productId, ...stamps }
    : {
        kind: event.level === undefined ? 'delta' : 'level',
        productId: event.productId,
        ...(event.variantId === undefined ? {} : { variantId: event.variantId }),
        value: event.level ?? event.delta ?? 0,
        ...stamps,
      };
}

/** A tracked product's stock or details changed: leave the report for the store's next stock pass. */
export async function fileStockReport(deps: StockReportDeps, delivery: WebhookDelivery) {
  const report = stockReportOf(delivery);
  if (!report) return { ignored: 'not a stock event' };
  const worth = await worthReporting(deps, delivery.storeId, report);
  if (worth !== true) {
    await settleDeliveries(deps.db, delivery.storeId, [delivery.deliveryId]);
    return { ignored: worth };
  }
  await deps.reportStock(delivery.storeId, report);
  return { queued: 'stock-refresh' };
}
