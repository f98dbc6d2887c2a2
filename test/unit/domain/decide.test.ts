import { decide } from '../../../core/domain/decide';
import { computeStatus, platformQuantity } from '../../../core/domain/status';
import type { Actor, Decision, Effect, ItemEvent, ItemState, RuleSettings } from '../../../core/domain/types';

import { itemState } from '../../support/item-state';

const settings: RuleSettings = { switchCondition: 0, timeZone: 'Europe/Amsterdam' };
/** 2026-03-10, 13:00 in Amsterdam. */
const now = new Date('2026-03-10T12:00:00Z');
const merchant: Actor = { kind: 'user', userId: 'u-1', email: 'owner@example.com' };

let seq = 0;
const key = (): string => `event-${++seq}`;

/** A tracked item with its status computed, like the ones the repository hands to `decide`. */
function item(overrides: Partial<ItemState> = {}): ItemState {
  const base = itemState(overrides);
  return { ...base, status: computeStatus(base, settings, now) };
}

const ev = {
  assign: (): ItemEvent => ({ type: 'assign', key: key(), actor: merchant }),
  level: (level: number): ItemEvent => ({
    type: 'stock-level',
    key: key(),
    level,
    actor: { kind: 'platform' },
  }),
  onHand: (level: number): ItemEvent => ({
    type: 'on-hand',
    key: key(),
    level,
    actor: { kind: 'platform' },
  }),
  delta: (delta: number): ItemEvent => ({
    type: 'stock-delta',
    key: key(),
    delta,
    actor: { kind: 'platform' },
  }),
  sale: (quantity: number, orderId = '#1001'): ItemEvent => ({
    type: 'sale',
    key: key(),
    quantity,
    orderId,
    actor: { kind: 'platform' },
  }),
  toggle: (enabled: boolean): ItemEvent => ({ type: 'manual-toggle', key: key(), enabled, actor: merchant }),
  edit: (fields: Omit<Extract<ItemEvent, { type: 'edit' }>, 'type' | 'key' | 'actor'>): ItemEvent => ({
    type: 'edit',
    key: key(),
    actor: merchant,
    ...fields,
  }),
  tick: (): ItemEvent => ({ type: 'tick', key: key() }),
  unassign: (keepInStock?: boolean): ItemEvent => ({
    type: 'unassign',
    key: key(),
    actor: merchant,
    keepInStock,
  }),
  makePurchasable: (): ItemEvent => ({ type: 'make-purchasable', key: key(), actor: merchant }),
};

/** A tracked item as it was under the store's switch condition `level` (status computed with it). */
function under(level: number, overrides: Partial<ItemState> = {}): ItemState {
  const base = itemState(overrides);
  return { ...base, status: computeStatus(base, { ...settings, switchCondition: level }, now) };
}

const apply = (state: ItemState, event: ItemEvent, at: Date = now): Decision =>
  decide(state, settings, event, at);

/** Applies events in order and returns the last decision. */
function applyAll(state: ItemState, ...events: ItemEvent[]): Decision {
  let decision: Decision = { item: state, effects: [] };
  for (const event of events) decision = apply(decision.item, event);
  return decision;
}

const emails = (d: Decision): Effect[] => d.effects.filter((e) => e.type === 'notify-owner');
const pushes = (d: Decision): Effect[] => d.effects.filter((e) => e.type === 'push-state');

