/**
 * `store/order/created`: every line of a tracked variant is a sale. While the app owns stock, this is
 * how backordered units are counted. Keys per order line make a redelivered order count once.
 */
import type { Db } from '../db/client';
import { trackedItemOf } from '../db/items.repo';
import { getStore } from '../db/stores.repo';
import type { Platforms } from './platforms';
import { sold } from '../domain/level-ledger';
import { applyEvent, type ApplyDeps } from './apply-item-event.use-case';

export async function recordOrder(
  deps: ApplyDeps & { db: Db; platforms: Platforms },
  storeId: number,
  orderId: string,
) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active') return { ignored: 'store not active' as const };
  const order = await deps.platforms.forStore(store).getOrder(orderId);
  if (!order) return { ignored: 'order not found' as const };
  let lines = 0;
  for (const line of order.lines) {
    const item = await trackedItemOf(deps.db, storeId, line);
    if (!item) continue;
    // The platform took the sale from its level, whatever the rules count of it.
    await applyEvent(
      deps,
      storeId,
      item.id,
      {
        type: 'sale',
        key: `order:${order.id}:line:${line.id}`,
        quantity: line.quantity,
        orderId: order.id,
        actor: { kind: 'platform' },
      },
      { ledger: (l) => sold(l, line.quantity) },
    );
    lines += 1;
  }
  return { lines };
}
