/**
 * apply-stock-change and every other item change: one transaction that locks the item, runs the
 * rules (`decide`), writes the new state with its activity-log entries and its effects (outbox);
 * then the effects go onto their queues.
 */
import type { Db } from '../db/client';
import {
  claimEventKey,
  lockItem,
  recordChange,
  updateItem,
  type EffectRef,
  type NewEvent,
} from '../db/item-changes.repo';
import { snapshot, toState, type ItemRow } from '../db/items.repo';
import { ruleSettings } from '../db/settings.repo';
import { decide, stateChanged } from '../domain/decide';
import { adjustmentFor, type Ledger } from '../domain/level-ledger';
import { platformQuantity } from '../domain/status';
import type { Decision, Effect, ItemEvent, ItemState, RuleSettings } from '../domain/types';
import { relayCommitted, type RelayQueues } from './relay-outbox.use-case';

export interface ApplyDeps {
  db: Db;
  relay: RelayQueues;
  clock: () => Date;
}

export interface Applied {
  before: ItemRow;
  after: ItemRow;
  decision: Decision;
  /** False for a duplicate or an event that changed nothing. */
  changed: boolean;
  /** The effects written, for the caller to relay onto queues once committed. */
  outbox: EffectRef[];
}

/** Applies the event and relays its effects. Undefined when the store has no such item. */
export async function applyEvent(
  deps: ApplyDeps,
  storeId: number,
  itemId: number,
  event: ItemEvent,
  options: ApplyOptions = {},
): Promise<Applied | undefined> {
  const applied = await applyItemEvent(deps.db, storeId, itemId, event, deps.clock(), options);
  if (applied) await relayCommitted(deps.db, deps.relay, applied.outbox);
  return applied;
}

/**
 * The one way an item changes: lock its row, run the rules, write the new state, its activity-log
 * entries and its effects in one transaction (a savepoint inside the caller's). Concurrent events for
 * one item are serialised by the row lock. Undefined when the store has no such item.
 */
export async function applyItemEvent(
  db: Db,
  storeId: number,
  itemId: number,
  event: ItemEvent,
  now: Date,
  options: ApplyOptions = {},
): Promise<Applied | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, storeId, itemId);
    if (!before) return undefined;
    // Relative events (a sale, a delta) must count once however late a duplicate comes. A count on
    // hand is relative too while units are owed (it pays them back), so it is keyed the same way.
    if (countsOnce(event) && !(await claimEventKey(tx, storeId, event.key, event.type))) {
      const decision = { item: toState(before), effects: [] };
      // Seen before; still, the platform must come to hold what the item wants (a publish may have
      // held room back while this news waited).
      const outbox = options.ledger ? await publishIfOff(tx, before, now) : [];
      return { before, after: before, decision, changed: false, outbox };
    }
    const settings = await ruleSettings(tx, storeId);
    const decision = options.rules
      ? await options.rules(tx, before, settings)
      : decide(toState(before), settings, event, now);
    const next = decision.item;
    const changed = !decision.rejected && stateChanged(toState(before), next);
    if (decision.rejected || next.lastEventKey === before.lastEventKey) {
      return { before, after: before, decision, changed: false, outbox: [] };
    }
    // What the event did to the platform's level, as the ledger follows it.
    const ledger = options.ledger?.({ level: before.platformLevel, state: before.publishedState ?? {} });
    const off = ledger ? adjustmentFor(ledger, platformQuantity(next, settings, now)) !== 0 : false;
    // The version marks the item for publishing: when the rules asked for a platform write, or the
    // platform's level is no longer the one the item's state wants.
    const republish = off || decision.effects.some((e) => e.type === 'push-state');
    const values = ledger ? { ...next, platformLevel: ledger.level, publishedState: ledger.state } : next;
    const after = await updateItem(tx, itemId, values, { touched: changed, republish });
    // A republish the rules did not ask for still needs its platform-sync queued.
    const effects: Effect[] =
      republish && !decision.effects.some((e) => e.type === 'push-state')
        ? [...decision.effects, { type: 'push-state' }]
        : decision.effects;
    // A count or a sale is logged even when it changed nothing: a late one is replayed among them.
    const replayable = event.type === 'sale' || event.type === 'on-hand';
    if (!changed && decision.effects.length === 0 && !replayable) {
      const outbox = republish
        ? await recordChange(tx, { events: [], effects: outboxOf(storeId, after, [PUSH]) })
        : [];
      return { before, after, decision, changed, outbox };
    }
    const actor = 'actor' in event ? event.actor : { kind: 'system' };
    const { type, key: _key, ...detail } = event;
    const entries: NewEvent[] = [
      {
        storeId,
        itemId,
        type,
        actor,
        // Kept for a replay, not shown in Activity (`listEvents`) when it changed nothing.
        data: {
          ...detail,
          from: summary(toState(before)),
          to: summary(next),
          ...(changed ? {} : { unchanged: true }),
          ...(decision.replayed ? { replayed: true } : {}),
        },
      },
      ...decision.effects.flatMap((e) =>
        e.type === 'log' ? [{ storeId, itemId, type: e.entry, actor, data: e.data }] : [],
      ),
    ];
    const unsent = (e: Effect) => e.type === 'notify-owner' && options.ownerNotices === false;
    const outbox = await recordChange(tx, {
      events: entries,
      effects: outboxOf(
        storeId,
        after,
        effects.filter((e) => !unsent(e)),
      ),
    });
    return { before, after, decision, changed, outbox };
  });
}

