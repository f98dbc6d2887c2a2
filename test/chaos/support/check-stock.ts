/**
 * Invariants 1 and 2: every item's platform figures are what the app's state says they should be,
 * and the app's state is what the store's history gives; units on backorder never pass the
 * threshold, in the app or on the platform, and a sale past it happens only where the platform could
 * not refuse (it sold from a warehouse's count, not from units the app's writes added to it), and is
 * then reported.
 */
import { backordered } from '../../../core/domain/status';
import type { ItemState } from '../../../core/domain/types';
import type { Check, Evidence } from './evidence';
import { publicationOf } from './reference';

const show = (s: ItemState) =>
  `stock ${s.stock}, ${s.enabled ? 'switch on' : 'switch off'}, ${s.status.replace('_', ' ')}`;
const sells = (x: { level: number; purchasable: boolean }) =>
  `${x.level}${x.purchasable ? '' : ' (purchase disabled)'}`;

export function checkPlatformMatches(e: Evidence): Check {
  const violations: Array<[number, string]> = [];
  let published = 0;
  let followed = 0;
  let matching = 0;
  for (const t of e.targets) {
    const item = e.final.get(t.sku)!;
    const want = publicationOf(item.state, e.settings, e.now);
    const got = e.sellable.get(t.sku)!;
    const platformOk = got.level === want.level && got.purchasable === want.purchasable;
    const ref = e.reference.get(t.sku)!;
    const same = (r: ItemState) => r.stock === item.state.stock && r.enabled === item.state.enabled;
    const historyOk = same(ref.platform.state) || same(ref.known.state);
    published += platformOk ? 1 : 0;
    followed += historyOk ? 1 : 0;
    matching += platformOk && historyOk ? 1 : 0;
    if (!platformOk)
      violations.push([
        Math.abs(got.level - want.level) + 1000,
        `${t.sku}: the platform sells ${sells(got)}, the app's state (${show(item.state)}) says ${sells(want)}`,
      ]);
    if (!historyOk) {
      const known = same(ref.known.state)
        ? ''
        : `; in the order the app could know: ${show(ref.known.state)}`;
      violations.push([
        Math.abs(ref.platform.state.stock - item.state.stock),
        `${t.sku}: the app has ${show(item.state)}, the store's history gives ${show(ref.platform.state)}${known}`,
      ]);
    }
  }
  const n = e.targets.length;
  return {
    name: '1. platform = app state = store history',
    pass: violations.length === 0,
    figures: [
      `items matching the platform: ${matching}/${n}`,
      `platform shows the app's state: ${published}/${n}; app state = store history: ${followed}/${n}`,
    ],
    violations: violations.sort((a, b) => b[0] - a[0]).map(([, v]) => v),
  };
}

export function checkThreshold(e: Evidence): Check {
  const violations: string[] = [];
  // In the app, at every step of the log and at the end.
  for (const ev of e.events) {
    const to = ev.data.to as { stock: number; threshold: number } | undefined;
    if (to && backordered(to.stock) > to.threshold)
      violations.push(
        `item ${ev.itemId}: ${backordered(to.stock)} units on backorder after ${ev.type} #${ev.id} (threshold ${to.threshold})`,
      );
  }
  // On the platform: what the store's history sold past the threshold, and on whose level.
  const reported = new Map<number, number>();
  for (const ev of e.events.filter((x) => x.type === 'oversold'))
    reported.set(
      Number(ev.data.orderId),
      (reported.get(Number(ev.data.orderId)) ?? 0) + Number(ev.data.oversold),
    );
  let onApp = 0;
  let onWarehouse = 0;
  let unreported = 0;
  for (const op of e.ops) {
    if (op.kind !== 'order' || op.orderId === undefined) continue;
    const past = e.reference.get(op.sku)!.platform.sales.get(op.orderId)?.oversold ?? 0;
    const app = reported.get(op.orderId) ?? 0;
    const units = Math.max(past, app);
    if (units === 0) continue;
    const at = `order #${op.orderId} (${op.quantity} × ${op.sku}, the platform at ${sells(op.before)})`;
    // Units past the room are the app's when its writes added them to the warehouse's count.
    const mine = op.setBy === 'app' ? Math.min(units, Math.max(0, op.appAdded)) : 0;
    if (mine > 0) {
      onApp += mine;
      violations.push(
        `${at}: ${units} sold beyond on hand + backorder room, ${mine} of them on units the app's writes added (${app} reported)`,
      );
    }
    if (units > mine) {
      onWarehouse += units - mine;
      if (app < past) {
        unreported += past - app;
        violations.push(
          `${at}: ${past} sold beyond on hand + backorder room, on a warehouse count, ${app} reported`,
        );
      }
    }
  }
  const appReported = [...reported.values()].reduce((a, b) => a + b, 0);
  return {
    name: '2. backorders within the threshold',
    pass: violations.length === 0,
    figures: [
      `oversold units reported by the app: ${appReported}`,
      `units sold beyond on hand + backorder room (store history): on units the app's writes added ${onApp}, ` +
        `on a warehouse count ${onWarehouse} (${unreported} of them not reported)`,
    ],
    violations,
  };
}
