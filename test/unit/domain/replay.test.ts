/**
 * News that comes out of order: a sale whose webhook comes after a count taken after it, a count
 * whose webhook comes after sales placed after it. Whatever order the news comes in, the item ends
 * where the platform's order of events takes it.
 */
import fc from 'fast-check';
import { decide } from '../../../core/domain/decide';
import { replayInPlace, type LoggedChange, type Place } from '../../../core/domain/replay';
import { computeStatus } from '../../../core/domain/status';
import type { ItemEvent, ItemState, RuleSettings } from '../../../core/domain/types';
import { itemState } from '../../support/item-state';

const settings: RuleSettings = { switchCondition: 0, timeZone: 'Europe/Amsterdam' };
const now = new Date('2026-03-10T12:00:00Z');
const T = 1_800_000_000; // s
const platform = { kind: 'platform' } as const;

function item(overrides: Partial<ItemState>): ItemState {
  const base = itemState(overrides);
  return { ...base, status: computeStatus(base, settings, now) };
}

/** A platform event at second `s` after T, heard of at `heardMs`. */
type News = { event: ItemEvent; place: Place };
const count = (level: number, s: number, heardMs: number, key: string): News => ({
  event: { type: 'on-hand', key, level, actor: platform, countedAt: T + s, receivedAt: heardMs },
  place: [T + s, heardMs],
});
const sale = (quantity: number, s: number, heardMs: number, key: string): News => ({
  event: { type: 'sale', key, quantity, orderId: key, actor: platform, placedAt: T + s, receivedAt: heardMs },
  place: [T + s, heardMs],
});

const summary = (s: ItemState) => ({
  stock: s.stock,
  enabled: s.enabled,
  status: s.status,
  threshold: s.threshold,
  switchedBy: s.switchedBy,
});

/** The app: each piece of news as it comes, replayed into place when something logged comes after it. */
function applyAsHeard(start: ItemState, news: News[]): ItemState {
  let state = start;
  const log: LoggedChange[] = [];
  news.forEach((n, i) => {
    const decision =
      replayInPlace(state, settings, n.event, n.place, log, now) ?? decide(state, settings, n.event, now);
    const { type, key: _key, ...detail } = n.event;
    log.push({
      id: i + 1,
      type,
      data: { ...detail, from: summary(state), to: summary(decision.item) },
      loggedAt: 0,
    });
    state = decision.item;
  });
  return state;
}

/** The platform's order: by second, then by when the news came. */
function applyInOrder(start: ItemState, news: News[]): ItemState {
  const sorted = [...news].sort((a, b) => a.place[0] - b.place[0] || a.place[1] - b.place[1]);
  return sorted.reduce((s, n) => decide(s, settings, n.event, now).item, start);
}

describe('news out of order', () => {
  it('a sale heard of after a count taken after it is not taken off the shelf twice', () => {
    const start = item({ stock: 5, threshold: 10, enabled: true });
    // Sold 2 at second 9; the warehouse counted the 3 left at second 10; the sale's webhook came last.
    const heard = [count(3, 10, 10_100, 'c'), sale(2, 9, 70_000, 's')];
    expect(applyAsHeard(start, heard).stock).toBe(3);
    expect(
      decide(decide(start, settings, heard[0]!.event, now).item, settings, heard[1]!.event, now).item.stock,
    ).toBe(1);
  });

  it('keeps the units such a sale owes customers beyond the shelf', () => {
    const start = item({ stock: 1, threshold: 10, enabled: true, switchAt: 2 });
    // 3 sold at second 9 with 1 on the shelf: 2 owed. The warehouse then counts 0.
    const state = applyAsHeard(start, [count(0, 10, 10_100, 'c'), sale(3, 9, 70_000, 's')]);
    expect(state.stock).toBe(-2);
    expect(applyInOrder(start, [count(0, 10, 10_100, 'c'), sale(3, 9, 70_000, 's')]).stock).toBe(-2);
  });

  it('a count heard of after sales placed after it takes them off again', () => {
    const start = item({ stock: 10, threshold: 10 });
    const state = applyAsHeard(start, [sale(2, 12, 12_100, 's'), count(7, 11, 13_000, 'c')]);
    expect(state.stock).toBe(5);
  });

  it('in one second, the order the news came in decides', () => {
    const start = item({ stock: 5, threshold: 10, enabled: true });
    // The sale heard of first, applied after the count: it was in the count.
    expect(applyAsHeard(start, [count(3, 10, 10_500, 'c'), sale(2, 10, 10_200, 's')]).stock).toBe(3);
    // Heard of after the count: taken off it.
    expect(applyAsHeard(start, [count(3, 10, 10_100, 'c'), sale(2, 10, 10_200, 's')]).stock).toBe(1);
  });

  it('ends where the platform order takes the item, whatever order the news comes in', () => {
    const newsArb = fc
      .array(
        fc.record({
          isCount: fc.boolean(),
          n: fc.integer({ min: 0, max: 12 }),
          s: fc.integer({ min: 0, max: 20 }),
          lag: fc.integer({ min: 0, max: 60_000 }),
        }),
        { minLength: 1, maxLength: 25 },
      )
      .map((xs) =>
        xs.map((x, i) => {
          const heard = (T + x.s) * 1000 + x.lag + i; // distinct arrival times
          return x.isCount
            ? count(x.n, x.s, heard, `k${i}`)
            : sale(Math.max(1, x.n % 4), x.s, heard, `k${i}`);
        }),
      );
    fc.assert(
      fc.property(
        newsArb,
        fc.integer({ min: -5, max: 15 }),
        fc.integer({ min: 0, max: 15 }),
        fc.boolean(),
        (news, stock, threshold, enabled) => {
          const start = item({ stock, threshold, enabled: enabled && -stock < threshold });
          const byArrival = [...news].sort((a, b) => a.place[1] - b.place[1]);
          expect(summary(applyAsHeard(start, byArrival))).toEqual(summary(applyInOrder(start, news)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
