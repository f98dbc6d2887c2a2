/**
 * GET /api/overview: counts by status, the items nearest to their threshold, the next back-in-stock
 * dates, units on backorder per day rebuilt from the activity log, and the setup steps done. Only the
 * session's store counts.
 */
import { adminClient, template } from '../../support/admin-client';
import { eventually, type Harness, installApp, startHarness } from '../../support/app-harness';

describe('GET /api/overview', () => {
  let h: Harness;
  let a: ReturnType<typeof adminClient>;
  let b: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    h = await startHarness('postgres');
    for (const hash of ['overa', 'overb']) h.emulator.createStore({ hash, seed: 'demo' });
    ({ api: a } = await installApp(h, 'overa'));
    ({ api: b } = await installApp(h, 'overb'));
  });
  afterAll(async () => h?.close());

  const control = (hash: string, body: unknown) =>
    fetch(`${h.emulator.url}/_emulator/stores/${hash}/inventory`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('starts with nothing set up and 30 empty days', async () => {
    const res = await a.get('/api/overview');
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ total: 0, in_stock: 0, backorder: 0, unavailable: 0 });
    expect(res.body.setup).toEqual({ settingsSaved: false, templates: 0, assigned: 0, imported: false });
    expect(res.body.backorderedByDay).toHaveLength(30);
    expect(res.body.backorderedByDay.every((d: { units: number }) => d.units === 0)).toBe(true);
    expect(res.body.nearestThreshold).toEqual([]);
  });

  it('follows setup, stock drops and back-in-stock dates of the store, not of another', async () => {
    expect((await a.put('/api/settings', { switchCondition: 0 })).status).toBe(200);
    const tpl = await a.post(
      '/api/templates',
      template({ stock: { threshold: 4, incomingStock: 0, backInStockDate: '2099-01-31' } }),
    );
    expect(tpl.status).toBe(201);
    const simple = h.emulator.store('overa')!.products.filter((p) => p.inventory_tracking === 'product');
    const [p1, p2] = simple;
    expect((await control('overa', { sku: p1!.sku, level: 5 })).status).toBe(200);
    expect((await control('overa', { sku: p2!.sku, level: 5 })).status).toBe(200);
    expect((await a.post('/api/assignments', { productIds: [String(p1!.id), String(p2!.id)] })).status).toBe(
      201,
    );
    // A warehouse count drops p1 to 0 (backorder on); an order then sells 3 units of its room of 4.
    expect((await control('overa', { sku: p1!.sku, level: 0 })).status).toBe(200);
    const item = async () => (await a.get(`/api/items?q=${encodeURIComponent(p1!.sku)}`)).body.items[0];
    await eventually(async () => (await item()).status === 'backorder', 10_000, 'p1 on backorder');
    await eventually(
      () => h.emulator.store('overa')!.productById(p1!.id)!.inventory_level === 4,
      10_000,
      'backorder room published',
    );
    const order = await fetch(`${h.emulator.url}/_emulator/stores/overa/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        lines: [{ sku: p1!.sku, quantity: 3 }],
        customerEmail: 'shopper@example.com',
        shippingCountry: 'US',
      }),
    });
    expect(order.status).toBeLessThan(300);
    await eventually(async () => (await item()).backordered === 3, 15_000, 'three units on backorder');
    // The three figures the admin shows, labelled: nothing on the shelf, 3 owed, 1 more sellable —
    // the same 1 the platform sells, never the signed stock of -3.
    expect(await item()).toEqual(
      expect.objectContaining({ onHand: 0, backordered: 3, sellable: 1, stock: -3 }),
    );
    expect(h.emulator.store('overa')!.productById(p1!.id)!.inventory_level).toBe(1);

    const res = await a.get('/api/overview');
    expect(res.status).toBe(200);
    const o = res.body;
    expect(o.counts).toEqual({ total: 2, in_stock: 1, backorder: 1, unavailable: 0 });
    expect(o.setup).toEqual({ settingsSaved: true, templates: 1, assigned: 2, imported: false });
    expect(o.nearestThreshold).toEqual([
      expect.objectContaining({ name: p1!.name, backordered: 3, threshold: 4, status: 'backorder' }),
    ]);
    expect(o.nextBackInStock.map((i: { backInStockDate: string }) => i.backInStockDate)).toEqual([
      '2099-01-31',
      '2099-01-31',
    ]);
    const days = o.backorderedByDay as Array<{ date: string; units: number }>;
    expect(days).toHaveLength(30);
    expect(days.at(-1)!.units).toBe(3);
    expect(days.slice(0, -1).every((d) => d.units === 0)).toBe(true);
    expect(new Set(days.map((d) => d.date)).size).toBe(30);

    // Store B sees none of it.
    const other = await b.get('/api/overview');
    expect(other.body.counts.total).toBe(0);
    expect(other.body.setup).toEqual({ settingsSaved: false, templates: 0, assigned: 0, imported: false });
    expect(JSON.stringify(other.body)).not.toContain(p1!.sku);
  });

  it('needs a session', async () => {
    const res = await fetch(`${h.appUrl}/api/overview`);
    expect(res.status).toBe(401);
  });
});
