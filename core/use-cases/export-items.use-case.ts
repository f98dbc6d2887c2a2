/**
 * Every assigned item of a store as CSV, produced page by page (keyset by id) so a store of a
 * million items streams in constant memory: BOM, header, rows. Text cells that a spreadsheet would
 * run as a formula are neutralised (core/lib/csv.ts); numbers stay numbers.
 */
import type { ItemFigures } from '../contract/admin-api';
import { EXPORT_COLUMNS } from '../csv/columns';
import type { Db } from '../db/client';
import { trackedItemsAfter } from '../db/items.repo';
import { getSettings } from '../db/settings.repo';
import { getStore } from '../db/stores.repo';
import { todayIn } from '../domain/dates';
import { backordered } from '../domain/status';
import { BOM, csvRow } from '../lib/csv';

const PAGE = 2_000;

/** The stock columns of the export (all but `backorder_enabled`), also the unassign email's attachment. */
export const STOCK_COLUMNS = EXPORT_COLUMNS.filter((c) => c !== 'backorder_enabled');

/**
 * An item's cells under `STOCK_COLUMNS`. `stock` is the count on the shelf, what a warehouse counts
 * and what the import reads back; `backordered` is the units owed to customers (read-only). The
 * signed stock is never written: a negative cell means nothing to a spreadsheet or to the import.
 */
export function stockCells(i: ItemFigures) {
  return [
    i.sku,
    i.productId,
    i.variantId,
    i.name,
    Math.max(0, i.stock),
    backordered(i.stock),
    i.threshold,
    i.incomingStock,
    i.backInStockDate,
  ];
}

export async function* exportItemsCsv(db: Db, storeId: number, pageSize = PAGE): AsyncGenerator<string> {
  yield BOM + csvRow([...EXPORT_COLUMNS]);
  let after = 0;
  for (;;) {
    const page = await trackedItemsAfter(db, storeId, after, pageSize);
    if (page.length === 0) return;
    yield page.map((i) => csvRow([...stockCells(i), i.enabled ? 'yes' : 'no'])).join('');
    after = page[page.length - 1]!.id;
  }
}

/** `backorder-items-<store hash>-<today in the store's time zone>.csv` */
export async function exportFileName(db: Db, storeId: number, now: Date): Promise<string> {
  const [store, settings] = await Promise.all([getStore(db, storeId), getSettings(db, storeId)]);
  const slug = (store?.platformId ?? String(storeId)).replace(/[^a-z0-9-]/gi, '-');
  return `backorder-items-${slug}-${todayIn(settings?.timeZone ?? store?.timeZone ?? 'UTC', now)}.csv`;
}
