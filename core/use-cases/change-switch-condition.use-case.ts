/**
 * The store's switch condition is a level, not only a crossing: saving a new one applies it to every
 * assigned product that follows it (those with a condition of their own keep theirs). Saving records
 * the change and queues a job; the job walks the items the new level may switch, a page at a time,
 * each item in its own transaction through the rules (`decide`, a `switch-condition` event), and ends
 * with one summary email instead of one per product. A repeat after a crash is harmless: the event key
 * names the change, switches are counted in the item's transaction, and switched items are no longer
 * candidates. A newer change replaces an older one still applying, whose job then stops: the newer job
 * applies the level it saved to every item.
 */
import { randomUUID } from 'node:crypto';
import type { EffectRef } from '../db/item-changes.repo';
import { recordChange } from '../db/item-changes.repo';
import type { SwitchApplyRecord } from '../db/schema';
import type { SettingsPatch, StoreSettings } from '../db/settings.repo';
import {
  countSwitch,
  currentSwitchApply,
  endSwitchApply,
  saveSettings,
  switchAppliesStartedBefore,
  switchCandidates,
} from '../db/switch-apply.repo';
import type { Actor, ItemEvent } from '../domain/types';
import { applyItemEvent, type ApplyDeps } from './apply-item-event.use-case';
import { relayCommitted } from './relay-outbox.use-case';

/** Queues the job applying a change (idempotent: its id is the store's and the change's). */
export type EnqueueSwitchApply = (storeId: number, applyId: string) => Promise<void>;

/** Items read and switched per page: each is its own transaction, the page one relay of effects. */
export const SWITCH_APPLY_PAGE = 500;

/**
 * PUT /api/settings: saves the settings; a new switch condition is recorded as applying and its job
 * queued once saved. A change still applying is queued again (a no-op while its job exists), so a save
 * repeated after the queue was unreachable starts it; a failed one is started again by saving it again.
 */
export async function changeSettings(
  deps: { db: ApplyDeps['db']; clock: () => Date; enqueueSwitchApply: EnqueueSwitchApply },
  storeId: number,
  patch: SettingsPatch,
  actor: Actor,
): Promise<StoreSettings | undefined> {
  const change = { id: randomUUID(), actor, startedAt: deps.clock().toISOString() };
  const saved = await saveSettings(deps.db, storeId, patch, change);
  if (saved?.switchApply?.status === 'applying') await deps.enqueueSwitchApply(storeId, saved.switchApply.id);
  return saved;
}

/**
 * The job: applies the change to the store's items and ends it with its activity entry and summary
 * email. Undefined when the change was replaced by a newer one or had already ended.
 */
export async function applySwitchCondition(
  deps: ApplyDeps,
  storeId: number,
  applyId: string,
  pageSize = SWITCH_APPLY_PAGE,
): Promise<SwitchApplyRecord | undefined> {
  let after = 0;
  for (;;) {
    const change = await currentSwitchApply(deps.db, storeId);
    if (change?.id !== applyId || change.status !== 'applying') return undefined;
    const ids = await switchCandidates(deps.db, storeId, change.to, after, pageSize);
    if (ids.length === 0) break;
    const written: EffectRef[] = [];
    for (const itemId of ids) written.push(...(await applyToItem(deps, storeId, change, itemId)));
    // Platform writes follow through the outbox: one platform-sync covers the page's items.
    await relayCommitted(deps.db, deps.relay, written);
    after = ids[ids.length - 1]!;
  }
  return finish(deps, storeId, applyId);
}

async function applyToItem(
  deps: ApplyDeps,
  storeId: number,
  change: SwitchApplyRecord,
  itemId: number,
): Promise<EffectRef[]> {
  const event: ItemEvent = {
    type: 'switch-condition',
    key: `switch-condition:${change.id}`,
    actor: change.actor,
  };
  return deps.db.transaction(async (tx) => {
    const applied = await applyItemEvent(tx, storeId, itemId, event, deps.clock(), { ownerNotices: false });
    if (!applied) return [];
    if (applied.before.enabled !== applied.after.enabled)
      await countSwitch(tx, storeId, change.id, applied.after.enabled ? 'switchedOn' : 'switchedOff');
    return applied.outbox;
  });
}

/** Ends the change: its activity entry, and the owner's summary when it switched anything. */
async function finish(deps: ApplyDeps, storeId: number, applyId: string) {
  const ended = await deps.db.transaction(async (tx) => {
    const change = await endSwitchApply(tx, storeId, applyId, 'applied');
    if (!change) return undefined;
    const { from, to, switchedOn, switchedOff, actor } = change;
    const summary = { from, to, switchedOn, switchedOff };
    const written = await recordChange(tx, {
      events: [{ storeId, itemId: null, type: 'switch-condition-applied', actor, data: summary }],
      effects:
        switchedOn + switchedOff > 0
          ? [
              {
                storeId,
                itemId: null,
                type: 'notify-owner',
                payload: { kind: 'switch-condition-applied', ...summary },
              },
            ]
          : [],
    });
    return { change, written };
  });
  if (ended) await relayCommitted(deps.db, deps.relay, ended.written);
  return ended?.change;
}

/** The job failed for good: the change says so (the Settings page asks to save it again). */
export async function failSwitchApply(deps: Pick<ApplyDeps, 'db'>, storeId: number, applyId: string) {
  await endSwitchApply(deps.db, storeId, applyId, 'failed');
}

/**
 * The minute sweep's part: changes still applying after `olderThanMs` are queued again. Their job id
 * is the same, so one still queued or running is left as it is; one lost with its process starts.
 */
export async function resumeSwitchApplies(
  deps: { db: ApplyDeps['db']; enqueueSwitchApply: EnqueueSwitchApply },
  now: Date,
  olderThanMs: number,
): Promise<number> {
  const stale = await switchAppliesStartedBefore(deps.db, new Date(now.getTime() - olderThanMs));
  for (const { storeId, id } of stale) await deps.enqueueSwitchApply(storeId, id);
  return stale.length;
}
