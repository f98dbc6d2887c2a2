/**
 * The webhook route's store lookup, kept in memory for a few seconds per process: under a flood every
 * delivery names the same store, and reading its row each time was one database round trip a
 * delivery. Only what the route needs is kept (the id of a store that has the app installed), and
 * only for an installed store: a store not found, or uninstalled, is read again at its next
 * delivery, so a store installed (or installed again) is served at once.
 *
 * The window: a store uninstalled by this process is forgotten at once (`forget`, called by the
 * uninstall); one uninstalled by another process is still taken here for up to `ttlMs`. That is
 * safe because a taken delivery's work checks the store again when it is applied (the stock pass,
 * the order and ingest jobs all drop the work of a store not installed, and end its wait), so such a
 * delivery is recorded and then dropped, as the route drops one for a store not installed. No
 * credential is kept: a hook that still carries a stored token reads the store's row every time.
 */
import type { StoreHash } from '../domain/types';
import type { Db } from './client';
import { findStore, type Platform } from './stores.repo';

export interface StoreCache {
  /** The store's id if it has the app installed; from memory if read less than `ttlMs` ago. */
  activeStoreId(platform: Platform, platformId: StoreHash): Promise<number | undefined>;
  /** The store was uninstalled by this process: never answered from memory again. */
  forget(storeId: number): void;
}

/** Far more stores than one process serves at once: past it, the memory starts afresh. */
const MAX_ENTRIES = 10_000;

interface Entry {
  id: Promise<number | undefined>;
  /** Once read. */
  storeId?: number;
  until: number;
}

export function storeCache(db: Db, ttlMs: number, now: () => number = Date.now): StoreCache {
  const entries = new Map<string, Entry>();
  // Bumped by `forget`: a read that was out when a store was uninstalled is not kept.
  let generation = 0;
  return {
    activeStoreId(platform, platformId) {
      const key = `${platform}\n${platformId}`;
      const hit = entries.get(key);
      if (hit && hit.until > now()) return hit.id;
      if (entries.size >= MAX_ENTRIES) entries.clear();
      const asked = generation;
      // Deliveries arriving together share one read.
      const entry: Entry = { id: Promise.resolve(undefined), until: now() + ttlMs };
      const drop = () => {
        if (entries.get(key) === entry) entries.delete(key);
      };
      entry.id = findStore(db, platform, platformId).then(
        (store) => {
          const id = store?.status === 'active' ? store.id : undefined;
          if (id === undefined || generation !== asked) drop();
          else entry.storeId = id;
          return id;
        },
        (err: unknown) => {
          drop();
          throw err;
        },
      );
      entries.set(key, entry);
      return entry.id;
    },
    forget(storeId) {
      generation += 1;
      for (const [key, entry] of entries) if (entry.storeId === storeId) entries.delete(key);
    },
  };
}
