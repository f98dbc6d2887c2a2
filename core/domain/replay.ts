/**
 * News that comes out of order. The platform stamps its counts and orders (whole seconds); the app
 * applies them as their webhooks come, and a retried or queued webhook comes after newer ones. A sale
 * applied after a count taken after it would be counted twice (the count already left its units out);
 * a count applied after sales placed after it would forget them. So such an event is replayed into
 * its place: from the state before the first logged change that comes after it, that change and every
 * one logged since, with the new event, in the order of their stamps (the second, then when their news
 * came; the app's own changes by when they were made). Pure.
 */
import { decide } from './decide';
import { backordered } from './status';
import type { Decision, Effect, ItemEvent, ItemState, RuleSettings } from './types';

/** One activity-log entry of the item, as `applyItemEvent` writes it (its detail, `from`, `to`). */
export interface LoggedChange {
  id: number;
  type: string;
  data: Record<string, unknown>;
  /** When it was logged (ms). */
  loggedAt: number;
}

/** Where an event goes among others: the platform's second, then when its news came (ms). */
export type Place = readonly [second: number, ms: number];

/** Most log entries a replay goes through; an event older than that is taken as new. */
export const REPLAY_LIMIT = 5000;

export function placeOf(e: LoggedChange): Place {
  const d = e.data;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const second = e.type === 'on-hand' ? num(d.countedAt) : e.type === 'sale' ? num(d.placedAt) : undefined;
  if (second === undefined) return [Math.floor(e.loggedAt / 1000), e.loggedAt];
  return [second, num(d.receivedAt) ?? e.loggedAt];
}

const before = (a: Place, b: Place) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/**
 * The item's state with `event` (at `place`) replayed into its place, and what that changes now: the
 * owner hears of a switch that moved, the platform of a state that changed. Undefined when nothing
 * logged comes after it (it is simply the newest), or the log cannot be replayed (an assignment
 * changed the item meanwhile).
 */
export function replayInPlace(
  current: ItemState,
  settings: RuleSettings,
  event: ItemEvent,
  place: Place,
  entries: LoggedChange[],
  now: Date,
): Decision | undefined {
  // Only the item's changes: entries its effects logged (an `oversold`, a `platform-change`) are not.
  const log = entries.filter(
    (e) => typeof (e.data.from as { stock?: unknown } | undefined)?.stock === 'number',
  );
  // The first entry that comes after the event; earlier ones may be late themselves, so the start
  // moves back to before the earliest place among those replayed.
  const start = startOf(log, place);
  if (start < 0) return undefined;
  const since = log.slice(start);
  const from = since[0]!.data.from as Partial<ItemState> | undefined;
  if (!from || typeof from.stock !== 'number') return undefined;
  if (since.some((e) => e.type === 'assign' || e.type === 'unassign')) return undefined;
  const steps: Array<{ place: Place; order: number; event: ItemEvent }> = [];
  since.forEach((e, order) => {
    const logged = eventOf(e);
    if (logged) steps.push({ place: placeOf(e), order, event: logged });
  });
  steps.push({ place, order: since.length, event });
  steps.sort((a, b) => (before(a.place, b.place) ? -1 : before(b.place, a.place) ? 1 : a.order - b.order));
  let state: ItemState = { ...current, ...pick(from), lastEventKey: null };
  // Sales past the room, as the replay sees them: reported once each, the part not reported yet.
  const oversold = new Map<string, Record<string, unknown>>();
  steps.forEach((step, i) => {
    const decision = decide(state, settings, { ...step.event, key: `replay:${i}` }, now);
    for (const x of decision.effects)
      if (x.type === 'log' && x.entry === 'oversold') oversold.set(String(x.data.orderId), x.data);
    state = decision.item;
  });
  const item = { ...state, lastEventKey: event.key };
  return {
    item,
    effects: [...unreported(oversold, entries), ...consequences(current, item)],
    replayed: true,
  };
}

