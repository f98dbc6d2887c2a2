/**
 * "Allow backorders for new products": with auto-assign on, a product created in the control panel
 * (store/product/created) is assigned with the default template, variants and all; with it off, not.
 */
import { template } from '../../support/admin-client';
import { eventually, type Harness } from '../../support/app-harness';
import { startWithDemoStore, type AdminClient } from '../../support/demo-store';
import { sizedProduct } from '../../support/emulator-products';

const HASH = 'auto1';

describe('auto-assigning new products', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    ({ h, api } = await startWithDemoStore('pglite', { hash: HASH }));
    expect((await api.post('/api/templates', template({ name: 'New arrivals' }))).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const create = (body: object) =>
    fetch(`${h.emulator.url}/_emulator/stores/${HASH}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
  const items = async (q: string) => (await api.get(`/api/items?q=${q}`)).body.items;
  const idle = async () => {
    const c = await h.runtime.queues.queues.ingest.getJobCounts('waiting', 'active', 'delayed');
    return Object.values(c).every((n) => n === 0);
  };

  it('leaves a new product alone while auto-assign is off', async () => {
    expect((await api.get('/api/settings')).body.autoAssignNewProducts).toBe(false);
    const made = await create({
      name: 'Manual Mug',
      sku: 'AUTO-OFF-1',
      price: 9,
      inventory_level: 4,
      inventory_tracking: 'product',
    });
    expect(made.status).toBe(201);
    await eventually(idle, 10_000, 'webhook handled');
    expect(await items('AUTO-OFF')).toEqual([]);
  });

  it('assigns a new product and its variants with the default template when on', async () => {
    expect((await api.put('/api/settings', { autoAssignNewProducts: true })).status).toBe(200);
    const made = await create(
      sizedProduct({ name: 'Auto Tee', sku: 'AUTO-ON', price: 20, inventory_tracking: 'variant' }, [
        ['S', 'AUTO-ON-S', 2],
        ['M', 'AUTO-ON-M', 0],
      ]),
    );
    expect(made.status).toBe(201);
    const assigned = await eventually(
      async () => ((await items('AUTO-ON')).length === 2 ? items('AUTO-ON') : null),
      10_000,
      'variants assigned',
    );
    expect(assigned.map((i: { sku: string }) => i.sku).sort()).toEqual(['AUTO-ON-M', 'AUTO-ON-S']);
    const bySku = (sku: string) => assigned.find((i: { sku: string }) => i.sku === sku);
    expect(bySku('AUTO-ON-S')).toMatchObject({ threshold: 3, stock: 2, status: 'in_stock' });
    // The empty size is at the switch condition (0): on backorder from the start.
    expect(bySku('AUTO-ON-M')).toMatchObject({ threshold: 3, stock: 0, status: 'backorder' });
    const catalog = (await api.get('/api/catalog?q=Auto%20Tee')).body.products;
    expect(catalog.find((p: { id: string }) => String(p.id) === String(made.body.id))?.assigned).toBe(true);
  });
});
