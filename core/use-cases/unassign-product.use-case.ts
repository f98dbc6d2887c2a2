/**
 * Unassign a product: every variant stops being tracked and is made unpurchasable on the platform; the
 * owner gets one email with the product's stock data as CSV (the notify worker groups the variants).
 */
import { itemsOfProduct } from '../db/items.repo';
import type { Actor, ProductId } from '../domain/types';
import { applyEvent, type ApplyDeps } from './apply-item-event.use-case';

export async function unassignProduct(
  deps: ApplyDeps,
  storeId: number,
  productId: ProductId,
  actor: Actor,
  requestKey: string,
) {
  const tracked = (await itemsOfProduct(deps.db, storeId, productId)).filter((i) => i.tracked);
  for (const item of tracked) {
    await applyEvent(deps, storeId, item.id, {
      type: 'unassign',
      key: `unassign:${requestKey}:${item.id}`,
      actor,
    });
  }
  return { unassigned: tracked.length };
}
