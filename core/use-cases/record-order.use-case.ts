/**
 * `store/order/created`: every line of a tracked variant is a sale. While the app owns stock, this is
 * how backordered units are counted. Keys per order line make a redelivered order count once.
 *
 * A sale whose news comes after a warehouse count taken after it (a retried webhook) is already in
 * that count: it is replayed into its place in the item's history (`core/domain/replay.ts`) and
 * leaves the platform's level alone. Any other sale took its units from the platform's level.
 */
import type { Db } from '../db/client';
import { settleDeliveries } from '../db/deliveries.repo';
import { replayedInPlace } from './replay-in-place';
import { toState, trackedItemOf, type ItemRow } from '../db/items.repo';
import { getStore } from '../db/stores.repo';
import { decide } from '../domain/decide';
import { placedBefore, sold } from '../domain/level-ledger';
import type { ItemEvent, RuleSettings } from '../domain/types';
import { applyEvent, type ApplyDeps } from './apply-item-event.use-case';
import type { Platforms } from './platforms';

export async function recordOrder(
  deps: ApplyDeps & { db: Db; platforms: Platforms },
  storeId: number,
  orderId: string,
  /** The delivery that told of it: when it reached the app (ms), to order the order against a count
   *  of the same second, and its id, whose wait ends here. */
  delivery: { receivedAt?: number; deliveryId?: string } = {},
) {
  const result = await record(deps, storeId, orderId, delivery.receivedAt);
  if (delivery.deliveryId) await settleDeliveries(deps.db, storeId, [delivery.deliveryId]);
  return result;
}

async function record(
  deps: ApplyDeps & { db: Db; platforms: Platforms },
  storeId: number,
  orderId: string,
  receivedAt: number | undefined,
) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active') return { ignored: 'store not active' as const };
  const order = await deps.platforms.forStore(store).getOrder(orderId);
  if (!order) return { ignored: 'order not found' as const };
  const placedAt = Math.floor(Date.parse(order.placedAt) / 1000);
  let lines = 0;
  for (const line of order.lines) {
    const item = await trackedItemOf(deps.db, storeId, line);
    if (!item) continue;
    const sale: SaleEvent = {
      type: 'sale',
      key: `order:${order.id}:line:${line.id}`,
      quantity: line.quantity,
      orderId: order.id,
      actor: { kind: 'platform' },
      placedAt,
      ...(receivedAt === undefined ? {} : { receivedAt }),
    };
    await applyEvent(deps, storeId, item.id, sale, {
      // Decided under the item's lock, against the last count it applied.
      rules: (tx, before, settings) => saleRules(tx, before, settings, sale, deps.clock()),
      // A sale in the last count is in the platform's level already; any other took its units from it.
      ledger: (l) => sold(l, line.quantity, sale, deps.clock().getTime()),
    });
    lines += 1;
  }
  return { lines };
}

type SaleEvent = Extract<ItemEvent, { type: 'sale' }> & { placedAt: number };

/** A sale in the last count the item applied is replayed into its place in the item's history. */
async function saleRules(tx: Db, before: ItemRow, settings: RuleSettings, sale: SaleEvent, now: Date) {
  const state = toState(before);
  if (!placedBefore(sale, before.publishedState ?? {})) return decide(state, settings, sale, now);
  const place = [sale.placedAt, sale.receivedAt ?? now.getTime()] as const;
  return (
    (await replayedInPlace(tx, before, settings, sale, place, now)) ?? decide(state, settings, sale, now)
  );
}
