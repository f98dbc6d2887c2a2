/**
 * The app's own adjustments come back as relative inventory webhooks, sometimes late: after a real
 * count the warehouse took later. The ledger expects each one's echo, so a late echo changes nothing
 * and never displaces the count; nothing is recognised by a level. The workers run in a child process
 * that is stopped while the deliveries are filed, so both wait for the same pass.
 */
import { deliverInventoryCount } from '../../../emulator';
import { template } from '../../support/admin-client';
import { CLIENT_SECRET, eventually, type Harness, installApp, startHarness } from '../../support/app-harness';
import { runApp, type Started } from '../../support/processes';

const HASH = 'echo1';

describe('an echo of our own adjustment', () => {
  let h: Harness;
  let worker: Started | undefined;

  beforeAll(async () => {
    h = await startHarness('postgres', { mode: 'web' });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
  });
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await h?.close();
  });

  const startWorker = () => runApp(['worker'], { PATH: process.env.PATH ?? '', ...h.childEnv });
  const stopWorker = async () => {
    worker!.child.kill('SIGTERM');
    await worker!.exited;
  };

  it('arriving after a later count, changes nothing and does not displace the count', async () => {
    worker = startWorker();
    const { api, hookToken } = await installApp(h, HASH);
    expect((await api.post('/api/templates', template({ stock: { threshold: 5 } }))).status).toBe(201);
    const store = h.emulator.store(HASH)!;
    const p = store.products.find((x) => x.inventory_tracking === 'product')!;
    store.setInventory(p.sku, 0);
    // Its stock webhooks are held back (as when the app's endpoint is unreachable), so the echo of
    // the app's adjustment does not come now.
    for (const hook of store.hooks)
      if (hook.scope === 'store/product/inventory/updated') hook.is_active = false;
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    // Out of stock at switch condition 0: backorder with a room of 5, added to the platform's 0.
    await eventually(() => store.productById(p.id)!.inventory_level === 5, 10_000, 'room added');
    await stopWorker();
    await new Promise((r) => setTimeout(r, 1100)); // the count is stamped after the adjustment landed

    // The warehouse counts 3 (replacing the app's room), then the adjustment's echo arrives, late.
    store.setInventory(p.sku, 3);
    const writesBefore = adjustments();
    const deliver = (value: number, method: 'absolute' | 'relative', createdAt: number) =>
      deliverInventoryCount({
        url: `${h.appUrl}/webhooks/bigcommerce`,
        clientSecret: CLIENT_SECRET,
        hookToken,
        hash: HASH,
        productId: p.id,
        value,
        method,
        createdAt,
      });
    const now = Math.floor(Date.now() / 1000);
    expect(await deliver(3, 'absolute', now)).toBe(200);
    expect(await deliver(5, 'relative', now - 1)).toBe(200);

    worker = startWorker();
    await eventually(
      async () => (await api.get(`/api/items?q=${p.sku}`)).body.items[0]?.stock === 3,
      15_000,
      'the count applied',
    );
    await new Promise((r) => setTimeout(r, 1500));
    const it0 = (await api.get(`/api/items?q=${p.sku}`)).body.items[0];
    // In stock at 3: no room on top, and the late echo did not count as 5 more units.
    expect(it0).toMatchObject({ stock: 3, status: 'in_stock' });
    expect(store.productById(p.id)!.inventory_level).toBe(3);
    expect(adjustments()).toBe(writesBefore);
    const deltas = (await api.get(`/api/events?itemId=${it0.id}&type=stock-delta`)).body.events;
    expect(deltas).toEqual([]);

    function adjustments() {
      return h.emulator.exchanges.filter((e) => e.path.endsWith('/inventory/adjustments/relative')).length;
    }
  });
});