/**
 * Where the replay starts: the first entry that comes after the event. Entries logged after that one
 * may be late themselves (placed before some logged earlier), so the start moves back until it is
 * before the earliest place among those replayed. -1 when nothing logged comes after the event.
 */
function startOf(log: LoggedChange[], place: Place): number {
  let earliest = place;
  for (;;) {
    const i = log.findIndex((e) => before(earliest, placeOf(e)));
    if (i < 0) return -1;
    const first = log.slice(i).reduce((m, e) => (before(placeOf(e), m) ? placeOf(e) : m), earliest);
    if (first === earliest) return i;
    earliest = first;
  }
}

/** The oversold units the replay finds that the log has not reported yet, per order. */
function unreported(found: Map<string, Record<string, unknown>>, entries: LoggedChange[]): Effect[] {
  const reported = new Map<string, number>();
  for (const e of entries)
    if (e.type === 'oversold')
      reported.set(
        String(e.data.orderId),
        (reported.get(String(e.data.orderId)) ?? 0) + Number(e.data.oversold ?? 0),
      );
  const effects: Effect[] = [];
  for (const [orderId, data] of found) {
    const more = Number(data.oversold) - (reported.get(orderId) ?? 0);
    if (more > 0) effects.push({ type: 'log', entry: 'oversold', data: { ...data, oversold: more } });
  }
  return effects;
}

/** The owner's email when the switch moved, and the platform's write when anything it shows did. */
function consequences(was: ItemState, now: ItemState): Effect[] {
  const effects: Effect[] = [];
  if (now.enabled !== was.enabled) {
    effects.push(
      now.enabled
        ? { type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }
        : {
            type: 'notify-owner',
            kind: 'disabled',
            reason: backordered(now.stock) >= now.threshold ? 'threshold_used_up' : 'switch_condition',
          },
    );
  }
  const shown = ['stock', 'enabled', 'status', 'threshold'] as const;
  if (shown.some((f) => now[f] !== was[f])) effects.push({ type: 'push-state' });
  return effects;
}

function pick(from: Partial<ItemState>): Partial<ItemState> {
  const out: Partial<ItemState> = { stock: from.stock };
  if (typeof from.enabled === 'boolean') out.enabled = from.enabled;
  if (typeof from.threshold === 'number') out.threshold = from.threshold;
  if (typeof from.status === 'string') out.status = from.status;
  if (from.switchedBy !== undefined) out.switchedBy = from.switchedBy;
  return out;
}

/** The change a log entry records, as an event the rules take; undefined for entries that are not one. */
function eventOf(e: LoggedChange): ItemEvent | undefined {
  const d = e.data;
  const actor = { kind: 'system' } as const;
  const key = `log:${e.id}`;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const level = num(d.level);
  switch (e.type) {
    case 'on-hand':
      return level === undefined ? undefined : { type: 'on-hand', key, level, actor };
    case 'stock-level':
      return level === undefined ? undefined : { type: 'stock-level', key, level, actor };
    case 'stock-delta': {
      const delta = num(d.delta);
      return delta === undefined ? undefined : { type: 'stock-delta', key, delta, actor };
    }
    case 'sale': {
      const quantity = num(d.quantity);
      return quantity === undefined
        ? undefined
        : { type: 'sale', key, quantity, orderId: String(d.orderId), actor };
    }
    case 'manual-toggle':
      return typeof d.enabled === 'boolean'
        ? { type: 'manual-toggle', key, enabled: d.enabled, actor }
        : undefined;
    case 'edit': {
      const { from: _from, to: _to, actor: _actor, ...fields } = d;
      return { type: 'edit', key, actor, ...(fields as object) };
    }
    case 'tick':
      return { type: 'tick', key };
    case 'switch-condition':
      return { type: 'switch-condition', key, actor };
    default:
      return undefined;
  }
}