describe('what shoppers see for an item (status)', () => {
  it('an item the app no longer tracks stays as it was left: purchase disabled, or purchasable', () => {
    expect(item({ tracked: false, stock: 50, status: 'unavailable' }).status).toBe('unavailable');
    expect(item({ tracked: false, stock: 50, status: 'backorder' }).status).toBe('unavailable');
    expect(item({ tracked: false, stock: 50, status: 'in_stock' }).status).toBe('in_stock');
  });

  it('stock above the switch condition sells normally, even with backorder on', () => {
    expect(item({ stock: 1, enabled: true }).status).toBe('in_stock');
  });

  it('at or below the switch condition, with backorder on and room under the threshold, sells on backorder', () => {
    expect(item({ stock: 0, enabled: true }).status).toBe('backorder');
    expect(item({ stock: -9, threshold: 10, enabled: true }).status).toBe('backorder');
  });

  it('with the threshold used up and nothing on hand, cannot be bought', () => {
    expect(item({ stock: -10, threshold: 10, enabled: true }).status).toBe('unavailable');
  });

  it('with the back-in-stock date reached and nothing on hand, cannot be bought', () => {
    expect(item({ stock: 0, enabled: true, backInStockDate: '2026-03-10' }).status).toBe('unavailable');
  });

  it('with backorder off, units still on hand sell normally', () => {
    expect(item({ stock: 3, switchAt: 5, enabled: false }).status).toBe('in_stock');
  });

  it('with backorder off and nothing on hand, cannot be bought', () => {
    expect(item({ stock: 0, enabled: false }).status).toBe('unavailable');
  });

  it('the platform is told exactly how many units it may still sell', () => {
    expect(platformQuantity(item({ stock: 4 }), settings, now)).toBe(4);
    expect(
      platformQuantity(item({ stock: 3, switchAt: 5, enabled: true, threshold: 10 }), settings, now),
    ).toBe(13);
    expect(platformQuantity(item({ stock: -4, enabled: true, threshold: 10 }), settings, now)).toBe(6);
    expect(platformQuantity(item({ stock: -10, enabled: true, threshold: 10 }), settings, now)).toBe(0);
  });

  it('an unassigned item keeps its units on hand on the platform, without the backorder room', () => {
    const unassigned = { switchAt: 5, enabled: true, threshold: 10, tracked: false };
    expect(platformQuantity(item({ ...unassigned, stock: 3 }), settings, now)).toBe(3);
    expect(platformQuantity(item({ ...unassigned, stock: -2 }), settings, now)).toBe(0);
  });
});

