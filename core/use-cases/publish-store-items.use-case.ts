/**
 * platform-sync: bring every item of a store whose state changed since it was last published to what
 * its state says the platform should sell. Coalescing comes from the data, not the queue: an item is
 * "dirty" while `version > published_version`, so a burst of 100 changes to one SKU is one write.
 *
 * The level is never written: the app adjusts it by the difference between the level it wants and the
 * level its ledger says the platform holds (`core/domain/level-ledger.ts`), so the adjustment composes
 * with the sales and counts the platform takes meanwhile. Purchase on/off and the product-page text
 * are written when they change. Batched by the platform client and held under its rate limiter.
 */
import type { Db } from '../db/client';
import { orderNewsWaiting } from '../db/deliveries.repo';
import { changeLedgers, dirtyItemsAfter, hasDirtyItems, markPublished } from '../db/items-publish.repo';
import { untrackDeleted } from '../db/items-deleted.repo';
import { toState, type ItemRow } from '../db/items.repo';
import { ruleSettings } from '../db/settings.repo';
import { getStore } from '../db/stores.repo';
import {
  adjustmentFor,
  landed,
  read,
  refused,
  sending,
  surpriseHoldUntil,
  type Ledger,
} from '../domain/level-ledger';
import { computeStatus, platformQuantity } from '../domain/status';
import type { RuleSettings } from '../domain/types';
import type { Logger } from '../lib/log';
import {
  PlatformRejectedError,
  PlatformRetryableError,
  type CatalogProduct,
  type ItemListing,
  type LevelAdjustment,
  type StorePlatform,
} from '../platform/types';
import { deletedItem, goneFrom, missing, readProducts } from './deleted-items';
import type { Platforms } from './platforms';

const PAGE = 500;
/** Orders waiting longer than this are stuck (the inbox sweep hands them back): room no longer waits. */
const ORDER_WAIT_MS = 10 * 60_000;
/** Room held back for news not applied yet (an order, a count) is tried again this soon. */
const NEWS_RECHECK_MS = 1000;

interface Wanted {
  row: ItemRow;
  listing: ItemListing;
  level: number;
}

export interface PublishDeps {
  db: Db;
  platforms: Platforms;
  clock: () => Date;
  /**
   * Products (and variants) whose counts or changes have come but are not applied yet. The app adds
   * no room on an item while its stock news waits: the room is worked out from units owed, and news
   * not yet applied may change them. Withdrawing room never waits. The item stays unpublished and the
   * pass comes back in a moment (`heldUntil`): its being published rests on the item's row, never on
   * the stock pass remembering to mark it again (a worker killed in between would forget).
   */
  countsWaiting?: (storeId: number) => Promise<Array<{ productId: string; variantId?: string }>>;
  /**
   * When platform news was last refused (ms): the platform sends it again later, so until `holdMs`
   * after that no room is added anywhere. Those items stay unpublished, and the pass answers until
   * when (`heldUntil`), for its job to come back then.
   */
  newsRefusedAt?: () => Promise<number | undefined>;
  holdMs?: number;
  log?: Logger;
}

export async function publishStoreItems(deps: PublishDeps, storeId: number) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active') return { published: 0, calls: 0 };
  const platform = deps.platforms.forStore(store);
  const settings = await ruleSettings(deps.db, storeId);
  let published = 0;
  let calls = 0;
  let after = 0;
  let heldUntil: number | undefined;
  /** Listings the platform took only in part (a 207): they stay unpublished, and the job retries. */
  const partial: string[] = [];
  for (;;) {
    const dirty = await dirtyItemsAfter(deps.db, storeId, after, PAGE);
    if (dirty.length === 0) {
      if (partial.length > 0)
        throw new PlatformRetryableError(`listings not confirmed, written again: ${partial.join('; ')}`);
      return { published, calls, ...(heldUntil === undefined ? {} : { heldUntil }) };
    }
    const kept = new Set<number>();
    let failed: Map<number, string>;
    try {
      const page = await publishPage(deps, platform, dirty, settings, async () => {
        const hold = await roomHolds(deps, storeId);
        return (row, ledger) => {
          const until = hold(row, ledger);
          if (until === undefined) return false;
          kept.add(row.id);
          heldUntil = Math.min(heldUntil ?? until, until);
          return true;
        };
      });
      calls += page.calls;
      failed = page.failed;
    } catch (err) {
      if (!(err instanceof PlatformRejectedError)) throw err;
      deps.log?.warn('platform refused a write', { storeId, error: err.message });
      // A product or variant deleted on the platform (its webhook missed) fails its whole batch: stop
      // tracking what is gone and publish the page again, or the store would never publish past it.
      // (One already untracked, an unassignment still to publish, has nothing left to write either.)
      const gone = await goneFrom(platform, dirty, err);
      if (gone.rows.length > 0) {
        await untrackDeleted(deps.db, storeId, gone.deleted);
        await markPublished(deps.db, gone.rows);
        continue;
      }
      // Otherwise a level would have gone below zero: the platform holds less than the ledger says.
      // The levels are read back; the job's retry adjusts from them.
      await settleLevels(deps, platform, dirty, true);
      throw err;
    }
    if (failed.size > 0) {
      const reasons = dirty.flatMap((r) => (failed.has(r.id) ? [`${r.sku}: ${failed.get(r.id)}`] : []));
      deps.log?.warn('platform took a write only in part', { storeId, failed: reasons });
      partial.push(...reasons);
    }
    // An item whose room was held back stays unpublished: the job comes back when the hold ends. What the
    // platform did not confirm stays unpublished too: the job's retry writes it again.
    const done = dirty.filter((r) => !kept.has(r.id) && !failed.has(r.id));
    await markPublished(deps.db, done);
    published += done.length;
    after = dirty[dirty.length - 1]!.id;
  }
}

