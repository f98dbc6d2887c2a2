/** Item states for the pure rule tests (decide, planItem). */
import type { ItemState } from '../../core/domain/types';

/**
 * A tracked item in stock with backorder off: nothing incoming, no back-in-stock date, no switch
 * condition of its own, no event applied yet. `overrides` set what a test is about.
 */
export function itemState(overrides: Partial<ItemState> = {}): ItemState {
  return {
    stock: 5,
    threshold: 10,
    switchAt: null,
    incomingStock: 0,
    backInStockDate: null,
    enabled: false,
    switchedBy: null,
    status: 'in_stock',
    tracked: true,
    lastEventKey: null,
    ...overrides,
  };
}
