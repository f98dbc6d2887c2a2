import fc from 'fast-check';

import { decide } from '../../../core/domain/decide';
import {
  backordered,
  canBackorder,
  computeStatus,
  platformQuantity,
  switchAtOf,
} from '../../../core/domain/status';
import type { Decision, ItemEvent, ItemState, RuleSettings } from '../../../core/domain/types';

const START = new Date('2026-03-10T12:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const isoDay = (offsetDays: number): string =>
  new Date(START.getTime() + offsetDays * DAY).toISOString().slice(0, 10);

const settingsArb: fc.Arbitrary<RuleSettings> = fc.record({
  switchCondition: fc.integer({ min: -5, max: 10 }),
  timeZone: fc.constantFrom('Europe/Amsterdam', 'America/New_York', 'UTC', 'Pacific/Kiritimati'),
});

const dateArb = fc.option(fc.integer({ min: -3, max: 10 }).map(isoDay), { nil: null });
/** Mostly fresh keys, sometimes one of a few that repeat. */
const keyArb = fc.oneof(fc.constantFrom('k1', 'k2', 'k3'), fc.uuid());
const actor = { kind: 'platform' } as const;

function itemArb(settings: RuleSettings): fc.Arbitrary<ItemState> {
  return fc
    .record({
      stock: fc.integer({ min: -100, max: 100 }),
      threshold: fc.integer({ min: 0, max: 60 }),
      switchAt: fc.option(fc.integer({ min: -5, max: 10 }), { nil: null }),
      incomingStock: fc.integer({ min: 0, max: 50 }),
      backInStockDate: dateArb,
      enabled: fc.boolean(),
      switchedBy: fc.constantFrom(null, 'rules' as const, 'merchant' as const),
      tracked: fc.boolean(),
      lastEventKey: fc.option(keyArb, { nil: null }),
    })
    .map((raw) => {
      // An untracked item always has backorder off: unassigning switches it off.
      const item: ItemState = {
        ...raw,
        enabled: raw.tracked && raw.enabled,
        switchedBy: raw.tracked ? raw.switchedBy : null,
        status: 'unavailable',
      };
      return { ...item, status: computeStatus(item, settings, START) };
    });
}

const editArb: fc.Arbitrary<ItemEvent> = fc.record(
  {
    type: fc.constant('edit' as const),
    key: keyArb,
    actor: fc.constant(actor),
    threshold: fc.integer({ min: -1, max: 60 }),
    incomingStock: fc.integer({ min: 0, max: 50 }),
    backInStockDate: fc.oneof(dateArb, fc.constant('2025-02-29')),
    switchAt: fc.option(fc.integer({ min: -5, max: 10 }), { nil: null }),
  },
  { requiredKeys: ['type', 'key', 'actor'] },
);

const eventArb: fc.Arbitrary<ItemEvent> = fc.oneof(
  fc.record({ type: fc.constant('assign' as const), key: keyArb, actor: fc.constant(actor) }),
  fc.record({
    type: fc.constant('stock-level' as const),
    key: keyArb,
    level: fc.integer({ min: -50, max: 100 }),
    actor: fc.constant(actor),
  }),
  fc.record({
    type: fc.constant('on-hand' as const),
    key: keyArb,
    // Mostly valid counts, sometimes one the rules refuse.
    level: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 100 }) },
      { weight: 1, arbitrary: fc.constantFrom(-1, 2.5) },
    ),
    actor: fc.constant(actor),
  }),
  fc.record({
    type: fc.constant('stock-delta' as const),
    key: keyArb,
    delta: fc.integer({ min: -40, max: 40 }),
    actor: fc.constant(actor),
  }),
  fc.record({
    type: fc.constant('sale' as const),
    key: keyArb,
    quantity: fc.integer({ min: 1, max: 40 }),
    orderId: fc.string(),
    actor: fc.constant(actor),
  }),
  fc.record({
    type: fc.constant('manual-toggle' as const),
    key: keyArb,
    enabled: fc.boolean(),
    actor: fc.constant(actor),
  }),
  editArb,
  fc.record({ type: fc.constant('tick' as const), key: keyArb }),
  fc.record({ type: fc.constant('switch-condition' as const), key: keyArb, actor: fc.constant(actor) }),
  fc.record({ type: fc.constant('unassign' as const), key: keyArb, actor: fc.constant(actor) }),
);