/**
 * Until when (ms) no room may be added to an item, as things stand now: its own stock news waits, or
 * a read just found the platform ahead of the app's news (that news comes in a moment), or the store's
 * news was refused lately, or an order heard of is not recorded yet. Asked just before the
 * adjustments go out, so news that came during the pass's other calls still holds them.
 */
async function roomHolds(
  deps: PublishDeps,
  storeId: number,
): Promise<(row: ItemRow, ledger: Ledger) => number | undefined> {
  const waiting = (await deps.countsWaiting?.(storeId)) ?? [];
  const newsWaiting = (row: ItemRow) =>
    waiting.some(
      (w) => w.productId === row.productId && (row.trackBy === 'product' || w.variantId === row.variantId),
    );
  const now = deps.clock().getTime();
  const refusedAt = await deps.newsRefusedAt?.();
  const holdEnds = refusedAt === undefined ? 0 : refusedAt + (deps.holdMs ?? 0);
  const ordersWaiting = await orderNewsWaiting(deps.db, storeId, new Date(now - ORDER_WAIT_MS));
  const store = holdEnds > now ? holdEnds : ordersWaiting ? now + NEWS_RECHECK_MS : undefined;
  return (row, ledger) =>
    store ?? (newsWaiting(row) ? now + NEWS_RECHECK_MS : surpriseHoldUntil(ledger, now));
}

async function publishPage(
  deps: { db: Db; clock: () => Date },
  platform: StorePlatform,
  dirty: ItemRow[],
  settings: RuleSettings,
  /**
   * Asked just before the adjustments go out: whether nothing may be added to an item's level now
   * (given its ledger as just read).
   */
  holdsNow: () => Promise<(row: ItemRow, ledger: Ledger) => boolean>,
): Promise<{ calls: number; failed: Map<number, string> }> {
  const now = deps.clock();
  const settled = await settleLevels(deps, platform, dirty);
  let calls = settled.calls;
  // What the read found deleted on the platform is untracked: nothing is written for it.
  const wanted = new Map(
    dirty.filter((r) => !settled.gone.has(r.id)).map((row) => [row.id, wantedOf(row, settings, now)]),
  );
  // What the shopper is told goes out before the room it explains, and a stop before anything else;
  // a message is taken down only after the room it explained is gone.
  const relisted = [...wanted.values()].filter(listingChanged);
  const early = relisted.filter(({ listing }) => !listing.purchasable || listing.message !== '');
  const told = await relist(deps, platform, wanted, early);
  calls += told.calls;
  // The adjustments go on record before they are sent: a death mid-call leaves them pending.
  const adjustments: Array<LevelAdjustment & { id: number }> = [];
  const holdRoom = await holdsNow();
  // No room is added where what explains it did not go out (a partial success left it out).
  await changeLedgers(deps.db, [...wanted.keys()], (rows) =>
    rows.map((row) => {
      const w = wanted.get(row.id)!;
      const delta = adjustmentFor(row, w.level);
      if (delta === null || delta === 0) return row;
      if (delta > 0 && (told.failed.has(row.id) || holdRoom(w.row, row))) return row;
      adjustments.push({ ...w.listing, delta, id: row.id });
      return { id: row.id, ...sending(row, delta, deps.clock().getTime()) };
    }),
  );
  const adjustedIds = adjustments.map((a) => a.id);
  try {
    calls += (await platform.adjustLevels(adjustments)).calls;
  } catch (err) {
    // Refused: nothing of the call landed (the platform checks every item before it applies any).
    if (err instanceof PlatformRejectedError)
      await changeLedgers(deps.db, adjustedIds, (rows) =>
        rows.map((row) => ({ id: row.id, ...refused(row) })),
      );
    throw err;
  }
  await changeLedgers(deps.db, adjustedIds, (rows) =>
    rows.map((row) => ({ id: row.id, ...landed(row, deps.clock().getTime()) })),
  );
  const after = await relist(
    deps,
    platform,
    wanted,
    relisted.filter((w) => !early.includes(w)),
  );
  return { calls: calls + after.calls, failed: new Map([...told.failed, ...after.failed]) };
}

