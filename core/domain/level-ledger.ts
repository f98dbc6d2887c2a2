/**
 * The app's ledger of one item's level on the platform (DESIGN: the platform's count is the only
 * count; the app keeps a ledger of what it adds). The app never writes a level: it adjusts by the
 * difference to the level it wants, and this ledger says what the platform holds as far as the app
 * knows — the last warehouse count, less the sales since, plus the app's own adjustments that landed
 * after it. Its own adjustments are known by the ledger (each expects one echo of its amount), never
 * by a level. Pure: callers pass times.
 *
 * A warehouse count replaces the whole level, the app's room included. An adjustment in flight when a
 * count is taken may have landed before it (wiped) or after it (kept). The count's stamp is whole
 * seconds; when an adjustment's flight overlaps the count's second, the ledger does not guess: its
 * level becomes unknown, and the platform's level is read before the app adjusts it again.
 */

/** One adjustment of the app's: its amount, when it was sent (ms), and when the platform answered. */
export interface Adjustment {
  delta: number;
  at: number;
  ackAt?: number;
}

/**
 * What an item's `published_state` holds: the listing the app last had the platform show, and the
 * ledger's memory of its own adjustments.
 */
export interface PublishedState {
  /** Purchase on or off, and the product-page text, as last written. */
  purchasable?: boolean;
  message?: string;
  /**
   * An adjustment sent whose outcome is not known yet (its call failed or its process died): until its
   * echo or a read of the platform settles it, no other adjustment goes out for the item.
   */
  pending?: Adjustment;
  /** Adjustments sent whose webhooks have not come back yet: their echoes, to ignore. */
  echoes?: Adjustment[];
  /** Adjustments the platform took in the last minutes: re-added after a count stamped before them. */
  recent?: Adjustment[];
  /**
   * Sales the platform took in the last minutes (when placed, s; when heard of, ms): taken off again
   * after a count stamped before them that the app applies after them.
   */
  sales?: Sale[];
  /** When the app last read the level (ms): a sale placed by then is in it, while the level is the read's. */
  readAt?: number;
  /** What the level was last set from: a warehouse count, or a read of the platform. */
  basis?: 'count' | 'read';
  /**
   * When a read last found a level the ledger did not expect (ms): the platform changed by news that
   * has not reached the app yet (a webhook on its way), so the item's state may be behind the read.
   */
  surprisedAt?: number;
  /** The stamp (seconds) of the last warehouse count applied, and when its news came (ms). */
  countedAt?: number;
  countReceivedAt?: number;
  /** Written by versions before relative adjustments: the level last written. */
  quantity?: number;
}

/** A sale as the ledger remembers it. */
export interface Sale {
  quantity: number;
  placedAt: number;
  receivedAt?: number;
  /** When the app applied it (ms), to forget it. */
  at: number;
}

/** Echoes come back within minutes; one older than this no longer explains a webhook. */
const ECHO_MS = 60 * 60 * 1000;
/** Adjustments kept to re-add after a count stamped before they landed. */
const RECENT_MS = 5 * 60 * 1000;

export interface Ledger {
  /** The platform's level as the app knows it; null until first known. */
  level: number | null;
  state: PublishedState;
}

/** A warehouse count of `value`, stamped `countedAt` (seconds) and heard of at `receivedAt` (ms): the
 *  level is the count, plus the app's adjustments that landed after it, less the sales placed after
 *  it. One older than the last count applied changes nothing. */
