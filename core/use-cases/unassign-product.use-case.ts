/**
 * Unassign a product: every variant stops being tracked and is made unpurchasable on the platform; the
 * owner gets one email with the stock data of every variant as CSV. The variants change in one
 * transaction that also writes that one notice, so its notify job finds the whole unassignment in
 * one outbox row (one claim, one Message-ID) however the jobs run.
 */
import { recordChange, type EffectRef } from '../db/item-changes.repo';
import { itemsOfProduct, snapshot, type ItemRow } from '../db/items.repo';
import type { Actor, Effect, ProductId } from '../domain/types';
import { applyItemEvent, type ApplyDeps } from './apply-item-event.use-case';
import { relayCommitted } from './relay-outbox.use-case';

export async function unassignProduct(
  deps: ApplyDeps,
  storeId: number,
  productId: ProductId,
  actor: Actor,
  requestKey: string,
) {
  const { unassigned, outbox } = await deps.db.transaction(async (tx) => {
    const tracked = (await itemsOfProduct(tx, storeId, productId)).filter((i) => i.tracked);
    const effects: EffectRef[] = [];
    const noticed: ItemRow[] = [];
    for (const item of tracked) {
      const event = { type: 'unassign' as const, key: `unassign:${requestKey}:${item.id}`, actor };
      // The variants' own notices are left out: the one below covers them all.
      const applied = await applyItemEvent(tx, storeId, item.id, event, deps.clock(), {
        ownerNotices: false,
      });
      if (!applied) continue;
      effects.push(...applied.outbox);
      if (applied.decision.effects.some(isUnassignNotice)) noticed.push(applied.after);
    }
    const [first] = noticed;
    if (first) {
      const payload = {
        type: 'notify-owner' as const,
        kind: 'unassigned' as const,
        reason: 'unassigned' as const,
        item: snapshot(first),
        items: noticed.map(snapshot),
      };
      effects.push(
        ...(await recordChange(tx, {
          events: [],
          effects: [{ storeId, itemId: first.id, type: 'notify-owner', payload }],
        })),
      );
    }
    return { unassigned: tracked.length, outbox: effects };
  });
  await relayCommitted(deps.db, deps.relay, outbox);
  return { unassigned };
}

const isUnassignNotice = (e: Effect) => e.type === 'notify-owner' && e.kind === 'unassigned';
