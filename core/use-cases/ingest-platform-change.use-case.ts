/**
 * What a platform webhook means for tracked items. Warehouse counts carry their figure; relative
 * changes carry theirs. The app's own adjustments come back as relative changes too: its ledger
 * expects each one's echo (`core/domain/level-ledger.ts`), so they change nothing and the app never
 * loops — recognised by the ledger, never by a level.
 */
import type { Db } from '../db/client';
import { settleDeliveries } from '../db/deliveries.repo';
import { logEvent } from '../db/events.repo';
import { untrackDeleted } from '../db/items-deleted.repo';
import { getItem, itemsOfProduct, itemsOfProducts, toState, type ItemRow } from '../db/items.repo';
import { getSettings } from '../db/settings.repo';
import { getStore } from '../db/stores.repo';
import { decide } from '../domain/decide';
import { changed, counted, placedBefore } from '../domain/level-ledger';
import type { ItemEvent, ProductId, VariantId } from '../domain/types';
import { RetryableError } from '../errors';
import type { CatalogProduct } from '../platform/types';
import { applyEvent, publishWhereOff } from './apply-item-event.use-case';
import { AssignError, assignProducts, type AssignDeps } from './assign-products.use-case';
import type { Platforms } from './platforms';
import { replayedInPlace } from './replay-in-place';

export interface IngestDeps extends AssignDeps {
  db: Db;
  platforms: Platforms;
}

const platformActor = { kind: 'platform' } as const;

/**
 * What a webhook said about a product, waiting for the store's next stock pass. `level`: a warehouse
 * count (the webhook's own figure, a point in time). `delta`: a relative change of the level (the app's
 * own adjustment echoing back, or someone else's change). `drift`: the product was edited; read it to
 * see whether someone else changed what the app shows.
 */
export interface StockReport {
  kind: 'level' | 'delta' | 'drift';
  productId: ProductId;
  variantId?: VariantId;
  value?: number;
  /** The delivery it came in: one report each, never merged with another (a count pays owed units). */
  key: string;
  /** The platform's `created_at` (seconds), then our arrival time (ms): the order reports apply in. */
  createdAt: number;
  receivedAt: number;
}

/**
 * Once a pass's news is applied and no longer waits: a publish may have held room back on its items
 * (`publishStoreItems`), so each whose platform level is off what it wants is published now rather
 * than when that publish looks again. Speed only: a held item stays unpublished until its room goes
 * out, so a worker killed before this runs loses nothing.
 */
export async function publishAfterNews(deps: IngestDeps, storeId: number, reports: StockReport[]) {
  const products = [...new Set(reports.filter((r) => r.kind !== 'drift').map((r) => r.productId))];
  if (products.length === 0) return;
  const touched = (await itemsOfProducts(deps.db, storeId, products)).filter((i) => i.tracked);
  await publishWhereOff(
    deps,
    storeId,
    touched.map((i) => i.id),
  );
}

/** Whether a webhook's report is worth a pass: the product is tracked. */
export async function worthReporting(
  deps: Pick<IngestDeps, 'db'>,
  storeId: number,
  report: StockReport,
): Promise<'untracked' | true> {
  const tracked = (await itemsOfProduct(deps.db, storeId, report.productId)).filter((i) => i.tracked);
  return tracked.length === 0 ? 'untracked' : true;
}

/**
 * One pass over a store's waiting reports, in the platform's order (its stamp, then arrival): a count
 * becomes a count on hand and resets the item's ledger; a relative change is the echo of the app's own
 * adjustment (the ledger expects it) or someone else's change of stock; an edit whose listing the app
 * did not set is logged for the merchant (products read in batches of 50).
 */
export async function applyStockReports(deps: IngestDeps, storeId: number, reports: StockReport[]) {
  const result = await applyReports(deps, storeId, reports);
  // Their deliveries no longer wait (`webhook-inbox.use-case.ts`).
  await settleDeliveries(deps.db, storeId, [...new Set(reports.map((r) => r.key))]);
  return result;
}

async function applyReports(deps: IngestDeps, storeId: number, reports: StockReport[]) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active' || reports.length === 0) return { applied: 0 };
  const tracked = (
    await itemsOfProducts(deps.db, storeId, [...new Set(reports.map((r) => r.productId))])
  ).filter((i) => i.tracked);
  const drifted = [...new Set(reports.filter((r) => r.kind === 'drift').map((r) => r.productId))];
  const read = drifted.filter((id) => tracked.some((i) => i.productId === id));
  const products = new Map(
    read.length === 0
      ? []
      : (await deps.platforms.forStore(store).getProducts(read)).map((p) => [p.id, p] as const),
  );
  const byProduct = new Map<string, ItemRow[]>();
  for (const item of tracked) byProduct.set(item.productId, [...(byProduct.get(item.productId) ?? []), item]);
  const ordered = [...reports].sort((a, b) => a.createdAt - b.createdAt || a.receivedAt - b.receivedAt);
  let applied = 0;
  const driftLogged = new Set<string>();
  for (const report of ordered) {
    // Edits of one product in a pass are one read: what it found is logged once.
    if (report.kind === 'drift' && driftLogged.has(report.productId)) continue;
    if (report.kind === 'drift') driftLogged.add(report.productId);
    for (const item of byProduct.get(report.productId) ?? []) {
      if (report.kind === 'drift') {
        const product = products.get(item.productId);
        if (product) await logDrift(deps, storeId, item.id, product);
        continue;
      }
      // A product-level change says nothing about one variant's stock.
      if (item.trackBy === 'variant' && report.variantId !== item.variantId) continue;
      const changed = await (report.kind === 'level' ? applyCount : applyDelta)(deps, storeId, item, report);
      if (changed) applied += 1;
    }
  }
  return { applied };
}

