/**
 * A merchant's edit of one item (figures, texts, the switch), and a template re-applied to the items
 * it was applied to: each item all or nothing, through the rules like every other change.
 */
import { logEvent } from '../db/events.repo';
import { lockItem, recordChange, updateItem, type EffectRef } from '../db/item-changes.repo';
import { itemIdsOfTemplate } from '../db/items.repo';
import type { Db } from '../db/client';
import type { Template } from '../db/templates.repo';
import type { Actor, ItemEvent } from '../domain/types';
import { MustFixError } from '../errors';
import { applyItemEvent, type ApplyDeps } from './apply-item-event.use-case';
import { relayCommitted } from './relay-outbox.use-case';

export interface ItemTexts {
  buttonText?: string;
  productMessage?: string;
  cartMessage?: string;
  packingSlipNote?: string;
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
 * A merchant's edit of one item as one transaction: the edit first, so a threshold raised in the
 * same request counts when enabling; any refusal undoes all of it. False when the store has no such
 * item.
 */
export async function patchItem(
  deps: ApplyDeps,
  storeId: number,
  itemId: number,
  patch: ItemPatch,
  actor: Actor,
  requestKey: string,
): Promise<boolean> {
  const effects: EffectRef[] = [];
  const found = await deps.db.transaction(async (tx) => {
    const now = deps.clock();
    if (Object.values(patch.edits).some((v) => v !== undefined)) {
      const edit = { type: 'edit' as const, key: `edit:${requestKey}`, actor, ...patch.edits };
      const applied = await applyItemEvent(tx, storeId, itemId, edit, now);
      if (!applied) return false;
      const rejected = applied.decision.rejected;
      if (rejected) throw new ItemPatchRejected('invalid', 'invalid', rejected.message);
      effects.push(...applied.outbox);
    }
    if (Object.values(patch.texts).some((v) => v !== undefined)) {
      const updated = await updateItemTexts(tx, storeId, itemId, patch.texts, actor);
      if (!updated) return false;
      effects.push(...updated);
    }
    if (patch.enabled !== undefined) {
      const toggle = {
        type: 'manual-toggle' as const,
        key: `toggle:${requestKey}`,
        enabled: patch.enabled,
        actor,
      };
      const applied = await applyItemEvent(tx, storeId, itemId, toggle, now);
      if (!applied) return false;
      const rejected = applied.decision.rejected;
      if (rejected) throw new ItemPatchRejected('conflict', rejected.code, rejected.message);
      effects.push(...applied.outbox);
    }
    return true;
  });
  await relayCommitted(deps.db, deps.relay, effects);
  return found;
}

/**
 * The storefront and packing-slip texts of one item. They feed no rule, so they bypass `decide`, but
 * change like everything else: row lock, activity-log entry, and a platform write when the product
 * message shown on the storefront changed. Answers the effects written; undefined without the item.
 */
async function updateItemTexts(
  db: Db,
  storeId: number,
  itemId: number,
  texts: ItemTexts,
  actor: Actor,
): Promise<EffectRef[] | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, storeId, itemId);
    if (!before) return undefined;
    const changes = Object.fromEntries(
      Object.entries(texts).filter(([k, v]) => v !== undefined && before[k as keyof ItemTexts] !== v),
    ) as ItemTexts;
    if (Object.keys(changes).length === 0) return [];
    const republish = changes.productMessage !== undefined;
    await updateItem(tx, itemId, changes, { touched: true, republish });
    const from = Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof ItemTexts]]));
    return recordChange(tx, {
      events: [{ storeId, itemId, type: 'texts', actor, data: { from, to: changes } }],
      effects: republish ? [{ storeId, itemId, type: 'push-state', payload: { type: 'push-state' } }] : [],
    });
  });
}

/**
 * Copies a template's current values onto every tracked item it was applied to ("re-apply" after an
 * edit). Item by item, each all or nothing: an item whose new values the rules refuse keeps its own and
 * is reported; one store-wide activity entry (`template-applied`) says what the re-apply did beside each
 * item's own entries. Returns how many changed and which were refused.
 */
export async function reapplyTemplate(
  deps: ApplyDeps,
  storeId: number,
  template: Template,
  actor: Actor,
  requestKey: string,
) {
  const ids = await itemIdsOfTemplate(deps.db, storeId, template.id);
  const refused: Array<{ itemId: number; reason: string }> = [];
  const patch: ItemPatch = {
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
  };
  for (const itemId of ids) {
    try {
      await patchItem(deps, storeId, itemId, patch, actor, `${requestKey}:${itemId}`);
    } catch (err) {
      if (!(err instanceof ItemPatchRejected)) throw err;
      refused.push({ itemId, reason: err.message });
    }
  }
  await logEvent(deps.db, storeId, {
    type: 'template-applied',
    actor,
    data: { templateId: template.id, name: template.name, items: ids.length, refused: refused.length },
  });
  return { items: ids.length, refused };
}