/** Each step waits 0 minutes to 2 days, so back-in-stock dates get reached along the way. */
const stepsArb = fc.array(fc.tuple(eventArb, fc.integer({ min: 0, max: 2 * 24 * 60 })), { maxLength: 30 });

const scenarioArb = settingsArb.chain((settings) =>
  fc.record({ settings: fc.constant(settings), start: itemArb(settings), steps: stepsArb }),
);

interface Step {
  before: ItemState;
  event: ItemEvent;
  now: Date;
  decision: Decision;
}

/** Runs the events in order, calling `check` after each. */
function replay(
  settings: RuleSettings,
  start: ItemState,
  steps: [ItemEvent, number][],
  check: (step: Step) => void,
): void {
  let item = start;
  let now = START;
  for (const [event, waitMinutes] of steps) {
    now = new Date(now.getTime() + waitMinutes * MINUTE);
    const decision = decide(item, settings, event, now);
    check({ before: item, event, now, decision });
    item = decision.item;
  }
}

const isDuplicate = (s: Step): boolean => s.event.key === s.before.lastEventKey;
const switchNotices = (d: Decision) =>
  d.effects.filter((e) => e.type === 'notify-owner' && (e.kind === 'enabled' || e.kind === 'disabled'));

describe('backorder rules hold for any item and any events', () => {
  it('never offers more than the threshold on backorder', () => {
    fc.assert(
      fc.property(scenarioArb, ({ settings, start, steps }) => {
        replay(settings, start, steps, ({ before, event, decision: { item }, now }) => {
          const onBackorder = backordered(item.stock);
          // A sale never takes backorders past the threshold, whatever the platform was told or sold.
          if (event.type === 'sale')
            expect(onBackorder).toBeLessThanOrEqual(Math.max(before.threshold, backordered(before.stock)));
          if (computeStatus(item, settings, now) === 'backorder')
            expect(onBackorder).toBeLessThan(item.threshold);
          const published = platformQuantity(item, settings, now);
          expect(published).toBeGreaterThanOrEqual(0);
          expect(published).toBeLessThanOrEqual(
            Math.max(0, item.stock) + Math.max(0, item.threshold - onBackorder),
          );
          // Selling everything published never takes backorders past the threshold (or past what they already are).
          expect(backordered(item.stock - published)).toBeLessThanOrEqual(
            Math.max(item.threshold, onBackorder),
          );
        });
      }),
    );
  });

  it('keeps backorders within the threshold for any events that do not set them past it themselves', () => {
    // Only a stock count or change below -threshold, or an edit lowering the threshold below what is
    // already on backorder, may take backorders past the threshold; such events are left out here.
    const scenario = settingsArb.chain((settings) =>
      fc.record({
        settings: fc.constant(settings),
        start: itemArb(settings).filter((i) => backordered(i.stock) <= i.threshold),
        steps: stepsArb,
      }),
    );
    const setsPastThreshold = (item: ItemState, event: ItemEvent): boolean => {
      switch (event.type) {
        case 'stock-level':
          return event.level < -item.threshold;
        case 'stock-delta':
          return item.stock + event.delta < -item.threshold;
        case 'edit':
          return event.threshold !== undefined && event.threshold < backordered(item.stock);
        default:
          return false;
      }
    };
    fc.assert(
      fc.property(scenario, ({ settings, start, steps }) => {
        let item = start;
        let now = START;
        for (const [event, waitMinutes] of steps) {
          now = new Date(now.getTime() + waitMinutes * MINUTE);
          if (setsPastThreshold(item, event)) continue;
          item = decide(item, settings, event, now).item;
          expect(backordered(item.stock)).toBeLessThanOrEqual(item.threshold);
        }
      }),
    );
  });

  it('takes only the accepted units of a sale off stock, and logs the rest as oversold', () => {
    fc.assert(
      fc.property(scenarioArb, ({ settings, start, steps }) => {
        replay(settings, start, steps, (step) => {
          const { before, event, decision } = step;
          if (event.type !== 'sale' || isDuplicate(step) || !before.tracked) return;
          const accepted = before.stock - decision.item.stock;
          expect(accepted).toBeGreaterThanOrEqual(0);
          expect(accepted).toBeLessThanOrEqual(event.quantity);
          const logs = decision.effects.filter((e) => e.type === 'log');
          const oversold = event.quantity - accepted;
          expect(logs).toEqual(
            oversold > 0
              ? [
                  {
                    type: 'log',
                    entry: 'oversold',
                    data: { orderId: event.orderId, quantity: event.quantity, accepted, oversold },
                  },
                ]
              : [],
          );
        });
      }),
    );
  });

  it('changes the backorder switch only with exactly one email to the owner', () => {
    fc.assert(
      fc.property(scenarioArb, ({ settings, start, steps }) => {
        replay(settings, start, steps, ({ before, event, decision }) => {
          const notices = decision.effects.filter((e) => e.type === 'notify-owner');
          if (event.type === 'unassign' && before.tracked && !isDuplicate({ before, event } as Step)) {
            expect(notices).toEqual([{ type: 'notify-owner', kind: 'unassigned', reason: 'unassigned' }]);
            return;
          }
          expect(notices.filter((e) => e.kind === 'unassigned')).toEqual([]);
          const switched = before.enabled !== decision.item.enabled;
          expect(switchNotices(decision)).toHaveLength(switched ? 1 : 0);
          if (switched) expect(notices[0]?.kind).toBe(decision.item.enabled ? 'enabled' : 'disabled');
        });
      }),
    );
  });

  it('applies an event delivered twice only once', () => {
    fc.assert(
      fc.property(scenarioArb, ({ settings, start, steps }) => {
        replay(settings, start, steps, ({ event, now, decision }) => {
          const again = decide(decision.item, settings, event, now);
          expect(again.item).toEqual(decision.item);
          expect(again.effects).toEqual([]);
        });
      }),
    );
  });

  it('changes nothing when an absolute event is repeated under a new key', () => {
    const absolute = new Set<ItemEvent['type']>([
      'stock-level',
      'on-hand',
      'manual-toggle',
      'tick',
      'edit',
      'switch-condition',
    ]);
    fc.assert(
      fc.property(scenarioArb, ({ settings, start, steps }) => {
        replay(settings, start, steps, (step) => {
          const { before, event, now, decision } = step;
          if (!absolute.has(event.type) || isDuplicate(step)) return;
          // A count on hand is absolute in physical units, but the owed units it covers are not
          // remembered: with b > 0 backordered, a count of L gives L - b, and the same count again
          // gives L - max(0, b - L), the same only when L = 0. See the next property.
          if (event.type === 'on-hand' && event.level !== 0 && backordered(before.stock) > 0) return;
          const repeat = { ...event, key: `${event.key}-repeat` };
          const again = decide(decision.item, settings, repeat, now);
          expect({ ...again.item, lastEventKey: null }).toEqual({ ...decision.item, lastEventKey: null });
          expect(again.effects).toEqual([]);
        });
      }),
    );
  });

  it('a count on hand repeated under a new key is a no-op exactly when it is 0 or nothing was on backorder', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 60 }),
        ({ settings, start }, level, owed) => {
          const item = { ...start, tracked: true, stock: -owed };
          const count: ItemEvent = { type: 'on-hand', key: 'count-1', level, actor };
          const first = decide(item, settings, count, START).item;
          expect(first.stock).toBe(level - owed);
          const again = decide(first, settings, { ...count, key: 'count-2' }, START).item;
          expect(again.stock === first.stock).toBe(level === 0 || owed === 0);
        },
      ),
    );
  });

  it('always reports the status the rules give, and leaves refused items untouched', () => {
    fc.assert(
      fc.property(scenarioArb, ({ settings, start, steps }) => {
        replay(settings, start, steps, (step) => {
          const { before, decision, now } = step;
          if (isDuplicate(step) || decision.rejected) {
            expect(decision.item).toBe(before);
            expect(decision.effects).toEqual([]);
            return;
          }
          expect(decision.item.lastEventKey).toBe(step.event.key);
          expect(decision.item.status).toBe(computeStatus(decision.item, settings, now));
        });
      }),
    );
  });
});

