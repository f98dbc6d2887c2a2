/**
 * What a platform webhook means for tracked items. Webhooks carry ids; the figures are read from the
 * platform (the authoritative source). The app's own catalog writes come back as webhooks too: a level
 * or state equal to what we last published is our echo and is dropped, so the app never loops.
 */
import type { Db } from '../db/client';
import { itemsOfProduct, itemsOfProducts, type ItemRow, untrackDeletedProducts } from '../db/items.repo';
import { logEvent } from '../db/events.repo';
import { getSettings } from '../db/settings.repo';
import { getStore } from '../db/stores.repo';
import { RetryableError } from '../errors';
import type { Platforms } from './platforms';
import type { CatalogProduct, ItemPublication } from '../platform/types';
import { applyEvent } from './apply-item-event.use-case';
import { AssignError, assignProducts, type AssignDeps } from './assign-products.use-case';
import type { RecentWrite } from './publish-store-items.use-case';
import type { ProductId, VariantId } from '../domain/types';

export interface IngestDeps extends AssignDeps {
  db: Db;
  platforms: Platforms;
}

const platformActor = { kind: 'platform' } as const;

/**
 * What a webhook said about a product, waiting for the store's next stock pass. `level`: an absolute
 * count (the webhook's own figure, a point in time: reading the platform later would mix in sales
 * that arrive as orders too). `read`: a relative change, resolved by reading the platform. `drift`:
 * the product was edited; read it to see whether someone else changed what we publish.
 */
export interface StockReport {
  kind: 'level' | 'read' | 'drift';
  productId: ProductId;
  variantId?: VariantId;
  value?: number;
  /** The platform's `created_at` (seconds), then our arrival time (ms): the later report wins. */
  createdAt: number;
  receivedAt: number;
}

/**
 * Whether a webhook's report is worth a pass: the product is tracked, and an absolute count is not
 * the echo of our own write. Echoes are dropped here, not in the pass: waiting, an echo would replace
 * a newer real count for the same product (it arrives later than the count it lags behind).
 */
export async function worthReporting(
  deps: Pick<IngestDeps, 'db' | 'clock'>,
  storeId: number,
  report: StockReport,
): Promise<'untracked' | 'own write' | true> {
  const tracked = (await itemsOfProduct(deps.db, storeId, report.productId)).filter((i) => i.tracked);
  if (tracked.length === 0) return 'untracked';
  if (report.kind !== 'level') return true;
  const counted = tracked.filter((i) => i.trackBy === 'product' || i.variantId === report.variantId);
  const now = deps.clock();
  return counted.length > 0 && counted.every((i) => isOwnEcho(i, report.value!, now)) ? 'own write' : true;
}

/**
 * One pass over a store's waiting reports: a level that is neither our own write nor already applied
 * becomes a count on hand; a purchasable flag we did not set is logged for the merchant. Products that
 * need reading are read in batches (50 a call).
 */
export async function applyStockReports(deps: IngestDeps, storeId: number, reports: StockReport[]) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active' || reports.length === 0) return { applied: 0 };
  const tracked = (
    await itemsOfProducts(deps.db, storeId, [...new Set(reports.map((r) => r.productId))])
  ).filter((i) => i.tracked);
  const trackedProducts = new Set(tracked.map((i) => i.productId));
  const toRead = [...new Set(reports.filter((r) => r.kind !== 'level').map((r) => r.productId))].filter(
    (id) => trackedProducts.has(id),
  );
  const products = new Map(
    toRead.length === 0
      ? []
      : (await deps.platforms.forStore(store).getProducts(toRead)).map((p) => [p.id, p] as const),
  );
  const byProduct = new Map<string, ItemRow[]>();
  for (const item of tracked) byProduct.set(item.productId, [...(byProduct.get(item.productId) ?? []), item]);
  let applied = 0;
  for (const report of reports) {
    for (const item of byProduct.get(report.productId) ?? []) {
      const product = products.get(item.productId);
      if (report.kind === 'drift') {
        if (product) await logDrift(deps, storeId, item, product);
        continue;
      }
      // A product-level count says nothing about one variant's stock.
      if (report.kind === 'level' && item.trackBy === 'variant' && report.variantId !== item.variantId)
        continue;
      const level = report.kind === 'level' ? report.value : product && platformLevel(product, item);
      if (level === undefined || isOwnEcho(item, level, deps.clock())) continue;
      // Keyed by the level against the last write we published: the same count seen again before our
      // next write lands is the same observation, applied once.
      const result = await applyEvent(deps, storeId, item.id, {
        type: 'on-hand',
        key: `observed:${item.id}:${item.publishedVersion}:${level}`,
        level,
        actor: platformActor,
      });
      if (result?.changed) applied += 1;
    }
  }
  return { applied };
}

/** Logged only while nothing of ours is in flight for the item (else the difference is our own write). */
async function logDrift(deps: IngestDeps, storeId: number, item: ItemRow, product: CatalogProduct) {
  const pub = published(item);
  if (!pub || item.version !== item.publishedVersion) return;
  const level = platformLevel(product, item);
  const purchasable = platformPurchasable(product, item);
  if (level === pub.quantity && purchasable === pub.purchasable) return;
  await logEvent(deps.db, storeId, {
    type: 'platform-change',
    itemId: item.id,
    actor: platformActor,
    data: { level, purchasable },
  });
}

/** `store/product/deleted`: its items stop being tracked (and stop waiting for a platform write). */
export async function ingestProductDeleted(deps: IngestDeps, storeId: number, productId: ProductId) {
  return { untracked: (await untrackDeletedProducts(deps.db, storeId, [productId])).length };
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
    throw err;
  }
}

/** Echoes of our writes arrive within seconds; older writes no longer explain a webhook. */
const ECHO_WINDOW_MS = 120_000;

/**
 * A level equal to one of our latest writes (recorded before they were sent) is taken for their
 * echo: several writes can be in flight and their webhooks can arrive out of order. A warehouse count
 * that equals one of them within two minutes is missed; the README says so.
 */
function isOwnEcho(item: ItemRow, level: number, now: Date): boolean {
  const recent = (item.publishedState as { recent?: RecentWrite[] } | null)?.recent ?? [];
  return (
    published(item)?.quantity === level ||
    recent.some((w) => w.quantity === level && now.getTime() - w.at < ECHO_WINDOW_MS)
  );
}

function published(item: ItemRow): ItemPublication | undefined {
  return (item.publishedState as unknown as ItemPublication | null) ?? undefined;
}

function platformLevel(product: CatalogProduct, item: ItemRow): number | undefined {
  if (item.trackBy === 'product') return product.inventoryLevel;
  return product.variants.find((v) => v.id === item.variantId)?.inventoryLevel;
}

function platformPurchasable(product: CatalogProduct, item: ItemRow): boolean {
  if (item.trackBy === 'product') return product.availability !== 'disabled';
  return !product.variants.find((v) => v.id === item.variantId)?.purchasingDisabled;
}