const PUSH: Effect = { type: 'push-state' };

function outboxOf(storeId: number, after: ItemRow, effects: Effect[]) {
  const item = snapshot(after);
  return effects.flatMap((e) =>
    e.type === 'log' ? [] : [{ storeId, itemId: after.id, type: e.type, payload: { ...e, item } }],
  );
}

/**
 * After a store's stock news is applied: each item whose ledger says the platform holds other than
 * it wants is marked for publishing (a publish holds room back while news for the item waits).
 */
export async function publishWhereOff(deps: ApplyDeps, storeId: number, itemIds: number[]) {
  for (const itemId of itemIds) {
    const outbox = await deps.db.transaction(async (tx) => {
      const before = await lockItem(tx, storeId, itemId);
      return before?.tracked ? publishIfOff(tx, before, deps.clock()) : [];
    });
    await relayCommitted(deps.db, deps.relay, outbox);
  }
}

/** Marks the item for publishing when its ledger says the platform holds other than it wants. */
async function publishIfOff(tx: Db, before: ItemRow, now: Date) {
  const settings = await ruleSettings(tx, before.storeId);
  const ledger = { level: before.platformLevel, state: before.publishedState ?? {} };
  if (adjustmentFor(ledger, platformQuantity(toState(before), settings, now)) === 0) return [];
  const after = await updateItem(tx, before.id, {}, { touched: false, republish: true });
  return recordChange(tx, { events: [], effects: outboxOf(before.storeId, after, [PUSH]) });
}

export interface ApplyOptions {
  /**
   * Leaves the owner's emails out of the outbox, for a caller that sends one summary instead (they
   * stay in `decision.effects`).
   */
  ownerNotices?: boolean;
  /** What the event did to the platform's level: applied with it, once, under the item's lock. */
  ledger?: (ledger: Ledger) => Ledger;
  /** Decides the event otherwise than by `decide` alone (a late sale replays the item's history). */
  rules?: (tx: Db, before: ItemRow, settings: RuleSettings) => Promise<Decision>;
}

const countsOnce = (event: ItemEvent) =>
  event.type === 'sale' || event.type === 'stock-delta' || event.type === 'on-hand';

function summary(s: ItemState) {
  return {
    stock: s.stock,
    enabled: s.enabled,
    status: s.status,
    threshold: s.threshold,
    switchedBy: s.switchedBy,
  };
}
