/**
 * platform-sync: publish every item of a store whose state changed since it was last published.
 * Coalescing comes from the data, not the queue: an item is "dirty" while `version > published_version`,
 * so a burst of 100 changes to one SKU is one write of its latest state. Batched by the platform client
 * (10 products / 50 variants a call) and held under its rate limiter.
 */
import type { Db } from '../db/client';
import { toState, type ItemRow, untrackDeletedProducts } from '../db/items.repo';
import { ruleSettings } from '../db/settings.repo';
import {
  dirtyItemsAfter,
  hasDirtyItems,
  markPublished,
  writePublishedStates,
} from '../db/items-publish.repo';
import { getStore } from '../db/stores.repo';
import { computeStatus, platformQuantity } from '../domain/status';
import type { RuleSettings } from '../domain/types';
import type { Platforms } from './platforms';
import { PlatformRejectedError, type ItemPublication } from '../platform/types';

const PAGE = 500;

export async function publishStoreItems(
  deps: { db: Db; platforms: Platforms; clock: () => Date },
  storeId: number,
) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active') return { published: 0, calls: 0 };
  const platform = deps.platforms.forStore(store);
  const settings = await ruleSettings(deps.db, storeId);
  let published = 0;
  let calls = 0;
  let after = 0;
  for (;;) {
    const dirty = await dirtyItemsAfter(deps.db, storeId, after, PAGE);
    if (dirty.length === 0) return { published, calls };
    const now = deps.clock();
    const publications = dirty.map((row) => publicationOf(row, settings, now));
    // What we are about to write is recorded first: its echo (a webhook carrying our own level) may
    // arrive before the write returns, or after this worker dies mid-batch, and must be recognised.
    await recordIntent(deps.db, dirty, publications, now);
    try {
      calls += (await platform.publish(publications)).calls;
    } catch (err) {
      // A product deleted on the platform (its webhook missed) fails the whole batch: stop tracking
      // what is gone and publish the page again, or the store would never publish past it.
      if (!(err instanceof PlatformRejectedError && err.status === 404)) throw err;
      const ids = [...new Set(dirty.map((r) => r.productId))];
      const present = new Set((await platform.getProducts(ids)).map((p) => p.id));
      const gone = await untrackDeletedProducts(
        deps.db,
        storeId,
        ids.filter((id) => !present.has(id)),
      );
      if (gone.length === 0) throw err;
      continue;
    }
    await markPublished(deps.db, dirty);
    published += dirty.length;
    after = dirty[dirty.length - 1]!.id;
  }
}

/** Whether a pass would publish anything: the store is installed and an item changed since it was published. */
export async function hasUnpublishedItems(db: Db, storeId: number): Promise<boolean> {
  const store = await getStore(db, storeId);
  if (!store || store.status !== 'active') return false;
  return hasDirtyItems(db, storeId);
}

export function publicationOf(row: ItemRow, settings: RuleSettings, now: Date): ItemPublication {
  const state = toState(row);
  const status = computeStatus(state, settings, now);
  return {
    productId: row.productId,
    variantId: row.variantId,
    trackBy: row.trackBy,
    purchasable: status !== 'unavailable',
    quantity: platformQuantity(state, settings, now),
    message: status === 'backorder' ? row.productMessage : '',
  };
}

/** Our latest writes per item, kept so their echoes (which can arrive out of order) are recognised. */
const RECENT_WRITES = 3;

/** Each item's publication, with its latest writes (newest first), recorded before the call. */
async function recordIntent(db: Db, rows: ItemRow[], publications: ItemPublication[], now: Date) {
  const states = rows.map((row, i) => {
    const previous = (row.publishedState as { recent?: RecentWrite[] } | null)?.recent ?? [];
    const pub = publications[i]!;
    const recent = [{ quantity: pub.quantity, at: now.getTime() }, ...previous].slice(0, RECENT_WRITES);
    return { id: row.id, state: { ...pub, recent } };
  });
  await writePublishedStates(db, states);
}

export interface RecentWrite {
  quantity: number;
  at: number;
}