/**
 * Writes listings (purchase on/off, the product-page text) and remembers them as shown; those the
 * platform did not confirm (a partial success) are answered as `failed`, with its reason.
 */
async function relist(
  deps: { db: Db },
  platform: StorePlatform,
  wanted: Map<number, Wanted>,
  relisted: Wanted[],
): Promise<{ calls: number; failed: Map<number, string> }> {
  if (relisted.length === 0) return { calls: 0, failed: new Map() };
  const result = await platform.setListings(relisted.map((w) => w.listing));
  const failed = new Map(
    result.failed.flatMap(({ listing, reason }) =>
      relisted.filter((w) => w.listing === listing).map((w) => [w.row.id, reason] as const),
    ),
  );
  const shown = relisted.filter((w) => !failed.has(w.row.id));
  await changeLedgers(
    deps.db,
    shown.map((w) => w.row.id),
    (rows) =>
      rows.map((row) => {
        const { listing } = wanted.get(row.id)!;
        return {
          ...row,
          state: { ...row.state, purchasable: listing.purchasable, message: listing.message },
        };
      }),
  );
  return { calls: result.calls, failed };
}

/**
 * Items whose level the ledger does not know (never read, an adjustment's outcome unknown, or
 * `all`): their levels are read from the platform and settle the ledger. Answers the items the read
 * no longer finds (deleted on the platform, their webhook missed), untracked.
 */
async function settleLevels(
  deps: { db: Db; clock: () => Date },
  platform: StorePlatform,
  dirty: ItemRow[],
  all = false,
): Promise<{ calls: number; gone: Set<number> }> {
  const unknown = dirty.filter((r) => all || r.platformLevel === null || r.publishedState?.pending);
  if (unknown.length === 0) return { calls: 0, gone: new Set() };
  const products = await readProducts(platform, unknown);
  const levels = new Map(unknown.map((r) => [r.id, levelOn(products.get(r.productId), r)]));
  const gone = unknown.filter((r) => missing(products, r));
  if (gone.length > 0)
    await untrackDeleted(
      deps.db,
      unknown[0]!.storeId,
      gone.map((r) => deletedItem(r, 'its stock level was read.')),
    );
  await changeLedgers(
    deps.db,
    unknown.map((r) => r.id),
    (rows) =>
      rows.map((row) => {
        const level = levels.get(row.id);
        return level === undefined ? row : { id: row.id, ...read(row, level, deps.clock().getTime()) };
      }),
  );
  return { calls: 1, gone: new Set(gone.map((r) => r.id)) };
}

/** Whether a pass would publish anything: the store is installed and an item changed since it was published. */
export async function hasUnpublishedItems(db: Db, storeId: number): Promise<boolean> {
  const store = await getStore(db, storeId);
  if (!store || store.status !== 'active') return false;
  return hasDirtyItems(db, storeId);
}

/** What an item's state says the platform should show and sell. */
export function wantedOf(row: ItemRow, settings: RuleSettings, now: Date): Wanted {
  const state = toState(row);
  const status = computeStatus(state, settings, now);
  return {
    row,
    level: platformQuantity(state, settings, now),
    listing: {
      productId: row.productId,
      variantId: row.variantId,
      trackBy: row.trackBy,
      purchasable: status !== 'unavailable',
      message: status === 'backorder' ? row.productMessage : '',
    },
  };
}

function listingChanged({ row, listing }: Wanted): boolean {
  const shown = row.publishedState;
  return shown?.purchasable !== listing.purchasable || shown?.message !== listing.message;
}

/** The level a product's catalog entry gives the item (its variant's, or the product's). */
function levelOn(product: CatalogProduct | undefined, row: ItemRow): number | undefined {
  if (!product) return undefined;
  if (row.trackBy === 'product') return product.inventoryLevel;
  return product.variants.find((v) => v.id === row.variantId)?.inventoryLevel;
}
