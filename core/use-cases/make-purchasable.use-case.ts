/**
 * A variant the app left with purchase disabled when its product was unassigned is made purchasable
 * again by the merchant: its listing only (purchase on, no backorder text). Its level stays the
 * merchant's; the platform's tracking stays on, so it sells only the units the store counts.
 */
import { getItem } from '../db/items.repo';
import type { Actor } from '../domain/types';
import { conflict } from '../errors';
import { applyEvent, type ApplyDeps } from './apply-item-event.use-case';

/** False when the store has no such item. */
export async function makePurchasable(
  deps: ApplyDeps,
  storeId: number,
  itemId: number,
  actor: Actor,
  requestKey: string,
): Promise<boolean> {
  const item = await getItem(deps.db, storeId, itemId);
  if (!item) return false;
  // The unassignment's own write (room withdrawn, purchase off) goes out first: until then the ledger
  // may not know the level, and a read would let a publish move the merchant's level.
  if (!item.tracked && (item.version > item.publishedVersion || item.publishedState?.pending))
    throw conflict(
      'unassign_in_progress',
      'Backorder is still withdrawing this variant’s backorder room on the platform: try again in a minute.',
    );
  const applied = await applyEvent(deps, storeId, itemId, {
    type: 'make-purchasable',
    key: `make-purchasable:${requestKey}`,
    actor,
  });
  const rejected = applied?.decision.rejected;
  if (rejected) throw conflict(rejected.code, rejected.message);
  return applied !== undefined;
}
