/**
 * A job stopped on something the merchant must fix (a refused token, a bad request): the activity log
 * says so. The minute sweep queues the same work again every minute, so the same cause is recorded at
 * most once an hour per store, not 60 times.
 */
import type { Db } from '../db/client';
import { lastJobFailure, logEvent } from '../db/events.repo';

const QUIET_MS = 60 * 60 * 1000;

export async function recordJobFailure(
  deps: { db: Db; clock: () => Date },
  storeId: number,
  failure: { queue: string; code: string; message: string },
): Promise<boolean> {
  const last = await lastJobFailure(deps.db, storeId, failure);
  if (last && deps.clock().getTime() - last.createdAt.getTime() < QUIET_MS) return false;
  await logEvent(deps.db, storeId, { type: 'job-failed', actor: { kind: 'system' }, data: failure });
  return true;
}
