/**
 * Unassign a product: every variant stops being tracked and its backorder room is withdrawn (a relative
 * adjustment, at the next platform-sync). Purchase is disabled on every variant, unless the merchant
 * keeps those with units on hand purchasable with their shelf count (`decide`). The owner gets one
 * email with the stock data of every variant as CSV: the variants change in one transaction that also
 * writes that one notice, so its notify job finds the whole unassignment in one outbox row (one claim,
 * one Message-ID) however the jobs run.
 */
import type { UnassignOptions, UnassignPreview, UnassignResult } from '../contract/unassign';
import type { Db } from '../db/client';
import { recordChange, type EffectRef } from '../db/item-changes.repo';
import { itemsOfProduct, snapshot, type ItemRow } from '../db/items.repo';
import { backordered } from '../domain/status';
import type { Actor, Effect, ProductId } from '../domain/types';
import { applyItemEvent, type ApplyDeps } from './apply-item-event.use-case';
import { relayCommitted } from './relay-outbox.use-case';

export async function unassignProduct(
  deps: ApplyDeps,
  storeId: number,
  productId: ProductId,
  actor: Actor,
  requestKey: string,
  options: UnassignOptions = { keepInStock: false },
): Promise<UnassignResult> {
  const { unassigned, kept, outbox } = await deps.db.transaction(async (tx) => {
    const tracked = (await itemsOfProduct(tx, storeId, productId)).filter((i) => i.tracked);
    const effects: EffectRef[] = [];
    const noticed: Array<{ row: ItemRow; kept: boolean }> = [];
    let kept = 0;
    for (const item of tracked) {
      const event = {
        type: 'unassign' as const,
        key: `unassign:${requestKey}:${item.id}`,
        actor,
        keepInStock: options.keepInStock,
      };
      // The variants' own notices are left out: the one below covers them all.
      const applied = await applyItemEvent(tx, storeId, item.id, event, deps.clock(), {
        ownerNotices: false,
      });
      if (!applied) continue;
      effects.push(...applied.outbox);
      const leftPurchasable = applied.after.status === 'in_stock';
      if (leftPurchasable) kept += 1;
      if (applied.decision.effects.some(isUnassignNotice))
        noticed.push({ row: applied.after, kept: leftPurchasable });
    }
    const [first] = noticed;
    if (first) {
      const payload = {
        type: 'notify-owner' as const,
        kind: 'unassigned' as const,
        reason: 'unassigned' as const,
        item: snapshot(first.row),
        items: noticed.map((n) => ({ ...snapshot(n.row), ...(n.kept ? { keptPurchasable: true } : {}) })),
      };
      effects.push(
        ...(await recordChange(tx, {
          events: [],
          effects: [{ storeId, itemId: first.row.id, type: 'notify-owner', payload }],
        })),
      );
    }
    return { unassigned: tracked.length, kept, outbox: effects };
  });
  await relayCommitted(deps.db, deps.relay, outbox);
  return { unassigned, keptPurchasable: kept, purchaseDisabled: unassigned - kept };
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

const isUnassignNotice = (e: Effect) => e.type === 'notify-owner' && e.kind === 'unassigned';
