/**
 * Our own catalog writes come back as inventory webhooks, often after a real count that was sent
 * later than the write. Waiting side by side, the echo must not displace that count. The workers run
 * in a child process that is stopped while the deliveries are filed, so both wait for the same pass.
 */
import { deliverInventoryCount } from '../../../emulator';
import { template } from '../../support/admin-client';
import { CLIENT_SECRET, eventually, type Harness, installApp, startHarness } from '../../support/app-harness';
import { runApp, type Started } from '../../support/processes';

const HASH = 'echo1';

describe('an echo of our own write', () => {
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

  it('does not displace a real count waiting for the same pass', async () => {
    worker = startWorker();
    const { api, hookToken } = await installApp(h, HASH);
    expect((await api.post('/api/templates', template())).status).toBe(201);
    const p = h.emulator.store(HASH)!.products.find((x) => x.inventory_tracking === 'product')!;
    h.emulator.store(HASH)!.setInventory(p.sku, 60);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    // Published: the app's write of 60 is on record as ours.
    await eventually(
      async () => (await api.get(`/api/items?q=${p.sku}`)).body.items[0]?.stock === 60,
      10_000,
      'assigned',
    );
    await new Promise((r) => setTimeout(r, 1500));
    await stopWorker();

    const deliver = async (value: number, createdAt: number) =>
      expect(
        await deliverInventoryCount({
          url: `${h.appUrl}/webhooks/bigcommerce`,
          clientSecret: CLIENT_SECRET,
          hookToken,
          hash: HASH,
          productId: p.id,
          value,
          createdAt,
        }),
      ).toBe(200);
    const base = Math.floor(Date.now() / 1000);
    await deliver(17, base); // the warehouse counts 17
    await deliver(60, base + 1); // then our earlier write of 60 echoes back, stamped later

    worker = startWorker();
    await eventually(
      async () => (await api.get(`/api/items?q=${p.sku}`)).body.items[0]?.stock === 17,
      15_000,
      'the real count applied',
    );
    await eventually(
      () => h.emulator.store(HASH)!.productById(p.id)!.inventory_level === 17,
      10_000,
      'published',
    );
  });
});