async function applyCount(deps: IngestDeps, storeId: number, item: ItemRow, report: StockReport) {
  const level = report.value!;
  const count = { countedAt: report.createdAt, receivedAt: report.receivedAt };
  const event: ItemEvent = {
    type: 'on-hand',
    key: `count:${report.key}:${item.id}`,
    level,
    actor: platformActor,
    ...count,
    delivery: report.key,
  };
  const result = await applyEvent(deps, storeId, item.id, event, {
    // A count taken before changes the item already took (sales placed after it, a newer count) is
    // replayed into its place before them; an old one that cannot be replayed changes nothing.
    rules: async (tx, before, settings) => {
      const now = deps.clock();
      const state = toState(before);
      const ledger = before.publishedState ?? {};
      const stale = ledger.countedAt !== undefined && count.countedAt < ledger.countedAt;
      const overtaken = (ledger.sales ?? []).some(
        (sale) => !placedBefore(sale, { countedAt: count.countedAt, countReceivedAt: count.receivedAt }),
      );
      if (!stale && !overtaken) return decide(state, settings, event, now);
      const place = [count.countedAt, count.receivedAt] as const;
      const replayed = await replayedInPlace(tx, before, settings, event, place, now);
      if (replayed) return replayed;
      return stale
        ? { item: { ...state, lastEventKey: event.key }, effects: [] }
        : decide(state, settings, event, now);
    },
    ledger: (l) => counted(l, level, count, deps.clock().getTime()),
  });
  return result?.changed ?? false;
}

async function applyDelta(deps: IngestDeps, storeId: number, item: ItemRow, report: StockReport) {
  const delta = report.value!;
  const event: ItemEvent = {
    type: 'stock-delta',
    key: `delta:${report.key}:${item.id}`,
    delta,
    actor: platformActor,
  };
  // One transaction: the delivery's key is claimed whether it is the app's own echo or not, so a
  // delivery applied twice (handed back after a Redis loss) cannot pass for someone else's change.
  const result = await applyEvent(deps, storeId, item.id, event, {
    rules: async (_tx, before, settings) => {
      const ledger = { level: before.platformLevel, state: before.publishedState ?? {} };
      if (!changed(ledger, delta, deps.clock().getTime()).own)
        return decide(toState(before), settings, event, deps.clock());
      // The app's own adjustment: nothing changes but the ledger, which expected it.
      return { item: { ...toState(before), lastEventKey: event.key }, effects: [] };
    },
    ledger: (l) => changed(l, delta, deps.clock().getTime()).ledger,
  });
  return result?.changed ?? false;
}

/** Logged only while nothing of the app's is on its way for the item (else it is the app's own). */
async function logDrift(deps: IngestDeps, storeId: number, itemId: number, product: CatalogProduct) {
  const item = await getItem(deps.db, storeId, itemId);
  if (!item || item.version !== item.publishedVersion || item.publishedState?.pending) return;
  const level = platformLevel(product, item);
  const purchasable = platformPurchasable(product, item);
  const shown = item.publishedState?.purchasable;
  if (level === item.platformLevel && (shown === undefined || purchasable === shown)) return;
  await logEvent(deps.db, storeId, {
    type: 'platform-change',
    itemId: item.id,
    actor: platformActor,
    data: { level, purchasable },
  });
}

/** `store/product/deleted`: its items stop being tracked (and stop waiting for a platform write). */
export async function ingestProductDeleted(deps: IngestDeps, storeId: number, productId: ProductId) {
  const reason = "The product was deleted from the store's catalog.";
  return { untracked: (await untrackDeleted(deps.db, storeId, [{ productId, reason }])).length };
}

/** `store/sku/deleted`: the variant's own item stops being tracked; the product's others stay. */
export async function ingestVariantDeleted(
  deps: IngestDeps,
  storeId: number,
  productId: ProductId,
  variantId: VariantId,
) {
  const reason = "The variant was deleted from the store's catalog.";
  const gone = await untrackDeleted(deps.db, storeId, [{ productId, variantId, reason }]);
  return { untracked: gone.length };
}

/** `store/product/created`: assigned with the default template when the store asks for it. */
export async function ingestProductCreated(
  deps: IngestDeps,
  storeId: number,
  deliveryId: string,
  productId: ProductId,
) {
  const settings = await getSettings(deps.db, storeId);
  if (!settings?.autoAssignNewProducts) return { ignored: 'auto-assign off' as const };
  try {
    return await assignProducts(deps, storeId, {
      productIds: [productId],
      actor: platformActor,
      requestKey: `created:${deliveryId}`,
    });
  } catch (err) {
    // The webhook named the product, so the catalog will list it: a read that does not yet is retried.
    if (err instanceof AssignError && err.reason === 'product_not_found')
      throw new RetryableError(err.message, { cause: err });
    // A product the store does not track is always sellable: nothing to assign, nothing to fix.
    if (err instanceof AssignError && err.reason === 'product_not_tracked')
      return { ignored: 'inventory not tracked' as const };
    throw err;
  }
}

function platformLevel(product: CatalogProduct, item: ItemRow): number | undefined {
  if (item.trackBy === 'product') return product.inventoryLevel;
  return product.variants.find((v) => v.id === item.variantId)?.inventoryLevel;
}

function platformPurchasable(product: CatalogProduct, item: ItemRow): boolean {
  if (item.trackBy === 'product') return product.availability !== 'disabled';
  return !product.variants.find((v) => v.id === item.variantId)?.purchasingDisabled;
}
