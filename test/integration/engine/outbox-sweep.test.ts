/**
 * The minute sweep is the safety net for work whose first job never ran:
 * - a notice whose job id was taken (Redis still holding finished jobs under the ids a reset database
 *   hands out again): the sweep queues it under a new id, and it goes out;
 * - a stock report whose stock-refresh job was lost: the sweep queues a pass for its store.
 */
import { deliverInventoryCount } from '../../../emulator';
import { findStore } from '../../../core/db/stores.repo';
import { template } from '../../support/admin-client';
import { CLIENT_SECRET, eventually, installApp, startHarness, type Harness } from '../../support/app-harness';

const HASH = 'sweep1';

describe('the outbox sweep', () => {
  let h: Harness;
  // Installed by the first test, after it has filled Redis with old job ids.
  let api: Awaited<ReturnType<typeof installApp>>['api'];
  let hookToken: string;

  beforeAll(async () => {
    h = await startHarness('pglite', { jobs: { outboxSweepAfterMs: 1000, scheduleEveryMs: 1000 } });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
  });
  afterAll(async () => h?.close());

  it('sends a notice whose first job id was already used', async () => {
    const notify = h.runtime.queues.queues.notify;
    // Finished jobs left by an earlier database: ids notify.1 … notify.40, for outbox rows long gone.
    for (let id = 1; id <= 40; id++)
      await notify.add('notify', { outboxId: 10_000 + id }, { jobId: `notify.${id}` });
    await eventually(
      async () => ((await notify.getJobCounts('completed')).completed ?? 0) >= 40,
      10_000,
      'old jobs',
    );

    ({ api, hookToken } = await installApp(h, HASH));
    expect((await api.put('/api/settings', { ownerEmail: 'owner@sweep.test' })).status).toBe(200);
    expect((await api.post('/api/templates', template())).status).toBe(201);
    const p = h.emulator.store(HASH)!.products.find((x) => x.inventory_tracking === 'product')!;
    h.emulator.store(HASH)!.setInventory(p.sku, 0);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);

    const [mail] = await h.mail.waitFor(1, 15_000);
    expect(mail!.to).toContain('owner@sweep.test');
    expect(mail!.subject).toMatch(/enabled|on backorder/i);
  });

  it('applies a stock report whose job was lost', async () => {
    const p = h.emulator.store(HASH)!.products.filter((x) => x.inventory_tracking === 'product')[1]!;
    h.emulator.store(HASH)!.setInventory(p.sku, 20);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    const item = async () => (await api.get(`/api/items?q=${p.sku}`)).body.items[0];
    await eventually(async () => (await item())?.stock === 20, 10_000, 'assigned');

    // Nothing of the store's is queued or running any more (the assignment's echoes are handled)…
    const idle = async () => {
      const q = h.runtime.queues.queues;
      for (const queue of [q.stockRefresh, q.platformSync]) {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(c).some((n) => n > 0)) return false;
      }
      return true;
    };
    await eventually(idle, 10_000, 'queues idle');
    await new Promise((r) => setTimeout(r, 300));
    await eventually(idle, 10_000, 'queues still idle');
    // …then the store's pass looks queued (its flag is set) but no job exists: as if the job was lost.
    const store = await findStore(h.runtime.database.db, 'bigcommerce', HASH);
    const flag = `${h.childEnv.QUEUE_PREFIX}:drain:refresh:queued:${store!.id}`;
    await h.runtime.queues.connection.set(flag, '1', 'PX', 600_000);
    const status = await deliverInventoryCount({
      url: `${h.appUrl}/webhooks/bigcommerce`,
      clientSecret: CLIENT_SECRET,
      hookToken,
      hash: HASH,
      productId: p.id,
      value: 11,
    });
    expect(status).toBe(200);
    await eventually(async () => (await item()).stock === 11, 10_000, 'the sweep applied the count');
  });
});
