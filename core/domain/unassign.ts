/**
 * What unassigning and making an unassigned item purchasable again do to it (pure; `decide` concludes
 * the step). An item the app no longer tracks keeps in `status` how it was left on the platform.
 */
import { unassignOutcome } from '../contract/unassign';
import { backordered } from './status';
import type { Effect, ItemState } from './types';

interface Step {
  item: ItemState;
  effects: Effect[];
}

/**
 * The app stops tracking the item and takes its backorder room away. Purchase is disabled (the
 * default), or stays on for an item with units on the shelf when the merchant keeps those purchasable:
 * the platform's tracking stays on, so it sells only them. Units owed to customers disable it anyway.
 */
export function unassigned(item: ItemState, keepInStock: boolean): Step {
  const shelf = { onHand: Math.max(0, item.stock), onBackorder: backordered(item.stock) };
  const kept = unassignOutcome(shelf, { keepInStock }) === 'purchasable';
  return {
    item: {
      ...item,
      tracked: false,
      enabled: false,
      switchedBy: null,
      status: kept ? 'in_stock' : 'unavailable',
    },
    effects: [
      {
        type: 'notify-owner',
        kind: 'unassigned',
        reason: 'unassigned',
        ...(kept ? { keptPurchasable: true } : {}),
      },
    ],
  };
}

/** An unassigned item left with purchase disabled is made purchasable: its listing only, no rule. */
export function madePurchasable(item: ItemState): Step {
  return { item: { ...item, status: 'in_stock' }, effects: [] };
}

/** Why an assigned item is not made purchasable by hand this way. */
export const ASSIGNED_WORDS = 'This product is assigned: Backorder decides when it can be bought.';
