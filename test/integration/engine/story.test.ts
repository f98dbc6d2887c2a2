/**
 * The whole story against the emulator, with real Redis, PostgreSQL and an SMTP server on loopback:
 * assign → stock drop → backorder enabled on the platform + email; orders up to the threshold →
 * disabled + email; the back-in-stock date passes → disabled + email; restock → in stock.
 */
import { template } from '../../support/admin-client';
import { eventually, type Harness } from '../../support/app-harness';
import { demoStoreViews, startWithDemoStore, type AdminClient } from '../../support/demo-store';

const HASH = 'story1';

describe('the backorder engine, end to end', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    ({ h, api } = await startWithDemoStore('postgres', { hash: HASH, name: 'Ground Control Coffee' }));
  });
  afterAll(async () => h?.close());

  const { store, simple, item: itemBySku } = demoStoreViews(HASH, () => ({ h, api }));
  const control = (method: string, path: string, body: unknown) =>
    fetch(`${h.emulator.url}/_emulator/stores/${HASH}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const item = (productId: number) => itemBySku(store().productById(productId)!.sku);
  const subjects = () => h.mail.messages.map((m) => m.subject);

  it('runs a product through backorder and back', async () => {
    expect(
      (await api.put('/api/settings', { ownerEmail: 'owner@groundcontrol.test', switchCondition: 0 })).status,
    ).toBe(200);
    expect(
      (
        await api.post(
          '/api/templates',
          template({ stock: { threshold: 3, incomingStock: 0, backInStockDate: 'none' } }),
        )
      ).status,
    ).toBe(201);

    const [a, b] = simple();
    expect((await control('PUT', '/inventory', { sku: a!.sku, level: 2 })).status).toBe(200);
    expect((await control('PUT', '/inventory', { sku: b!.sku, level: 1 })).status).toBe(200);
    const assigned = await api.post('/api/assignments', { productIds: [String(a!.id), String(b!.id)] });
    expect(assigned.status).toBe(201);
    expect(await item(a!.id)).toMatchObject({ stock: 2, status: 'in_stock', enabled: false, threshold: 3 });

    // A warehouse count drops A to zero: backorder switches on, and the platform may sell the 3 units of room.
    expect((await control('PUT', '/inventory', { sku: a!.sku, level: 0 })).status).toBe(200);
    await eventually(async () => (await item(a!.id)).status === 'backorder', 10_000, 'A on backorder');
    await eventually(() => store().productById(a!.id)!.inventory_level === 3, 10_000, 'room published');
    expect(store().productById(a!.id)).toMatchObject({
      availability: 'available',
      availability_description: 'Ships in 2 weeks',
    });
    await h.mail.waitFor(1);
    expect(h.mail.messages[0]).toMatchObject({ to: ['owner@groundcontrol.test'] });
    expect(h.mail.messages[0]!.subject).toMatch(/^Backorder enabled: /);
    expect(h.mail.messages[0]!.text).toContain(a!.sku);

    // Three orders use up the threshold: purchase is disabled on the platform and the owner is told why.
    for (let i = 0; i < 3; i++) {
      const placed = await control('POST', '/orders', {
        lines: [{ sku: a!.sku, quantity: 1 }],
        customerEmail: `c${i}@example.com`,
        shippingCountry: 'NL',
      });
      expect(placed.status).toBe(201);
    }
    await eventually(async () => (await item(a!.id)).status === 'unavailable', 10_000, 'A unavailable');
    expect(await item(a!.id)).toMatchObject({ stock: -3, backordered: 3, enabled: false });
    await eventually(
      () => store().productById(a!.id)!.availability === 'disabled',
      10_000,
      'purchase disabled',
    );
    await h.mail.waitFor(2);
    expect(subjects()[1]).toMatch(/^Backorder disabled: /);
    expect(h.mail.messages[1]!.text).toContain('threshold used up');
    // The figures are labelled, never a signed stock of -3.
    expect(h.mail.messages[1]!.text).toContain('On hand: 0\nOn backorder: 3 of 3 allowed\nSellable now: 0');
    expect(h.mail.messages[1]!.text).not.toMatch(/-3/);

    // B goes on backorder with a back-in-stock date; when the date arrives (store time), backorder stops.
    const bItem = await item(b!.id);
    expect((await api.patch(`/api/items/${bItem.id}`, { backInStockDate: '2030-01-15' })).status).toBe(200);
    expect((await control('PUT', '/inventory', { sku: b!.sku, level: 0 })).status).toBe(200);
    await eventually(async () => (await item(b!.id)).status === 'backorder', 10_000, 'B on backorder');
    await h.mail.waitFor(3);
    // The injected clock moves to the date for the sweep only (session tokens would expire in 2030).
    h.clock.advanceTo(new Date('2030-01-15T12:00:00Z'));
    await h.runtime.queues.queues.schedule.add('sweep-now', {});
    await h.mail.waitFor(4);
    h.clock.reset();
    expect(await item(b!.id)).toMatchObject({ status: 'unavailable', enabled: false });
    expect(subjects()[3]).toMatch(/^Backorder disabled: /);
    expect(h.mail.messages[3]!.text).toContain('back-in-stock date reached');

    // Restock A: the 3 units owed to backorder customers come off the 10 counted.
    expect((await control('PUT', '/inventory', { sku: a!.sku, level: 10 })).status).toBe(200);
    await eventually(async () => (await item(a!.id)).status === 'in_stock', 10_000, 'A back in stock');
    expect(await item(a!.id)).toMatchObject({ stock: 7, backordered: 0 });
    await eventually(
      () =>
        store().productById(a!.id)!.availability === 'available' &&
        store().productById(a!.id)!.inventory_level === 7,
      10_000,
      'A sellable again',
    );

    // Every notice exactly once, and the activity log tells the story.
    expect(subjects()).toHaveLength(4);
    const log = await api.get(`/api/events?itemId=${(await item(a!.id)).id}`);
    expect(log.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['assign', 'on-hand', 'sale']),
    );
  });

  it('logs a manual toggle with the user who made it', async () => {
    const [, , c] = simple();
    await control('PUT', '/inventory', { sku: c!.sku, level: 0 });
    expect((await api.post('/api/assignments', { productIds: [String(c!.id)] })).status).toBe(201);
    const it0 = await eventually(
      async () => (await item(c!.id))?.enabled && (await item(c!.id)),
      10_000,
      'C enabled at assign',
    );
    const off = await api.patch(`/api/items/${it0.id}`, { enabled: false });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ enabled: false, status: 'unavailable' });
    const events = (await api.get(`/api/events?itemId=${it0.id}`)).body.events;
    expect(events[0]).toMatchObject({ type: 'manual-toggle', actor: { kind: 'user' } });
    await eventually(
      () => store().productById(c!.id)!.availability === 'disabled',
      10_000,
      'C disabled on the platform',
    );
  });
});
