/**
 * apply-stock-change and every other item change: the transaction (row lock, decide, state, log,
 * outbox) and then the effects onto their queues.
 */
import type { Db } from '../db/client';
import {
  applyItemEvent,
  itemIdsOfTemplate,
  updateItemTexts,
  type Applied,
  type ItemTexts,
} from '../db/items.repo';
import type { Actor, ItemEvent } from '../domain/types';
import { MustFixError } from '../errors';
import { relayEffects, type RelayQueues } from './relay-outbox.use-case';

export interface ApplyDeps {
  db: Db;
  relay: RelayQueues;
  clock: () => Date;
}

export async function applyEvent(
  deps: ApplyDeps,
  storeId: number,
  itemId: number,
  event: ItemEvent,
): Promise<Applied | undefined> {
  const applied = await applyItemEvent(deps.db, storeId, itemId, event, deps.clock());
  if (applied && applied.outbox.length > 0) await relayEffects(deps.db, deps.relay, applied.outbox);
  return applied;
}

export interface ItemPatch {
  edits: Omit<Extract<ItemEvent, { type: 'edit' }>, 'type' | 'key' | 'actor'>;
  texts: ItemTexts;
  enabled?: boolean;
}

/** A change the rules refused; nothing of the patch was applied. */
export class ItemPatchRejected extends MustFixError {
  constructor(problem: 'invalid' | 'conflict', code: string, message: string) {
    super(problem, code, message);
  }
}

/**
 * A merchant's edit of one item (figures, texts, the switch) as one transaction: the edit first, so a
 * threshold raised in the same request counts when enabling; any refusal undoes all of it.
 * Returns false when the store has no such item.
 */
export async function patchItem(
  deps: ApplyDeps,
  storeId: number,
  itemId: number,
  patch: ItemPatch,
  actor: Actor,
  requestKey: string,
): Promise<boolean> {
  const effects: Applied['outbox'] = [];
  const found = await deps.db.transaction(async (tx) => {
    const now = deps.clock();
    if (Object.values(patch.edits).some((v) => v !== undefined)) {
      const applied = await applyItemEvent(
        tx,
        storeId,
        itemId,
        { type: 'edit', key: `edit:${requestKey}`, actor, ...patch.edits },
        now,
      );
      if (!applied) return false;
      if (applied.decision.rejected)
        throw new ItemPatchRejected('invalid', 'invalid', applied.decision.rejected.message);
      effects.push(...applied.outbox);
    }
    if (Object.values(patch.texts).some((v) => v !== undefined)) {
      const updated = await updateItemTexts(tx, storeId, itemId, patch.texts, actor);
      if (!updated) return false;
      effects.push(...updated.outbox);
    }
    if (patch.enabled !== undefined) {
      const applied = await applyItemEvent(
        tx,
        storeId,
        itemId,
        { type: 'manual-toggle', key: `toggle:${requestKey}`, enabled: patch.enabled, actor },
        now,
      );
      if (!applied) return false;
      const rejected = applied.decision.rejected;
      if (rejected) throw new ItemPatchRejected('conflict', rejected.code, rejected.message);
      effects.push(...applied.outbox);
    }
    return true;
  });
  if (effects.length > 0) await relayEffects(deps.db, deps.relay, effects);
  return found;
}

/**
 * Copies a template's current values onto every tracked item it was applied to ("re-apply" after an
 * edit). Item by item, each all or nothing: an item whose new values the rules refuse keeps its own and
 * is reported. Returns how many changed and which were refused.
 */
export async function reapplyTemplate(
  deps: ApplyDeps,
  storeId: number,
  template: {
    id: number;
    threshold: number;
    incomingStock: number;
    backInStockDate: string | null;
    buttonText: string;
    productMessage: string;
    cartMessage: string;
    packingSlipNote: string;
  },
  actor: Actor,
  requestKey: string,
) {
  const ids = await itemIdsOfTemplate(deps.db, storeId, template.id);
  const refused: Array<{ itemId: number; reason: string }> = [];
  for (const itemId of ids) {
    try {
      await patchItem(
        deps,
        storeId,
        itemId,
        {
          edits: {
            threshold: template.threshold,
            incomingStock: template.incomingStock,
            backInStockDate: template.backInStockDate,
          },
          texts: {
            buttonText: template.buttonText,
            productMessage: template.productMessage,
            cartMessage: template.cartMessage,
            packingSlipNote: template.packingSlipNote,
          },
        },
        actor,
        `${requestKey}:${itemId}`,
      );
    } catch (err) {
      if (!(err instanceof ItemPatchRejected)) throw err;
      refused.push({ itemId, reason: err.message });
    }
  }
  return { items: ids.length, refused };
}
