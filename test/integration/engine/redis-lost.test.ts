/**
 * A Redis that restarts empty loses what the webhook route queued: ingest and order jobs, stock
 * reports. The deliveries were answered 200 and their ids recorded, so the platform will not send
 * them again. They wait in PostgreSQL until their work is done, and the minute sweep hands them back:
 * every order accepted and every count taken still reaches the item.
 */
import { Redis } from 'ioredis';
import { template } from '../../support/admin-client';
import { eventually, type Harness, installApp, startHarness } from '../../support/app-harness';
import { runApp, type Started } from '../../support/processes';

const HASH = 'redislost1';

describe('a Redis emptied with work in it', () => {
  let h: Harness;
  let worker: Started | undefined;

  beforeAll(async () => {
    // Web in this process, the worker a child we can stop; a sweep every second.
    h = await startHarness('postgres', {
      mode: 'web',
      jobs: {
        lockDurationMs: 2000,
        stalledIntervalMs: 1000,
        scheduleEveryMs: 1000,
        schedulerCheckMs: 1000,
        outboxSweepAfterMs: 1500,
      },
    });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    h.emulator.setRateLimit(null);
  });
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await h?.close();
  });

  const startWorker = () => runApp(['worker'], { PATH: process.env.PATH ?? '', ...h.childEnv });

  it('still counts the orders and the count it had accepted', async () => {
    worker = startWorker();
    const { api } = await installApp(h, HASH, 15_000);
    await api.post(
      '/api/templates',
      template({ stock: { threshold: 10, incomingStock: 0, backInStockDate: 'none' } }),
    );
    const store = h.emulator.store(HASH)!;
    const [sold, counted] = store.products.filter((p) => p.inventory_tracking === 'product');
    store.setInventory(sold!.sku, 5);
    store.setInventory(counted!.sku, 5);
    const ids = [String(sold!.id), String(counted!.id)];
    expect((await api.post('/api/assignments', { productIds: ids })).status).toBe(201);
    const itemOf = async (sku: string) => (await api.get(`/api/items?q=${sku}`)).body.items[0];
    await eventually(async () => (await itemOf(counted!.sku))?.stock === 5, 10_000, 'assigned');

    // No worker: what the webhooks bring waits in Redis.
    worker.child.kill('SIGKILL');
    await worker.exited;
    const accepted = () => h.emulator.deliveries.filter((d) => d.ok).length;
    const before = accepted();
    for (const quantity of [2, 1]) {
      const answer = await fetch(`${h.emulator.url}/_emulator/stores/${HASH}/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          lines: [{ sku: sold!.sku, quantity }],
          customerEmail: 'shopper@example.com',
          shippingCountry: 'NL',
        }),
      });
      expect(answer.status).toBe(201);
    }
    store.setInventory(counted!.sku, 9);
    await eventually(() => accepted() >= before + 3, 10_000, 'the webhooks answered 200');

    // Redis restarts empty: everything under this app's prefix is gone.
    const redis = new Redis(h.childEnv.REDIS_URL!);
    const keys = await redis.keys(`${h.childEnv.QUEUE_PREFIX}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();

    worker = startWorker();
    await eventually(async () => (await itemOf(sold!.sku))?.stock === 2, 20_000, 'both orders counted');
    await eventually(async () => (await itemOf(counted!.sku))?.stock === 9, 20_000, 'the count applied');
    const sales = (await api.get('/api/events?type=sale')).body.events;
    expect(sales).toHaveLength(2);
  }, 60_000);
});