describe('a changed switch condition applies as a level', () => {
  /** An item as it was under one condition, then the store's saved at another, or its own edited. */
  const scenario = fc
    .tuple(settingsArb, fc.integer({ min: -5, max: 10 }), fc.boolean())
    .chain(([settings, level, ownEdit]) =>
      fc.record({
        settings: fc.constant(settings),
        changed: fc.constant({ ...settings, switchCondition: level }),
        ownEdit: fc.constant(ownEdit),
        before: itemArb(settings).filter((i) => i.tracked),
        now: fc.integer({ min: 0, max: 10 * 24 * 60 }).map((m) => new Date(START.getTime() + m * MINUTE)),
      }),
    );

  it('switches on at or below it, off above it where it had opened the room, and keeps the merchant’s switch', () => {
    fc.assert(
      fc.property(scenario, ({ settings, changed, ownEdit, before, now }) => {
        const own: ItemEvent = { type: 'edit', key: 'own', actor, switchAt: changed.switchCondition };
        const saved: ItemEvent = { type: 'switch-condition', key: 'saved', actor };
        const rules = ownEdit ? settings : changed;
        const decision = decide(before, rules, ownEdit ? own : saved, now);
        const { item } = decision;
        const level = switchAtOf(item, rules);
        // An edit applies the level when it moves the item's; the store's applies to items without one.
        const applies = ownEdit ? level !== switchAtOf(before, settings) : before.switchAt === null;
        const allowed = canBackorder(item, rules, now);
        if (!applies) expect(item.enabled).toBe(before.enabled && allowed);
        if (applies && item.stock <= level && allowed && before.switchedBy !== 'merchant')
          expect(item.enabled).toBe(true);
        if (applies && item.stock > level && before.switchedBy === 'rules' && before.status === 'backorder')
          expect(item.enabled).toBe(false);
        // The merchant's switch stays as set unless the threshold or the date stops it.
        if (before.switchedBy === 'merchant') expect(item.enabled).toBe(before.enabled && allowed);
        // Above the level the platform is offered the units on hand only: no backorder room.
        if (item.stock > level) expect(platformQuantity(item, rules, now)).toBe(Math.max(0, item.stock));
        expect(item.status).toBe(computeStatus(item, rules, now));
        const switched = item.enabled !== before.enabled;
        expect(switchNotices(decision)).toHaveLength(switched ? 1 : 0);
        expect(item.switchedBy).toBe(switched ? 'rules' : before.switchedBy);
      }),
    );
  });

  it('saved and saved back, leaves the switches the rules or the merchant set as they were', () => {
    fc.assert(
      fc.property(scenario, ({ settings, changed, before, now }) => {
        fc.pre(changed.switchCondition !== settings.switchCondition);
        // A switch the rules set agrees with the level (a restock above it may leave one on: not here).
        const level = settings.switchCondition;
        const follows = { ...before, switchAt: null };
        const agreed =
          follows.switchedBy === 'rules' ? { ...follows, enabled: follows.stock <= level } : follows;
        const start = { ...agreed, status: computeStatus(agreed, settings, now) };
        const there = decide(start, changed, { type: 'switch-condition', key: 'there', actor }, now).item;
        const back = decide(there, settings, { type: 'switch-condition', key: 'back', actor }, now).item;
        const allowed = canBackorder(start, settings, now);
        if (start.switchedBy !== null) expect(back.enabled).toBe(start.enabled && allowed);
        else if (start.enabled) expect(back.enabled).toBe(allowed);
        expect(back.status).toBe(computeStatus(back, settings, now));
      }),
    );
  });
});

