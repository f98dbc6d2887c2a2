/**
 * Backorder room held back while an item's stock news waits is added once the news no longer waits,
 * by the publish pass itself. It used to count as published, relying on the stock pass to mark the
 * item again after applying the news: a worker killed between the two (the SIGKILL test found it), or
 * a pass whose view of the waiting news was a moment old, left the room unpublished for good. And the
 * news waiting is read just before the room goes out, not when the pass starts: news that comes while
 * the pass writes the product page holds it too (a fault run oversold a unit that way).
 *
 * A worker sets the store up and is stopped: the test then makes the passes itself, in the order
 * that lost the room.
 */
import { loadEnv } from '../../../core/config/env';
import { findStore } from '../../../core/db/stores.repo';
import { platformRegistry } from '../../../core/platform/registry';
import { secretBox } from '../../../core/security/crypto';
import { storePlatforms } from '../../../core/use-cases/platforms';
import {
  hasUnpublishedItems,
  publishStoreItems,
  type PublishDeps,
} from '../../../core/use-cases/publish-store-items.use-case';
import { template } from '../../support/admin-client';
import { eventually, type Harness, installApp, startHarness } from '../../support/app-harness';
import type { AdminClient } from '../../support/demo-store';
import { runApp } from '../../support/processes';

const HASH = 'held1';

describe('room held back while stock news waits', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    h = await startHarness('postgres', { mode: 'web' });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    // A worker sets the store up, and stops: the test makes the passes itself.
    const worker = runApp(['worker'], { PATH: process.env.PATH ?? '', ...h.childEnv });
    ({ api } = await installApp(h, HASH, 15_000));
    worker.child.kill('SIGTERM');
    await worker.exited;
    await api.post(
      '/api/templates',
      template({ stock: { threshold: 4, incomingStock: 0, backInStockDate: 'none' } }),
    );
  });
  afterAll(async () => h?.close());

  /** A product assigned out of stock (backorder, room of 4 to add), with no worker running. */
  const assignedOutOfStock = async (skip: number) => {
    const store = h.emulator.store(HASH)!;
    const p = store.products.filter((x) => x.inventory_tracking === 'product')[skip]!;
    store.setInventory(p.sku, 0);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    await eventually(
      async () => (await api.get(`/api/items?q=${p.sku}`)).body.items[0]?.status === 'backorder',
      10_000,
      'assigned on backorder',
    );
    return { p, level: () => store.productById(p.id)!.inventory_level };
  };
  const deps = (): PublishDeps => ({
    db: h.runtime.database.db,
    clock: () => new Date(),
    platforms: storePlatforms(
      platformRegistry({ bigcommerce: h.runtime.bigcommerce }),
      secretBox(loadEnv(h.childEnv).encryptionKey),
    ),
  });
  const storeId = async () => (await findStore(h.runtime.database.db, 'bigcommerce', HASH))!.id;

  it('stays unpublished, and the next pass adds it without the stock pass asking', async () => {
    const { p, level } = await assignedOutOfStock(0);
    const id = await storeId();

    // A count for the product has come and is being applied: its room of 4 waits.
    const held = await publishStoreItems(
      { ...deps(), countsWaiting: async () => [{ productId: String(p.id) }] },
      id,
    );
    expect(level()).toBe(0);
    expect(held.heldUntil).toBeGreaterThan(Date.now() - 1000);
    expect(await hasUnpublishedItems(h.runtime.database.db, id)).toBe(true);

    // The news is applied, and whatever was to follow it is lost with its worker: the next pass
    // adds the room by itself.
    await publishStoreItems(deps(), id);
    expect(level()).toBe(4);
    expect(await hasUnpublishedItems(h.runtime.database.db, id)).toBe(false);
  });

  it('is held for news that came while the pass was writing the product page', async () => {
    const { p, level } = await assignedOutOfStock(1);
    const shown = () => h.emulator.store(HASH)!.productById(p.id)!.availability_description !== '';
    // The count's webhook lands once the pass has written the backorder message (its first call).
    const waiting = async () => (shown() ? [{ productId: String(p.id) }] : []);
    const held = await publishStoreItems({ ...deps(), countsWaiting: waiting }, await storeId());
    expect(shown()).toBe(true);
    expect(level()).toBe(0);
    expect(held.heldUntil).toBeDefined();
  });
});