export function counted(
  ledger: Ledger,
  value: number,
  count: { countedAt: number; receivedAt?: number },
  now: number,
): Ledger {
  // A count older than the last one applied says nothing newer about the level.
  if (ledger.state.countedAt !== undefined && count.countedAt < ledger.state.countedAt) return ledger;
  const recent = fresh(ledger.state.recent, now, RECENT_MS);
  const sales = fresh(ledger.state.sales, now, RECENT_MS);
  const after = recent
    .filter((w) => landedAfter(w, count.countedAt) === true)
    .reduce((sum, w) => sum + w.delta, 0);
  // An adjustment in flight during the count's second: before or after it, only a read can tell.
  const unsure = recent.some((w) => landedAfter(w, count.countedAt) === undefined);
  // Sales placed after the count, whose news came first, are not in it.
  const taken = sales
    .filter((x) => !placedBefore(x, { countedAt: count.countedAt, countReceivedAt: count.receivedAt }))
    .reduce((sum, x) => sum + x.quantity, 0);
  const state: PublishedState = {
    ...ledger.state,
    countedAt: count.countedAt,
    countReceivedAt: count.receivedAt,
    basis: 'count',
    recent,
    sales,
  };
  // In one second with news that came late (a retry), the order the news came in may not be the
  // platform's: the level is read before the app adjusts it again.
  const late = lateNews(count.countedAt, count.receivedAt);
  const tied =
    (ledger.state.countedAt === count.countedAt &&
      (late || lateNews(count.countedAt, ledger.state.countReceivedAt))) ||
    sales.some((x) => x.placedAt === count.countedAt && (late || lateNews(x.placedAt, x.receivedAt)));
  return { level: tied || unsure ? null : value + after - taken, state };
}

/** News that came more than this after its stamp's second may have been overtaken (a retry). */
const LATE_MS = 2000;

function lateNews(second: number, receivedAt: number | undefined): boolean {
  return receivedAt !== undefined && receivedAt - second * 1000 > LATE_MS;
}

/**
 * Whether a sale placed at `placedAt` (s) is in a count stamped `countedAt` (s). In one second the
 * stamps cannot tell, and the order their news came in decides (the app can know no better).
 */
export function placedBefore(
  sale: { placedAt: number; receivedAt?: number },
  count: { countedAt?: number; countReceivedAt?: number },
): boolean {
  if (count.countedAt === undefined) return false;
  if (sale.placedAt !== count.countedAt) return sale.placedAt < count.countedAt;
  return (
    sale.receivedAt !== undefined &&
    count.countReceivedAt !== undefined &&
    sale.receivedAt < count.countReceivedAt
  );
}

/**
 * A sale the platform took: its level dropped by the quantity, whatever the app counts of it — unless
 * the last count the app applied was taken after it, or the last read, and so already holds it (a
 * sale in the read's second counts as in it: the side that undersells). Remembered either way, for a
 * count taken before it that comes later.
 */
export function sold(
  ledger: Ledger,
  quantity: number,
  sale: { placedAt?: number; receivedAt?: number },
  now: number,
): Ledger {
  if (sale.placedAt === undefined || !Number.isFinite(sale.placedAt))
    return { ...ledger, level: ledger.level === null ? null : ledger.level - quantity };
  const placed = { placedAt: sale.placedAt, receivedAt: sale.receivedAt };
  const sales = [...fresh(ledger.state.sales, now, RECENT_MS), { quantity, ...placed, at: now }];
  const state = { ...ledger.state, sales };
  const readAt = ledger.state.readAt;
  // The level is the last count's or the last read's, whichever set it last.
  const held =
    ledger.state.basis === 'read' && readAt !== undefined
      ? placed.placedAt <= Math.floor(readAt / 1000)
      : placedBefore(placed, ledger.state);
  if (held) return { ...ledger, state };
  const { countedAt, countReceivedAt } = ledger.state;
  const tied =
    placed.placedAt === countedAt &&
    (lateNews(placed.placedAt, placed.receivedAt) || lateNews(countedAt, countReceivedAt));
  if (tied) return { level: null, state };
  return { level: ledger.level === null ? null : ledger.level - quantity, state };
}

/**
 * A relative change the platform reports. The echo of the app's own adjustment (its amount is
 * expected) changes nothing the ledger does not know; an adjustment whose outcome was unknown is
 * settled by it. Anything else is someone else's change of stock.
 */
export function changed(ledger: Ledger, delta: number, now: number): { ledger: Ledger; own: boolean } {
  const echoes = fresh(ledger.state.echoes, now, ECHO_MS);
  const pending = ledger.state.pending;
  if (pending && pending.delta === delta) {
    // The echo of the adjustment whose answer never came: it landed.
    return {
      ledger: landed({ ...ledger, state: { ...ledger.state, echoes: without(echoes, delta) } }, now),
      own: true,
    };
  }
  if (echoes.some((e) => e.delta === delta))
    return { ledger: { ...ledger, state: { ...ledger.state, echoes: without(echoes, delta) } }, own: true };
  const level = ledger.level === null ? null : ledger.level + delta;
  return { ledger: { level, state: { ...ledger.state, echoes } }, own: false };
}

