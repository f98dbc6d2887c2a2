/**
 * Invariant 3: every order the platform accepted is counted exactly once, however late and however
 * often its webhook came: one `sale` entry per order line, for its quantity; and a sale whose webhook
 * reached the app after a count the warehouse took after the order must not be taken off the stock
 * that count already left it out of (units sold from stock on hand) — that is counting it twice.
 * Which count the app applied is told by its entry: the `on-hand` entry naming the count's webhook
 * delivery, written before the sale.
 */
import type { WebhookPayload } from '../../../emulator';
import { groupBy, itemIdOf, type Check, type Evidence } from './evidence';
import { arrivals } from './reference';

export function checkOrdersOnce(e: Evidence): Check {
  const sales = groupBy(
    e.events.filter((x) => x.type === 'sale'),
    (ev) => `${ev.itemId}:${ev.data.orderId}`,
  );
  const onHand = groupBy(
    e.events.filter((x) => x.type === 'on-hand'),
    (ev) => ev.itemId,
  );
  const counts = groupBy(
    e.ops.filter((x) => x.kind === 'count'),
    (op) => op.sku,
  );
  const attempts = deliveryAttempts(e);
  const deliveryOf = new Map(e.platform.emulator.deliveries.map((d) => [d.payload, d.id] as const));
  const arrived = arrivals(e.platform.emulator.deliveries);
  let unknowable = 0;
  const violations: string[] = [];
  let accepted = 0;
  let once = 0;
  let twice = 0;
  let twiceUnits = 0;
  let replayed = 0;
  for (const op of e.ops) {
    if (op.kind !== 'order' || op.orderId === undefined) continue;
    accepted += 1;
    const itemId = itemIdOf(e, op.sku);
    const counted = sales.get(`${itemId}:${op.orderId}`) ?? [];
    const what = `order #${op.orderId} (${op.quantity} × ${op.sku})`;
    const created = op.payloads.find((p) => p.scope === 'store/order/created');
    const tries = created ? (attempts.get(created) ?? 0) : 0;
    const lateness = tries > 1 ? `, its webhook delivered on attempt ${tries}` : '';
    if (counted.length !== 1) {
      violations.push(`${what}: counted ${counted.length} times${lateness}`);
      continue;
    }
    const sale = counted[0]!;
    if (Number(sale.data.quantity) !== op.quantity) {
      violations.push(`${what}: counted as ${sale.data.quantity} units`);
      continue;
    }
    once += 1;
    // The app knew it was late and replayed the item's history with the sale in its place: its entry's
    // from/to span that whole replay, and whether it came off the stock once shows in the item's
    // figures against the store's history (invariant 1).
    if (sale.data.replayed === true) {
      replayed += 1;
      continue;
    }
    // A later count the app applied before this sale: its level, applied after the count was taken.
    const taken = Number(sale.data.from?.stock) - Number(sale.data.to?.stock);
    const applied = onHand.get(itemId) ?? [];
    const laterCount = (counts.get(op.sku) ?? []).find(
      (c) =>
        c.seq > op.seq &&
        c.at < sale.at &&
        applied.some(
          (h) =>
            h.id < sale.id &&
            h.data.level === c.level &&
            // The app logs the delivery a count came in; older logs only its level and time.
            (h.data.delivery === undefined
              ? h.at >= c.at
              : h.data.delivery === deliveryOf.get(c.payloads[0]!)),
        ),
    );
    const fromOnHand = e.reference.get(op.sku)!.platform.sales.get(op.orderId)?.fromOnHand ?? 0;
    const double = laterCount ? Math.min(taken, fromOnHand) : 0;
    if (double > 0 && laterCount && couldNotKnow(created, laterCount.payloads[0], arrived)) {
      unknowable += 1;
      continue;
    }
    if (double > 0) {
      twice += 1;
      twiceUnits += double;
      violations.push(
        `${what}: ${double} units taken off twice — counted by the warehouse's count of ${laterCount!.level} ` +
          `taken ${((laterCount!.at - op.at) / 1000).toFixed(1)} s after it, then as a sale ` +
          `${((sale.at - op.at) / 1000).toFixed(1)} s after the order${lateness}`,
      );
    }
  }
  return {
    name: '3. every order counted exactly once',
    pass: violations.length === 0,
    figures: [
      `orders accepted: ${accepted}; counted once: ${once}; taken off twice (late after a count): ${twice} (${twiceUnits} units)`,
      `sales heard of after a later count, replayed into their place: ${replayed}`,
      `sales after a later count of the same second whose news came first (no app can tell): ${unknowable}`,
    ],
    violations,
  };
}

/** Two events stamped in one second whose deliveries reached the app the other way round. */
function couldNotKnow(
  order: WebhookPayload | undefined,
  count: WebhookPayload | undefined,
  arrived: Map<WebhookPayload, number>,
): boolean {
  if (!order || !count || order.created_at !== count.created_at) return false;
  return (arrived.get(order) ?? Infinity) > (arrived.get(count) ?? Infinity);
}

/** How many attempts each payload's delivery took. */
function deliveryAttempts(e: Evidence): Map<WebhookPayload, number> {
  const out = new Map<WebhookPayload, number>();
  for (const d of e.platform.emulator.deliveries)
    out.set(d.payload, Math.max(out.get(d.payload) ?? 0, d.attempt));
  return out;
}
