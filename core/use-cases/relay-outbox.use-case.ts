/**
 * Moves outbox effects onto their queues. Called right after the transaction that wrote them (the
 * fast path) and by the every-minute sweep (the safety net: a process that died between commit and
 * enqueue loses nothing). The fast path uses deterministic job ids, so enqueueing twice is harmless;
 * the sweep gives a notice a fresh id, since its first job may sit with a dead worker, and the
 * outbox claim keeps two jobs for one notice from both sending it.
 */
import type { Db } from '../db/client';
import { isAppError } from '../errors';
import { storesWithStaleChanges } from '../db/items.repo';
import { markRelayed, staleEffects } from '../db/outbox.repo';

export interface RelayQueues {
  /** `retry` gives the job a new id: the first job may be stuck with a dead worker. */
  notify(outboxId: number, retry?: number): Promise<void>;
  /**
   * Publish the store's dirty items; `stamp` makes the job id unique. A sync already waiting for the
   * store covers the change, so none is added; `force` adds one anyway (the sweep's safety net).
   */
  sync(storeId: number, stamp: number, force?: boolean): Promise<void>;
}

/** Enqueues the given rows' effects; push-state rows are done once their sync job is queued. */
type EffectRow = { id: number; storeId: number; type: string };

export async function relayEffects(db: Db, queues: RelayQueues, rows: EffectRow[], retry?: number) {
  const syncs = new Map<number, number>();
  for (const row of rows) {
    if (row.type === 'notify-owner') await queues.notify(row.id, retry);
    if (row.type === 'push-state') syncs.set(row.storeId, Math.max(syncs.get(row.storeId) ?? 0, row.id));
  }
  for (const [storeId, stamp] of syncs) await queues.sync(storeId, stamp);
  await markRelayed(
    db,
    rows.filter((r) => r.type === 'push-state').map((r) => r.id),
  );
}

/**
 * Relays the effects of a change that is committed: the change stands whatever happens here. With the
 * queue unreachable the effects wait in the outbox and the minute sweep relays them once it is back,
 * so the caller answers with the truth (done), not with an error for something that happened.
 */
export async function relayCommitted(db: Db, queues: RelayQueues, rows: EffectRow[]): Promise<void> {
  if (rows.length === 0) return;
  try {
    await relayEffects(db, queues, rows);
  } catch (err) {
    if (!(isAppError(err) && err.kind === 'retryable')) throw err;
  }
}

/** The safety net: effects older than `olderThanMs` still pending, and stores with unpublished items. */
export async function sweepOutbox(db: Db, queues: RelayQueues, olderThanMs: number, now: Date) {
  const cutoff = new Date(now.getTime() - olderThanMs);
  const stale = await staleEffects(db, cutoff, 5000);
  await relayEffects(db, queues, stale, now.getTime());
  const dirtyStores = await storesWithStaleChanges(db, cutoff);
  for (const storeId of dirtyStores) await queues.sync(storeId, now.getTime(), true);
  return { effects: stale.length, stores: dirtyStores.length };
}
