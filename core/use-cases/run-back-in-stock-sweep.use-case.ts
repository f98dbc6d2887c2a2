/**
 * The minute sweep: every enabled item whose back-in-stock date has arrived in its store's time zone
 * gets the date rule (DESIGN.md §2). The event key is per item and day, so running the sweep twice in
 * a minute, or on two workers at once, applies the rule once.
 */
import { dueBackInStock } from '../db/items.repo';
import { ruleSettings } from '../db/settings.repo';
import { activeStores } from '../db/stores.repo';
import { todayIn } from '../domain/dates';
import { applyEvent, type ApplyDeps } from './apply-item-event.use-case';

export interface SweepResult {
  stores: number;
  itemsDue: number;
  itemsChanged: number;
}

export async function runBackInStockSweep(deps: ApplyDeps, onlyStoreId?: number): Promise<SweepResult> {
  const { db } = deps;
  const now = deps.clock();
  const stores = (await activeStores(db)).filter((s) => onlyStoreId === undefined || s.id === onlyStoreId);
  const result: SweepResult = { stores: stores.length, itemsDue: 0, itemsChanged: 0 };
  for (const store of stores) {
    const { timeZone } = await ruleSettings(db, store.id);
    const today = todayIn(timeZone, now);
    const due = await dueBackInStock(db, store.id, today);
    result.itemsDue += due.length;
    for (const itemId of due) {
      const applied = await applyEvent(deps, store.id, itemId, {
        type: 'tick',
        key: `back-in-stock:${today}`,
      });
      if (applied?.changed) result.itemsChanged += 1;
    }
  }
  return result;
}
