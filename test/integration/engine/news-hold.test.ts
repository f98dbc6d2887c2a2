/**
 * After the app could not take platform news (a webhook answered 503, Redis out of reach), the
 * platform sends it again later, and until then the app's count of units owed may be short: it adds
 * no backorder room for a while (`jobs.newsHoldMs`), then adds it by itself. Taking room away never
 * waits.
 */
import { Redis } from 'ioredis';
import { template } from '../../support/admin-client';
import { eventually, type Harness, installApp, startHarness } from '../../support/app-harness';
import type { AdminClient } from '../../support/demo-store';

const HASH = 'hold1';
const HOLD_MS = 3000;

describe('news the app could not take', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    h = await startHarness('postgres', { jobs: { newsHoldMs: HOLD_MS } });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    ({ api } = await installApp(h, HASH));
    await api.post(
      '/api/templates',
      template({ stock: { threshold: 4, incomingStock: 0, backInStockDate: 'none' } }),
    );
  });
  afterAll(async () => h?.close());

  it('holds new backorder room until the platform has had time to send it again', async () => {
    const store = h.emulator.store(HASH)!;
    const p = store.products.find((x) => x.inventory_tracking === 'product')!;
    store.setInventory(p.sku, 2);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    const level = () => store.productById(p.id)!.inventory_level;
    await eventually(
      async () => (await api.get(`/api/items?q=${p.sku}`)).body.items[0]?.stock === 2,
      10_000,
      'assigned',
    );

    // A webhook was refused just now (what the route writes down when it answers with an error).
    const redis = new Redis(h.childEnv.REDIS_URL!);
    await redis.set(`${h.childEnv.QUEUE_PREFIX}:news-refused-at`, String(Date.now()));
    await redis.quit();
    const refusedAt = Date.now();

    // Sold out: backorder switches on, but its room of 4 waits for the hold to end.
    store.setInventory(p.sku, 0);
    await eventually(
      async () => (await api.get(`/api/items?q=${p.sku}`)).body.items[0]?.status === 'backorder',
      10_000,
      'backorder on',
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(level()).toBe(0);
    await eventually(() => level() === 4, 10_000, 'room added after the hold');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(HOLD_MS);
  }, 30_000);
});