/** What the merchant and the platform may do when the platform enforces the published quantity. */
type Intent =
  | { kind: 'sale'; share: number }
  | { kind: 'level'; level: number }
  | { kind: 'delta'; delta: number }
  | { kind: 'threshold'; threshold: number }
  | { kind: 'other'; event: ItemEvent };

const intentArb: fc.Arbitrary<Intent> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.double({ min: 0, max: 1, noNaN: true }).map((share) => ({ kind: 'sale' as const, share })),
  },
  fc.integer({ min: 0, max: 60 }).map((level) => ({ kind: 'level' as const, level })),
  fc.integer({ min: -30, max: 30 }).map((delta) => ({ kind: 'delta' as const, delta })),
  fc.integer({ min: 0, max: 60 }).map((threshold) => ({ kind: 'threshold' as const, threshold })),
  eventArb
    .filter(
      (e) =>
        e.type === 'manual-toggle' ||
        e.type === 'tick' ||
        e.type === 'switch-condition' ||
        e.type === 'assign' ||
        e.type === 'unassign' ||
        e.type === 'on-hand',
    )
    .map((event) => ({ kind: 'other' as const, event })),
);

/** Turns an intent into an event that respects the platform's cap and the test's assumptions. */
function eventFor(intent: Intent, item: ItemState, published: number, key: string): ItemEvent | null {
  switch (intent.kind) {
    case 'sale': {
      const quantity = Math.min(published, Math.max(1, Math.ceil(intent.share * published)));
      return quantity >= 1 ? { type: 'sale', key, quantity, orderId: key, actor } : null;
    }
    case 'level':
      return { type: 'stock-level', key, level: intent.level, actor };
    case 'delta': {
      const lowest = Math.min(item.stock, 0);
      return { type: 'stock-delta', key, delta: Math.max(intent.delta, lowest - item.stock), actor };
    }
    case 'threshold':
      return { type: 'edit', key, actor, threshold: Math.max(intent.threshold, backordered(item.stock)) };
    case 'other':
      return { ...intent.event, key };
  }
}

describe('when the platform never sells more than the quantity it was given', () => {
  it('backorders never exceed the threshold', () => {
    const scenario = settingsArb.chain((settings) =>
      fc.record({
        settings: fc.constant(settings),
        start: itemArb(settings).filter((i) => backordered(i.stock) <= i.threshold),
        intents: fc.array(fc.tuple(intentArb, fc.integer({ min: 0, max: 2 * 24 * 60 })), { maxLength: 40 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ settings, start, intents }) => {
        let item = start;
        let now = START;
        let published = platformQuantity(item, settings, now);
        intents.forEach(([intent, waitMinutes], i) => {
          now = new Date(now.getTime() + waitMinutes * MINUTE);
          const event = eventFor(intent, item, published, `step-${i}`);
          if (event === null) return;
          if (event.type === 'sale') published -= event.quantity; // the platform counts down by itself
          const decision = decide(item, settings, event, now);
          item = decision.item;
          if (decision.effects.some((e) => e.type === 'push-state'))
            published = platformQuantity(item, settings, now);
          expect(backordered(item.stock)).toBeLessThanOrEqual(item.threshold);
          expect(decision.effects.filter((e) => e.type === 'log')).toEqual([]);
        });
      }),
    );
  });
});