describe('assigning an item', () => {
  it('that is out of stock switches backorder on and emails the owner', () => {
    const d = apply(item({ tracked: false, stock: 0 }), ev.assign());
    expect(d.item).toMatchObject({ tracked: true, enabled: true, status: 'backorder' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('that is in stock tracks it without switching backorder on', () => {
    const d = apply(item({ tracked: false, stock: 8 }), ev.assign());
    expect(d.item).toMatchObject({ tracked: true, enabled: false, status: 'in_stock' });
    expect(d.effects).toEqual([{ type: 'push-state' }]);
  });

  it('with a threshold of 0 leaves backorder off', () => {
    const d = apply(item({ tracked: false, stock: 0, threshold: 0 }), ev.assign());
    expect(d.item).toMatchObject({ tracked: true, enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([]);
  });

  it('again keeps the merchant’s switch and only re-publishes the item', () => {
    const d = apply(item({ stock: 8, enabled: true }), ev.assign());
    expect(d.item.enabled).toBe(true);
    expect(d.effects).toEqual([{ type: 'push-state' }]);
  });
});

describe('backorder switching on by itself', () => {
  it('when the last unit on hand is sold, and the owner gets an email', () => {
    const d = apply(item({ stock: 1 }), ev.sale(1));
    expect(d.item).toMatchObject({ stock: 0, enabled: true, status: 'backorder' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('when a stock count drops to the switch condition', () => {
    const d = apply(item({ stock: 5 }), ev.level(0));
    expect(d.item).toMatchObject({ stock: 0, enabled: true, status: 'backorder' });
  });

  it('using the item’s own switch condition over the store’s', () => {
    const d = apply(item({ stock: 5, switchAt: 3 }), ev.delta(-2));
    expect(d.item).toMatchObject({ stock: 3, enabled: true, status: 'backorder' });
  });

  it('not when stock was already at or below the switch condition', () => {
    const d = apply(item({ stock: 0 }), ev.delta(-1));
    expect(d.item).toMatchObject({ enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([]);
  });

  it('not when the threshold is 0 (nothing could be sold on backorder), and no email', () => {
    const d = apply(item({ stock: 2, threshold: 0 }), ev.sale(2));
    expect(d.item).toMatchObject({ stock: 0, enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([]);
  });

  it('not when the back-in-stock date has been reached', () => {
    const d = apply(item({ stock: 2, backInStockDate: '2026-03-01' }), ev.sale(2));
    expect(d.item).toMatchObject({ enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([]);
  });
});

describe('orders past zero', () => {
  it('count against the threshold', () => {
    const d = apply(item({ stock: 0, threshold: 3, enabled: true }), ev.sale(2));
    expect(d.item).toMatchObject({ stock: -2, enabled: true, status: 'backorder' });
    expect(platformQuantity(d.item, settings, now)).toBe(1);
    expect(emails(d)).toEqual([]);
  });

  it('taking the last unit of the threshold switches backorder off and emails the owner', () => {
    const d = apply(item({ stock: -2, threshold: 3, enabled: true }), ev.sale(1));
    expect(d.item).toMatchObject({ stock: -3, enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'threshold_used_up' }]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('beyond the room left count only up to the threshold, and the units oversold are logged', () => {
    const d = apply(item({ stock: -2, threshold: 3, enabled: true }), ev.sale(3, '#2002'));
    expect(d.item).toMatchObject({ stock: -3, enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'threshold_used_up' }]);
    expect(d.effects).toContainEqual({
      type: 'log',
      entry: 'oversold',
      data: { orderId: '#2002', quantity: 3, accepted: 1, oversold: 2 },
    });
  });

  it('on units on hand and past the threshold take the units on hand and the room, the rest oversold', () => {
    const d = apply(item({ stock: 2, switchAt: 2, threshold: 3, enabled: true }), ev.sale(9, '#2003'));
    expect(d.item).toMatchObject({ stock: -3, enabled: false, status: 'unavailable' });
    expect(d.effects).toContainEqual({
      type: 'log',
      entry: 'oversold',
      data: { orderId: '#2003', quantity: 9, accepted: 5, oversold: 4 },
    });
  });

  it('on an item that cannot be bought are all oversold and leave stock unchanged', () => {
    const before = item({ stock: 0, enabled: false });
    const d = apply(before, ev.sale(1, '#3003'));
    expect(d.item).toEqual({ ...before, lastEventKey: d.item.lastEventKey });
    expect(d.effects).toEqual([
      { type: 'log', entry: 'oversold', data: { orderId: '#3003', quantity: 1, accepted: 0, oversold: 1 } },
    ]);
  });

  it('once the threshold is used up, many more orders never count as backordered', () => {
    const sales = Array.from({ length: 500 }, (_, i) => ev.sale(1, `#${i}`));
    let d: Decision = { item: item({ stock: 0, threshold: 50, enabled: true }), effects: [] };
    let oversold = 0;
    let disabled = 0;
    for (const sale of sales) {
      d = apply(d.item, sale);
      oversold += d.effects.filter((e) => e.type === 'log' && e.entry === 'oversold').length;
      disabled += emails(d).filter((e) => e.type === 'notify-owner' && e.kind === 'disabled').length;
    }
    expect(d.item).toMatchObject({ stock: -50, enabled: false, status: 'unavailable' });
    expect(oversold).toBe(450);
    expect(disabled).toBe(1);
  });

  it('taken in the minute between the back-in-stock date starting and the sweep are not oversold', () => {
    // The platform was told "backorder" yesterday; the sweep has not run yet today.
    const yesterday = item({ stock: 0, threshold: 3, enabled: true, backInStockDate: '2026-03-10' });
    const publishedYesterday = { ...yesterday, status: 'backorder' as const };
    const d = apply(publishedYesterday, ev.sale(1));
    expect(d.effects.filter((e) => e.type === 'log')).toEqual([]);
    expect(d.item).toMatchObject({ stock: -1, enabled: false, status: 'unavailable' });
  });

  it('within the room left log nothing extra', () => {
    const d = apply(item({ stock: 1, switchAt: 1, threshold: 3, enabled: true }), ev.sale(4));
    expect(d.effects.filter((e) => e.type === 'log')).toEqual([]);
  });
});

describe('the back-in-stock date', () => {
  it('switches backorder off on the minute sweep of that day, with an email', () => {
    const d = apply(item({ stock: -2, enabled: true, backInStockDate: '2026-03-10' }), ev.tick());
    expect(d.item).toMatchObject({ enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'back_in_stock_date' }]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('changes nothing on a sweep before that day', () => {
    const before = item({ stock: -2, enabled: true, backInStockDate: '2026-03-11' });
    const d = apply(before, ev.tick());
    expect(d.item).toEqual({ ...before, lastEventKey: d.item.lastEventKey });
    expect(d.effects).toEqual([]);
  });

  it('is read in the store’s time zone (midnight in Amsterdam, not UTC)', () => {
    const lateUtc = new Date('2026-03-10T23:30:00Z');
    const d = apply(item({ stock: 0, enabled: true, backInStockDate: '2026-03-11' }), ev.tick(), lateUtc);
    expect(d.item.enabled).toBe(false);
  });

  it('also switches backorder off on the next stock change once reached', () => {
    const d = apply(item({ stock: -1, enabled: true, backInStockDate: '2026-03-09' }), ev.delta(-1));
    expect(d.item.enabled).toBe(false);
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'back_in_stock_date' }]);
  });
});

describe('restocking', () => {
  it('above the switch condition sells normally again, without an email', () => {
    const d = apply(item({ stock: -3, enabled: true }), ev.level(12));
    expect(d.item).toMatchObject({ stock: 12, status: 'in_stock', enabled: true });
    expect(emails(d)).toEqual([]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('above the switch condition re-arms: a later drop switches backorder on again', () => {
    const usedUp = applyAll(item({ stock: 0, threshold: 2, enabled: true }), ev.sale(2));
    expect(usedUp.item).toMatchObject({ enabled: false, status: 'unavailable' });
    const restocked = apply(usedUp.item, ev.delta(10));
    expect(restocked.item).toMatchObject({ stock: 8, status: 'in_stock', enabled: false });
    const soldOut = apply(restocked.item, ev.sale(8));
    expect(soldOut.item).toMatchObject({ stock: 0, enabled: true, status: 'backorder' });
    expect(emails(soldOut)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
  });

  it('while backorder is still on, a later drop sells on backorder again without a new email', () => {
    const restocked = apply(item({ stock: -1, enabled: true }), ev.level(3));
    const soldOut = apply(restocked.item, ev.sale(3));
    expect(soldOut.item).toMatchObject({ stock: 0, enabled: true, status: 'backorder' });
    expect(emails(soldOut)).toEqual([]);
  });

  it('that stays at or below the switch condition does not re-arm', () => {
    const d = apply(item({ stock: -5, threshold: 5, enabled: false }), ev.delta(3));
    expect(d.item).toMatchObject({ stock: -2, enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([]);
  });
});

describe('a count of units on hand', () => {
  it('first covers the units owed on backorder', () => {
    const d = apply(item({ stock: -5, threshold: 5, enabled: false }), ev.onHand(20));
    expect(d.item).toMatchObject({ stock: 15, status: 'in_stock', enabled: false });
    expect(emails(d)).toEqual([]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('above the switch condition re-arms: a later drop switches backorder on again', () => {
    const restocked = apply(item({ stock: -5, threshold: 5, enabled: false }), ev.onHand(20));
    const soldOut = apply(restocked.item, ev.sale(15));
    expect(soldOut.item).toMatchObject({ stock: 0, enabled: true, status: 'backorder' });
    expect(emails(soldOut)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
  });

  it('of nothing leaves the units owed on backorder as they are', () => {
    const d = apply(item({ stock: -3, enabled: true }), ev.onHand(0));
    expect(d.item).toMatchObject({ stock: -3, enabled: true, status: 'backorder' });
    expect(d.effects).toEqual([]);
  });

  it('with nothing on backorder sets stock to the count, and switches backorder on when it crosses down', () => {
    const d = apply(item({ stock: 5 }), ev.onHand(0));
    expect(d.item).toMatchObject({ stock: 0, enabled: true, status: 'backorder' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
  });

  it('once the back-in-stock date is reached switches backorder off', () => {
    const d = apply(item({ stock: -2, enabled: true, backInStockDate: '2026-03-09' }), ev.onHand(1));
    expect(d.item).toMatchObject({ stock: -1, enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'back_in_stock_date' }]);
  });

  it.each([-1, 2.5, Number.NaN])('refuses a level of %p', (level) => {
    const before = item({ stock: -2 });
    const d = apply(before, ev.onHand(level));
    expect(d.rejected).toEqual({ code: 'invalid', message: expect.stringMatching(/whole number/) });
    expect(d.item).toBe(before);
    expect(d.effects).toEqual([]);
  });

  it('delivered twice is applied once', () => {
    const count = ev.onHand(20);
    const first = apply(item({ stock: -5 }), count);
    const second = apply(first.item, count);
    expect(second.item).toBe(first.item);
    expect(second.item.stock).toBe(15);
    expect(second.effects).toEqual([]);
  });
});

describe('the merchant’s backorder switch', () => {
  it('switches backorder on, with an email', () => {
    const d = apply(item({ stock: 0 }), ev.toggle(true));
    expect(d.item).toMatchObject({ enabled: true, status: 'backorder' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'manual' }]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('switches backorder off, with an email', () => {
    const d = apply(item({ stock: -1, enabled: true }), ev.toggle(false));
    expect(d.item).toMatchObject({ enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'manual' }]);
  });

  it('set to what it already is does nothing', () => {
    const d = apply(item({ stock: 0, enabled: true }), ev.toggle(true));
    expect(d.effects).toEqual([]);
    expect(d.item.enabled).toBe(true);
  });

  it('cannot switch on when the threshold is used up', () => {
    const before = item({ stock: -3, threshold: 3 });
    const d = apply(before, ev.toggle(true));
    expect(d.rejected).toEqual({
      code: 'threshold_used_up',
      message: expect.stringMatching(/raise the threshold/),
    });
    expect(d.item).toBe(before);
    expect(d.effects).toEqual([]);
  });

  it('cannot switch on once the back-in-stock date has been reached', () => {
    const before = item({ stock: 0, backInStockDate: '2026-03-10' });
    const d = apply(before, ev.toggle(true));
    expect(d.rejected?.code).toBe('back_in_stock_date_passed');
    expect(d.rejected?.message).toMatch(/set a later back-in-stock date/);
    expect(d.item).toBe(before);
  });
});

describe('editing an item', () => {
  it('stores the new values and re-publishes the item', () => {
    const d = apply(
      item(),
      ev.edit({ threshold: 20, incomingStock: 40, backInStockDate: '2026-04-01', switchAt: 2 }),
    );
    expect(d.item).toMatchObject({
      threshold: 20,
      incomingStock: 40,
      backInStockDate: '2026-04-01',
      switchAt: 2,
    });
    expect(d.effects).toEqual([{ type: 'push-state' }]);
  });

  it('lowering the threshold to what is already on backorder switches backorder off', () => {
    const d = apply(item({ stock: -4, enabled: true }), ev.edit({ threshold: 4 }));
    expect(d.item).toMatchObject({ enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'threshold_used_up' }]);
  });

  it('setting a back-in-stock date in the past switches backorder off', () => {
    const d = apply(item({ stock: 0, enabled: true }), ev.edit({ backInStockDate: '2026-03-01' }));
    expect(d.item.enabled).toBe(false);
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'back_in_stock_date' }]);
  });

  it('clearing the back-in-stock date is allowed', () => {
    const d = apply(item({ backInStockDate: '2026-04-01' }), ev.edit({ backInStockDate: null }));
    expect(d.item.backInStockDate).toBeNull();
  });

  it('raising its own switch condition to its stock or above switches backorder on, with an email', () => {
    const d = apply(item({ stock: 3 }), ev.edit({ switchAt: 5 }));
    expect(d.item).toMatchObject({ enabled: true, switchedBy: 'rules', status: 'backorder' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('lowering its own switch condition below its stock switches off what the condition switched on', () => {
    const before = under(5, { stock: 3, switchAt: 5, enabled: true, switchedBy: 'rules' });
    expect(before.status).toBe('backorder');
    const d = apply(before, ev.edit({ switchAt: 2 }));
    expect(d.item).toMatchObject({ enabled: false, status: 'in_stock' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'switch_condition' }]);
    expect(platformQuantity(d.item, settings, now)).toBe(3);
  });

  it('clearing its own switch condition applies the store’s', () => {
    const before = under(5, { stock: 3, switchAt: 5, enabled: true, switchedBy: 'rules' });
    const d = apply(before, ev.edit({ switchAt: null }));
    expect(d.item).toMatchObject({ switchAt: null, enabled: false, status: 'in_stock' });
  });

  it('that leaves its switch condition as it was switches nothing on', () => {
    // Off at the condition (the threshold was used up, and is raised now): an edit alone is no level.
    const d = apply(item({ stock: 0, threshold: 0, switchedBy: 'rules' }), ev.edit({ threshold: 5 }));
    expect(d.item).toMatchObject({ enabled: false, threshold: 5 });
    expect(emails(d)).toEqual([]);
  });

  it('with nothing new does nothing', () => {
    const d = apply(item({ threshold: 10 }), ev.edit({ threshold: 10 }));
    expect(d.effects).toEqual([]);
  });

  it.each([
    [{ threshold: -1 }, /threshold/],
    [{ threshold: 2.5 }, /threshold/],
    [{ incomingStock: -3 }, /incomingStock/],
    [{ backInStockDate: '2025-02-29' }, /backInStockDate/],
    [{ switchAt: 1.5 }, /switchAt/],
  ])('refuses %p, naming the field', (fields, field) => {
    const before = item();
    const d = apply(before, ev.edit(fields));
    expect(d.rejected).toEqual({ code: 'invalid', message: expect.stringMatching(field) });
    expect(d.item).toBe(before);
    expect(d.effects).toEqual([]);
  });
});

describe('a saved switch condition: a level, not only a crossing', () => {
  /** The store's condition saved at `level` and applied to the item. */
  const saved = (state: ItemState, level: number): Decision =>
    decide(
      state,
      { ...settings, switchCondition: level },
      { type: 'switch-condition', key: key(), actor: merchant },
      now,
    );

  it('raised to the stock or above switches backorder on now, with an email and the room published', () => {
    const d = saved(item({ stock: 3, threshold: 10 }), 5);
    expect(d.item).toMatchObject({ enabled: true, switchedBy: 'rules', status: 'backorder' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'enabled', reason: 'switch_condition' }]);
    expect(pushes(d)).toHaveLength(1);
    expect(platformQuantity(d.item, { ...settings, switchCondition: 5 }, now)).toBe(13);
  });

  it('raised switches on an item off at the old condition too, where the rules now allow', () => {
    // Switched off when its threshold was used up; the threshold was raised since.
    const d = saved(item({ stock: -2, threshold: 5, switchedBy: 'rules' }), 1);
    expect(d.item).toMatchObject({ enabled: true, status: 'backorder' });
  });

  it.each([
    ['the threshold is used up', { threshold: 0 }],
    ['the back-in-stock date has been reached', { backInStockDate: '2026-03-10' }],
    ['the merchant switched it off by hand', { switchedBy: 'merchant' as const }],
    ['it has a switch condition of its own', { switchAt: 2 }],
  ])('raised switches nothing on when %s', (_why, overrides) => {
    const d = saved(item({ stock: 3, ...overrides }), 5);
    expect(d.item.enabled).toBe(false);
    expect(emails(d)).toEqual([]);
  });

  it('raised above the stock of an item with backorder on changes nothing', () => {
    const before = under(5, { stock: 3, enabled: true, switchedBy: 'rules' });
    const d = saved(before, 8);
    expect(d.item).toEqual({ ...before, lastEventKey: d.item.lastEventKey });
    expect(d.effects).toEqual([]);
  });

  it('lowered below the stock switches off what it switched on and withdraws the room', () => {
    const before = under(5, { stock: 3, threshold: 10, enabled: true, switchedBy: 'rules' });
    expect(platformQuantity(before, { ...settings, switchCondition: 5 }, now)).toBe(13);
    const d = saved(before, 0);
    expect(d.item).toMatchObject({ enabled: false, switchedBy: 'rules', status: 'in_stock' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'switch_condition' }]);
    expect(pushes(d)).toHaveLength(1);
    expect(platformQuantity(d.item, settings, now)).toBe(3);
  });

  it('lowered keeps a switch the merchant turned on: the room closes until stock falls to the new level', () => {
    const before = under(5, { stock: 3, enabled: true, switchedBy: 'merchant' });
    const d = saved(before, 0);
    expect(d.item).toMatchObject({ enabled: true, switchedBy: 'merchant', status: 'in_stock' });
    expect(emails(d)).toEqual([]);
    expect(pushes(d)).toHaveLength(1);
    expect(platformQuantity(d.item, settings, now)).toBe(3);
    // Three units sold later: the room opens again at the new condition, no switch needed.
    const sold = apply(d.item, ev.sale(3));
    expect(sold.item).toMatchObject({ enabled: true, status: 'backorder' });
  });

  it('lowered switches off a switch the merchant turned on only when it cannot sell anything more', () => {
    const before = under(5, { stock: -10, threshold: 10, enabled: true, switchedBy: 'merchant' });
    const d = saved(before, -20);
    expect(d.item.enabled).toBe(false);
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'disabled', reason: 'threshold_used_up' }]);
  });

  it('lowered leaves a switch the rules left on after a restock (no room open) as it is', () => {
    const before = under(5, { stock: 20, enabled: true, switchedBy: 'rules' });
    expect(before.status).toBe('in_stock');
    const d = saved(before, 0);
    expect(d.item.enabled).toBe(true);
    expect(d.effects).toEqual([]);
  });

  it('raised and lowered back leaves every product as it was, the merchant’s switch included', () => {
    const rules = under(0, { stock: 3 });
    const byHand = under(0, { stock: 3, enabled: true, switchedBy: 'merchant' });
    const raised = [saved(rules, 5).item, saved(byHand, 5).item];
    expect(raised.map((i) => [i.enabled, i.status])).toEqual([
      [true, 'backorder'],
      [true, 'backorder'],
    ]);
    const back = raised.map((i) => saved(i, 0).item);
    expect(back.map((i) => [i.enabled, i.switchedBy, i.status])).toEqual([
      [false, 'rules', 'in_stock'],
      [true, 'merchant', 'in_stock'],
    ]);
  });

  it('saved again under a new key, or delivered twice, changes nothing more', () => {
    const first = saved(item({ stock: 3 }), 5);
    const again = decide(
      first.item,
      { ...settings, switchCondition: 5 },
      { type: 'switch-condition', key: key(), actor: merchant },
      now,
    );
    expect({ ...again.item, lastEventKey: null }).toEqual({ ...first.item, lastEventKey: null });
    expect(again.effects).toEqual([]);
  });
});

describe('who moved the switch last', () => {
  it('is the merchant after a switch by hand, the rules after a switch they make', () => {
    expect(apply(item({ stock: 0 }), ev.toggle(true)).item.switchedBy).toBe('merchant');
    expect(apply(item({ stock: 1 }), ev.sale(1)).item.switchedBy).toBe('rules');
    const onByHand = item({ stock: -9, threshold: 10, enabled: true, switchedBy: 'merchant' });
    expect(apply(onByHand, ev.sale(1)).item).toMatchObject({ enabled: false, switchedBy: 'rules' });
  });

  it('is forgotten when the item is unassigned', () => {
    const d = apply(item({ stock: 0, enabled: true, switchedBy: 'merchant' }), ev.unassign());
    expect(d.item.switchedBy).toBeNull();
  });
});

describe('unassigning an item', () => {
  it('stops tracking it, disables purchase and emails the owner once', () => {
    const d = apply(item({ stock: -2, enabled: true }), ev.unassign());
    expect(d.item).toMatchObject({ tracked: false, enabled: false, status: 'unavailable' });
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'unassigned', reason: 'unassigned' }]);
    expect(pushes(d)).toHaveLength(1);
  });

  it('emails the owner even when backorder was off', () => {
    const d = apply(item({ stock: 7 }), ev.unassign());
    expect(emails(d)).toEqual([{ type: 'notify-owner', kind: 'unassigned', reason: 'unassigned' }]);
  });

  it.each([
    ['a sale', ev.sale(3)],
    ['a stock count', ev.level(0)],
    ['a stock change', ev.delta(-4)],
    ['a count on hand', ev.onHand(9)],
    ['the merchant’s switch', ev.toggle(true)],
    ['an edit', ev.edit({ threshold: 1 })],
    ['the minute sweep', ev.tick()],
    ['another unassign', ev.unassign()],
  ])('afterwards, ignores %s', (_name, event) => {
    const untracked = apply(item({ stock: 0, enabled: true }), ev.unassign()).item;
    const d = apply(untracked, event);
    expect(d.item).toEqual({ ...untracked, lastEventKey: event.key });
    expect(d.effects).toEqual([]);
  });

  it('disables purchase on an item in stock too, by default', () => {
    const d = apply(item({ stock: 18 }), ev.unassign());
    expect(d.item).toMatchObject({ tracked: false, status: 'unavailable' });
    expect(platformQuantity(d.item, settings, now)).toBe(18);
  });

  it('keeps an item with units on the shelf purchasable when asked, with its shelf count and no room', () => {
    const onBackorder = item({ stock: 3, switchAt: 5, enabled: true, threshold: 10 });
    expect(platformQuantity(onBackorder, settings, now)).toBe(13);
    const d = apply(onBackorder, ev.unassign(true));
    expect(d.item).toMatchObject({ tracked: false, enabled: false, status: 'in_stock' });
    expect(platformQuantity(d.item, settings, now)).toBe(3);
    expect(pushes(d)).toHaveLength(1);
    expect(emails(d)).toEqual([
      { type: 'notify-owner', kind: 'unassigned', reason: 'unassigned', keptPurchasable: true },
    ]);
  });

  it.each([
    ['units owed to customers', -4],
    ['nothing on the shelf', 0],
  ])('disables purchase on an item with %s even when in-stock items are kept', (_name, stock) => {
    const d = apply(item({ stock, enabled: true }), ev.unassign(true));
    expect(d.item).toMatchObject({ tracked: false, status: 'unavailable' });
    expect(platformQuantity(d.item, settings, now)).toBe(0);
  });

  it('an item left with purchase disabled can be made purchasable again, logged and published', () => {
    const left = apply(item({ stock: -2, enabled: true }), ev.unassign()).item;
    const d = apply(left, ev.makePurchasable());
    expect(d.item).toMatchObject({ tracked: false, enabled: false, status: 'in_stock' });
    expect(pushes(d)).toHaveLength(1);
    expect(emails(d)).toEqual([]);
    // Its level stays what unassigning left: the app adds nothing to an item it no longer tracks.
    expect(platformQuantity(d.item, settings, now)).toBe(0);
    // Asked again, nothing changes.
    expect(pushes(apply(d.item, ev.makePurchasable()))).toEqual([]);
  });

  it('refuses to make an assigned item purchasable: the rules decide that', () => {
    const d = apply(item({ stock: 0, enabled: false }), ev.makePurchasable());
    expect(d.rejected).toMatchObject({ code: 'assigned' });
    expect(d.item.status).toBe('unavailable');
  });

  it('can be undone by assigning it again', () => {
    const untracked = apply(item({ stock: 0 }), ev.unassign()).item;
    const d = apply(untracked, ev.assign());
    expect(d.item).toMatchObject({ tracked: true, enabled: true, status: 'backorder' });
  });
});

describe('the same event delivered twice', () => {
  it('is applied once', () => {
    const sale = ev.sale(1);
    const first = apply(item({ stock: 1 }), sale);
    const second = apply(first.item, sale);
    expect(second.item).toBe(first.item);
    expect(second.item.stock).toBe(0);
    expect(second.effects).toEqual([]);
  });

  it('is remembered even when it changed nothing', () => {
    const tick = ev.tick();
    const d = apply(item(), tick);
    expect(d.item.lastEventKey).toBe(tick.key);
    expect(d.effects).toEqual([]);
  });
});
