/**
 * apply-stock-change and every other item change: the transaction (row lock, decide, state, log,
 * outbox) and then the effects onto their queues.
 */
import type { Db } from '../db/client';
import { applyItemEvent, type Applied } from '../db/items.repo';
import type { ItemEvent } from '../domain/types';
import { relayEffects, type RelayQueues } from './relay-outbox.use-case';

export interface ApplyDeps {
  db: Db;
  relay: RelayQueues;
  clock: () => Date;
}

export async function applyEvent(
  deps: ApplyDeps,
  storeId: number,
  itemId: number,
  event: ItemEvent,
): Promise<Applied | undefined> {
  const applied = await applyItemEvent(deps.db, storeId, itemId, event, deps.clock());
  if (applied && applied.outbox.length > 0) await relayEffects(deps.db, deps.relay, applied.outbox);
  return applied;
}
