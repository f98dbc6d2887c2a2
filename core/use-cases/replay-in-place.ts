/**
 * An item event that comes after newer ones (a retried webhook): replayed into its place in the
 * item's log (`core/domain/replay.ts`), under the item's lock.
 */
import type { Db } from '../db/client';
import { itemLogSince } from '../db/events.repo';
import { toState, type ItemRow } from '../db/items.repo';
import { replayInPlace, type Place } from '../domain/replay';
import type { Decision, ItemEvent, RuleSettings } from '../domain/types';

/** How far back the log is read for a late event: the platform's clock and ours may differ a little. */
const MARGIN_S = 120;

export async function replayedInPlace(
  tx: Db,
  before: ItemRow,
  settings: RuleSettings,
  event: ItemEvent,
  place: Place,
  now: Date,
): Promise<Decision | undefined> {
  const log = await itemLogSince(tx, before.storeId, before.id, new Date((place[0] - MARGIN_S) * 1000));
  if (!log) return undefined;
  return replayInPlace(toState(before), settings, event, place, log, now);
}
