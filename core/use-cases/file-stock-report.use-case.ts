/**
 * A stock webhook (an inventory count, or a product edited) leaves a report for the store's next
 * stock pass. The webhook route files these straight away (a Redis write, like queueing a job) rather
 * than through an ingest job each: in a flood the per-delivery job was the bottleneck. The work
 * itself runs in the stock pass (`applyStockReports`).
 */
import type { Db } from '../db/client';
import type { WebhookDelivery } from '../platform/types';
import { worthReporting, type StockReport } from './ingest-platform-change.use-case';

/** Topics that only leave a stock report. */
export const STOCK_TOPICS: ReadonlySet<string> = new Set([
  'store/product/inventory/updated',
  'store/sku/inventory/updated',
  'store/product/updated',
]);

export interface StockReportDeps {
  db: Db;
  clock: () => Date;
  /** Leaves a report for the store's next stock pass (and makes sure one is queued). */
  reportStock: (storeId: number, report: StockReport) => Promise<void>;
}

/** A tracked product's stock or details changed: leave the report for the store's next stock pass. */
export async function fileStockReport(deps: StockReportDeps, delivery: WebhookDelivery) {
  const drift = delivery.topic === 'store/product/updated';
  const inv = inventory(delivery);
  const absolute = inv.method === 'absolute' && Number.isInteger(inv.value);
  const stockReport: StockReport = {
    kind: drift ? 'drift' : absolute ? 'level' : 'read',
    productId: String(inv.product_id ?? delivery.data.id ?? ''),
    ...(drift || inv.variant_id === undefined ? {} : { variantId: String(inv.variant_id) }),
    ...(absolute && !drift ? { value: inv.value } : {}),
    createdAt: delivery.createdAt ?? 0,
    receivedAt: delivery.receivedAt ?? 0,
  };
  const worth = await worthReporting(deps, delivery.storeId, stockReport);
  if (worth !== true) return { ignored: worth };
  await deps.reportStock(delivery.storeId, stockReport);
  return { queued: 'stock-refresh' };
}

const inventory = (delivery: WebhookDelivery) =>
  (delivery.data.inventory ?? {}) as {
    product_id?: number;
    variant_id?: number;
    method?: 'absolute' | 'relative';
    value?: number;
  };
