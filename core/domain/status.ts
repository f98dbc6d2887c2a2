/**
 * What an item's state means for selling it (DESIGN.md §2). Pure: the caller passes `now`.
 */
import { dateReached } from './dates';
import type { ItemState, ItemStatus, RuleSettings } from './types';

/** Units sold on backorder: the negative part of the signed stock. */
export function backordered(stock: number): number {
  return Math.max(0, -stock);
}

/** The item's own switch condition, or the store's when it has none. */
export function switchAtOf(item: Pick<ItemState, 'switchAt'>, settings: RuleSettings): number {
  return item.switchAt ?? settings.switchCondition;
}

/** Whether backorder may be on at all: threshold not used up and back-in-stock date not reached. */
export function canBackorder(item: ItemState, settings: RuleSettings, now: Date): boolean {
  return (
    backordered(item.stock) < item.threshold && !dateReached(item.backInStockDate, settings.timeZone, now)
  );
}

export function computeStatus(item: ItemState, settings: RuleSettings, now: Date): ItemStatus {
  // No rule runs on an item the app no longer tracks: it stays as unassigning (or the merchant) left it.
  if (!item.tracked) return item.status === 'in_stock' ? 'in_stock' : 'unavailable';
  if (item.stock > switchAtOf(item, settings)) return 'in_stock';
  if (item.enabled && canBackorder(item, settings, now)) return 'backorder';
  // Units on hand still sell normally while backorder is off.
  if (item.stock > 0) return 'in_stock';
  return 'unavailable';
}

/** How many more units may be sold on backorder before the threshold is used up. */
export function sellableOnBackorder(item: ItemState): number {
  return Math.max(0, item.threshold - backordered(item.stock));
}

/** The sellable quantity of an item in the given status: on hand, plus the backorder room if on backorder. */
export function quantityFor(item: ItemState, status: ItemStatus): number {
  if (status === 'unavailable') return 0;
  const onHand = Math.max(0, item.stock);
  return status === 'backorder' ? onHand + sellableOnBackorder(item) : onHand;
}

/**
 * The quantity to publish to the platform, so that it stops selling at the threshold by itself. An
 * unassigned item is left with its units on hand (purchasable or not): the merchant's count on the
 * platform keeps meaning stock, without the backorder room the app had added.
 */
export function platformQuantity(item: ItemState, settings: RuleSettings, now: Date): number {
  if (!item.tracked) return Math.max(0, item.stock);
  return quantityFor(item, computeStatus(item, settings, now));
}
