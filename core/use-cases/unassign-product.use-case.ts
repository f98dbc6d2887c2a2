/**
 * Unassign a product: every variant stops being tracked and its backorder room is withdrawn (a relative
 * adjustment, at the next platform-sync). Purchase is disabled on every variant, unless the merchant
 * keeps those with units on hand purchasable with their shelf count (`decide`); the owner gets one email
 * with the product's stock data as CSV (the notify worker groups the variants).
 */
import type { UnassignOptions, UnassignPreview, UnassignResult } from '../contract/unassign';
import type { Db } from '../db/client';
import { itemsOfProduct } from '../db/items.repo';
import { backordered } from '../domain/status';
import type { Actor, ProductId } from '../domain/types';
import { applyEvent, type ApplyDeps } from './apply-item-event.use-case';

export async function unassignProduct(
  deps: ApplyDeps,
  storeId: number,
  productId: ProductId,
  actor: Actor,
  requestKey: string,
  options: UnassignOptions = { keepInStock: false },
): Promise<UnassignResult> {
  const tracked = (await itemsOfProduct(deps.db, storeId, productId)).filter((i) => i.tracked);
  let keptPurchasable = 0;
  for (const item of tracked) {
    const applied = await applyEvent(deps, storeId, item.id, {
      type: 'unassign',
      key: `unassign:${requestKey}:${item.id}`,
      actor,
      keepInStock: options.keepInStock,
    });
    if (applied?.after.status === 'in_stock') keptPurchasable += 1;
  }
  return { unassigned: tracked.length, keptPurchasable, purchaseDisabled: tracked.length - keptPurchasable };
}

/** The variants an unassignment would touch, with their units on hand and owed: undefined if none. */
export async function previewUnassign(
  db: Db,
  storeId: number,
  productId: ProductId,
): Promise<UnassignPreview | undefined> {
  const tracked = (await itemsOfProduct(db, storeId, productId)).filter((i) => i.tracked);
  if (tracked.length === 0) return undefined;
  return {
    productId,
    variants: tracked.map((i) => ({
      itemId: i.id,
      name: i.name,
      sku: i.sku,
      onHand: Math.max(0, i.stock),
      onBackorder: backordered(i.stock),
    })),
  };
}
