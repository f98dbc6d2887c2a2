/**
 * What a platform webhook means for tracked items. Webhooks carry ids; the figures are read from the
 * platform (the authoritative source). The app's own catalog writes come back as webhooks too: a level
 * or state equal to what we last published is our echo and is dropped, so the app never loops.
 */
import type { Db } from '../db/client';
import { itemsOfProduct, type ItemRow } from '../db/items.repo';
import { logEvent } from '../db/events.repo';
import { getSettings } from '../db/settings.repo';
import { getStore } from '../db/stores.repo';
import type { Platforms } from '../platform/registry';
import type { CatalogProduct, ItemPublication } from '../platform/types';
import { applyEvent } from './apply-item-event.use-case';
import { assignProducts, type AssignDeps } from './assign-products.use-case';
import type { RecentWrite } from './publish-store-items.use-case';

export interface IngestDeps extends AssignDeps {
  db: Db;
  platforms: Platforms;
}

const platformActor = { kind: 'platform' } as const;

/** What an inventory webhook says: an absolute count carries the figure itself. */
export interface InventoryReport {
  variantId?: string;
  method?: 'absolute' | 'relative';
  value?: number;
}

/**
 * `store/product/inventory/updated`, `store/sku/inventory/updated`: a count from outside the app.
 * An absolute count is taken from the webhook (re-reading could see our own later write instead);
 * a relative one is resolved by reading the platform.
 */
export async function ingestInventory(
  deps: IngestDeps,
  storeId: number,
  deliveryId: string,
  productId: string,
  report: InventoryReport = {},
) {
  const tracked = (await itemsOfProduct(deps.db, storeId, productId)).filter((i) => i.tracked);
  if (tracked.length === 0) return { ignored: 'untracked' as const };
  const absolute = report.method === 'absolute' && Number.isInteger(report.value);
  const product = absolute ? undefined : await readProduct(deps, storeId, productId);
  if (!absolute && !product) return { ignored: 'product gone' as const };
  let applied = 0;
  for (const item of tracked) {
    if (absolute && item.trackBy === 'variant' && report.variantId !== item.variantId) continue;
    const level = absolute ? report.value! : platformLevel(product!, item);
    if (level === undefined || isOwnEcho(item, level, deps.clock())) continue;
    await applyEvent(deps, storeId, item.id, {
      type: 'on-hand',
      key: `delivery:${deliveryId}:${item.id}`,
      level,
      actor: platformActor,
    });
    applied += 1;
  }
  return applied === 0 ? { ignored: 'own write' as const } : { applied };
}

/** `store/product/updated`: our own writes are dropped; anything else is logged for the merchant. */
export async function ingestProductUpdate(deps: IngestDeps, storeId: number, productId: string) {
  const tracked = (await itemsOfProduct(deps.db, storeId, productId)).filter((i) => i.tracked);
  if (tracked.length === 0) return { ignored: 'untracked' as const };
  const product = await readProduct(deps, storeId, productId);
  if (!product) return { ignored: 'product gone' as const };
  const drifted = tracked.filter((item) => {
    const pub = published(item);
    return (
      pub !== undefined &&
      (platformLevel(product, item) !== pub.quantity ||
        platformPurchasable(product, item) !== pub.purchasable)
    );
  });
  if (drifted.length === 0) return { ignored: 'own write' as const };
  for (const item of drifted) {
    await logEvent(deps.db, storeId, {
      type: 'platform-change',
      itemId: item.id,
      actor: platformActor,
      data: { level: platformLevel(product, item), purchasable: platformPurchasable(product, item) },
    });
  }
  return { drifted: drifted.length };
}

/** `store/product/created`: assigned with the default template when the store asks for it. */
export async function ingestProductCreated(
  deps: IngestDeps,
  storeId: number,
  deliveryId: string,
  productId: string,
) {
  const settings = await getSettings(deps.db, storeId);
  if (!settings?.autoAssignNewProducts) return { ignored: 'auto-assign off' as const };
  return assignProducts(deps, storeId, {
    productIds: [productId],
    actor: platformActor,
    requestKey: `created:${deliveryId}`,
  });
}

async function readProduct(
  deps: IngestDeps,
  storeId: number,
  productId: string,
): Promise<CatalogProduct | undefined> {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active') return undefined;
  return (await deps.platforms.forStore(store).getProducts([productId]))[0];
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