/** The app is about to send an adjustment: on record first, so a death mid-call leaves it pending. */
export function sending(ledger: Ledger, delta: number, now: number): Ledger {
  const sent: Adjustment = { delta, at: now };
  const echoes = [...fresh(ledger.state.echoes, now, ECHO_MS), sent];
  return { ...ledger, state: { ...ledger.state, pending: sent, echoes } };
}

/** The platform took the pending adjustment (its answer came at `now`). */
export function landed(ledger: Ledger, now: number): Ledger {
  const pending = ledger.state.pending;
  if (!pending) return ledger;
  const write = { ...pending, ackAt: now };
  const kept = ledger.state.countedAt === undefined || landedAfter(write, ledger.state.countedAt);
  const recent = [...fresh(ledger.state.recent, now, RECENT_MS), write];
  // Landed in the second of the last count: whether the count wiped it, only a read can tell.
  const level =
    ledger.level === null || kept === undefined ? null : ledger.level + (kept ? pending.delta : 0);
  return { level, state: { ...ledger.state, pending: undefined, recent } };
}

/** The platform refused the pending adjustment: nothing of it landed, and no echo will come. */
export function refused(ledger: Ledger): Ledger {
  const pending = ledger.state.pending;
  if (!pending) return ledger;
  const echoes = (ledger.state.echoes ?? []).filter(
    (e) => !(e.at === pending.at && e.delta === pending.delta),
  );
  return { ...ledger, state: { ...ledger.state, pending: undefined, echoes } };
}

/**
 * The platform's level read back. A pending adjustment is settled by it: landed if the level holds it,
 * not if it does not; when other changes blur the difference, an addition counts as landed and a
 * withdrawal as not (the side that undersells). The level read is taken as the ledger's.
 */
export function read(ledger: Ledger, level: number, now: number): Ledger {
  const pending = ledger.state.pending;
  const known = ledger.level;
  const surprise = (expected: boolean) => (expected ? {} : { surprisedAt: now });
  if (!pending)
    return {
      level,
      state: { ...ledger.state, readAt: now, basis: 'read', ...surprise(known === null || level === known) },
    };
  const tookIt = known !== null && level === known + pending.delta;
  const notIt = known !== null && level === known;
  const settled = tookIt || (!notIt && pending.delta > 0) ? landed(ledger, now) : refused(ledger);
  return { level, state: { ...settled.state, readAt: now, basis: 'read', ...surprise(tookIt || notIt) } };
}

/**
 * A read that surprised the ledger means news on its way: until this long after it, nothing is added
 * to the item's level (the state it would be added from may be behind the read). Webhooks come within
 * a second or two; news refused or lost holds the whole store for longer (`jobs.newsHoldMs`).
 */
export const SURPRISE_HOLD_MS = 5000;

/** Until when (ms) additions to the item's level wait after a surprising read, if they wait. */
export function surpriseHoldUntil(ledger: Ledger, now: number): number | undefined {
  const at = ledger.state.surprisedAt;
  return at !== undefined && now < at + SURPRISE_HOLD_MS ? at + SURPRISE_HOLD_MS : undefined;
}

/** The level the platform should hold to sell `wanted`: the adjustment that gets it there. */
export function adjustmentFor(ledger: Ledger, wanted: number): number | null {
  if (ledger.level === null || ledger.state.pending) return null;
  return wanted - ledger.level;
}

/**
 * Whether a write sent at `at` and answered at `ackAt` landed after a count stamped `countedAt` (s);
 * undefined when its flight overlaps the count's second and the stamps cannot tell.
 */
function landedAfter(w: Adjustment, countedAt: number): boolean | undefined {
  const start = countedAt * 1000;
  if (w.ackAt !== undefined && w.ackAt < start) return false;
  if (w.at >= start + 1000) return true;
  return undefined;
}

function fresh<T extends { at: number }>(list: T[] | undefined, now: number, keepMs: number): T[] {
  return (list ?? []).filter((x) => now - x.at < keepMs);
}

function without(list: Adjustment[], delta: number): Adjustment[] {
  const i = list.findIndex((e) => e.delta === delta);
  return i < 0 ? list : [...list.slice(0, i), ...list.slice(i + 1)];
}
