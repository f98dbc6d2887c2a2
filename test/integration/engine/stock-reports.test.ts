/**
 * Inventory webhooks arrive out of order and in parallel (BigCommerce promises neither order nor a
 * single delivery). The item must end on the count the platform stamped last, whatever order the
 * deliveries come in, and a flood for one product must not become one platform write per delivery.
 */
import { deliverInventoryCount } from '../../../emulator';
import { template } from '../../support/admin-client';
import { CLIENT_SECRET, eventually, type Harness } from '../../support/app-harness';
import { demoStoreViews, startWithDemoStore, type AdminClient } from '../../support/demo-store';

const HASH = 'order1';

describe('stock reports from webhooks', () => {
  let h: Harness;
  let api: AdminClient;
  let hookToken: string;

  beforeAll(async () => {
    ({ h, api, hookToken } = await startWithDemoStore('postgres', { hash: HASH }));
    expect((await api.post('/api/templates', template())).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const { store, simple, item } = demoStoreViews(HASH, () => ({ h, api }));

  /** A count for `productId` as BigCommerce would send it, stamped `createdAt` (seconds). */
  const deliver = (productId: number, value: number, createdAt: number) =>
    deliverInventoryCount({
      url: `${h.appUrl}/webhooks/bigcommerce`,
      clientSecret: CLIENT_SECRET,
      hookToken,
      hash: HASH,
      productId,
      value,
      createdAt,
    });

  const idle = async () => {
    const q = h.runtime.queues.queues;
    for (const queue of [q.ingest, q.stockRefresh, q.platformSync]) {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  };

  it('ends on the count stamped last, whatever order 40 parallel deliveries arrive in', async () => {
    const [p] = simple();
    store().setInventory(p!.sku, 500);
    expect((await api.post('/api/assignments', { productIds: [String(p!.id)] })).status).toBe(201);
    await eventually(async () => (await item(p!.sku))?.stock === 500, 10_000, 'assigned');

    const base = Math.floor(Date.now() / 1000);
    // Counts 101..140 stamped one second apart; the newest (140) is sent first, the rest shuffled.
    const counts = Array.from({ length: 40 }, (_, i) => ({ value: 101 + i, at: base + i }));
    const newest = counts.pop()!;
    expect(await deliver(p!.id, newest.value, newest.at)).toBe(200);
    const shuffled = counts.sort(() => Math.random() - 0.5);
    const answers = await Promise.all(shuffled.map((c) => deliver(p!.id, c.value, c.at)));
    expect(answers).toEqual(shuffled.map(() => 200));

    await eventually(idle, 20_000, 'queues idle');
    expect(await item(p!.sku)).toMatchObject({ stock: 140, status: 'in_stock' });
    // The counts were sent as webhooks only (the emulated platform still holds 500): the app takes the
    // platform's count as the count and writes no level of its own over it (in stock: no room to add).
    expect(store().productById(p!.id)!.inventory_level).toBe(500);
    const events = (await api.get(`/api/events?itemId=${(await item(p!.sku)).id}&type=on-hand`)).body.events;
    // Coalesced: far fewer counts applied than delivered, and the last applied is the newest.
    expect(events.length).toBeLessThan(40);
    expect(events[0].data.level).toBe(140);
  });

  it('ignores a late delivery stamped before the count already applied', async () => {
    const [, p] = simple();
    store().setInventory(p!.sku, 20);
    expect((await api.post('/api/assignments', { productIds: [String(p!.id)] })).status).toBe(201);
    await eventually(async () => (await item(p!.sku))?.stock === 20, 10_000, 'assigned');
    const base = Math.floor(Date.now() / 1000);
    // The emulator's own warehouse change (it sends its webhook), then a late delivery stamped earlier.
    const res = await fetch(`${h.emulator.url}/_emulator/stores/${HASH}/inventory`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: p!.sku, level: 12 }),
    });
    expect(res.status).toBe(200);
    await eventually(async () => (await item(p!.sku)).stock === 12, 10_000, 'count applied');
    expect(await deliver(p!.id, 19, base - 60)).toBe(200);
    await eventually(idle, 20_000, 'queues idle');
    expect((await item(p!.sku)).stock).toBe(12);
  });
});
