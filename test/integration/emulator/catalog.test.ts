/**
 * Catalog and inventory endpoints: search and paging meta, batch limits and validation errors, and the
 * webhooks an app's own writes fire back at it.
 */
import { sizedProduct } from '../../support/emulator-products';
import { control, startFixture, storeApi, type Fixture, type Json } from './support';

describe('emulator catalog', () => {
  let fx: Fixture;
  let api: ReturnType<typeof storeApi>;

  beforeAll(async () => {
    fx = await startFixture();
    api = storeApi(fx.emu.url, 'catalog1', await fx.install('catalog1', 'demo'));
    const destination = `${fx.app.url}/webhooks`;
    for (const scope of ['store/product/*', 'store/sku/*'])
      expect((await api('POST', '/v3/hooks', { scope, destination, is_active: true })).status).toBe(200);
  });
  afterAll(() => fx.close());

  it('searches by keyword with BigCommerce paging meta', async () => {
    const res = await api('GET', '/v3/catalog/products?keyword=hario&include=variants&limit=2&page=2');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toEqual({
      total: 9,
      count: 2,
      per_page: 2,
      current_page: 2,
      total_pages: 5,
      links: {
        previous: '?keyword=hario&include=variants&page=1&limit=2',
        current: '?keyword=hario&include=variants&page=2&limit=2',
        next: '?keyword=hario&include=variants&page=3&limit=2',
      },
    });
    for (const product of res.body.data) {
      expect(product.name.toLowerCase()).toContain('hario');
      expect(Array.isArray(product.variants)).toBe(true);
    }
  });

  it('defaults to 50 a page, caps the limit at 250 and filters by id:in and sku', async () => {
    const all = await api('GET', '/v3/catalog/products');
    expect(all.body.data).toHaveLength(50);
    expect(all.body.meta.pagination).toMatchObject({ total: 61, per_page: 50, total_pages: 2 });
    const capped = await api('GET', '/v3/catalog/products?limit=1000');
    expect(capped.body.meta.pagination.per_page).toBe(250);
    const some = await api('GET', '/v3/catalog/products?id:in=112,114,999');
    expect(some.body.data.map((p: Json) => p.id)).toEqual([112, 114]);
    expect(some.body.data[0].variants).toBeUndefined();
    const bySku = await api('GET', '/v3/catalog/products?sku=COF-ETH-YIR-1KG');
    expect(bySku.body.data).toHaveLength(1);
    expect(bySku.body.data[0]).toMatchObject({
      name: 'Ethiopia Yirgacheffe Whole Bean 1 kg',
      base_variant_id: 301,
    });
  });

  it('lists variants with the base variant of a simple product and sku_id for option variants', async () => {
    const res = await api('GET', '/v3/catalog/variants?sku:in=COF-ETH-YIR-1KG,COF-COL-HUI-250G');
    expect(res.body.data).toHaveLength(2);
    const [base, option] = res.body.data;
    expect(base).toMatchObject({ product_id: 112, sku: 'COF-ETH-YIR-1KG', option_values: [] });
    expect(base.sku_id).toBeUndefined();
    expect(option).toMatchObject({
      sku: 'COF-COL-HUI-250G',
      sku_id: expect.any(Number),
      inventory_level: 18,
    });
    const ofProduct = await api('GET', '/v3/catalog/products/114/variants');
    expect(ofProduct.body.data.map((v: Json) => v.sku)).toEqual([
      'COF-COL-HUI-250G',
      'COF-COL-HUI-500G',
      'COF-COL-HUI-1KG',
    ]);
  });

  it('answers 404 for a missing product', async () => {
    const res = await api('GET', '/v3/catalog/products/99999');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ status: 404, title: expect.any(String) });
  });

  it('refuses 11 products in one batch with the 413 body from the spec', async () => {
    const items = Array.from({ length: 11 }, (_, i) => ({ id: 112 + i, availability: 'available' }));
    const res = await api('PUT', '/v3/catalog/products', items);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      errors: {},
      status: 413,
      title: 'The request payload is too large. The maximum items allowed in the array is 10.',
      type: '/api-docs/getting-started/api-status-codes',
    });
  });

  it('refuses 51 variants in one batch', async () => {
    const items = Array.from({ length: 51 }, (_, i) => ({ id: 301 + i, inventory_level: 1 }));
    const res = await api('PUT', '/v3/catalog/variants', items);
    expect(res.status).toBe(413);
    expect(res.body.title).toBe(
      'The request payload is too large. The maximum items allowed in the array is 50',
    );
  });

  it('answers 422 with field errors and changes nothing when an item is invalid', async () => {
    const res = await api('PUT', '/v3/catalog/products', [
      { id: 113, availability: 'preorder' },
      { id: 112, availability: 'sometimes', availability_description: 'x'.repeat(256) },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ status: 422, title: 'JSON data is missing or invalid' });
    expect(Object.keys(res.body.errors).sort()).toEqual(['1.availability', '1.availability_description']);
    expect(fx.emu.store('catalog1')?.productById(113)?.availability).toBe('available');
    const variants = await api('PUT', '/v3/catalog/variants', [{ id: 303, inventory_level: -2 }]);
    expect(variants.status).toBe(422);
    expect(variants.body.batch_errors[0].errors).toHaveProperty(['0.inventory_level']);
  });

  it("fires the app's own product and variant writes back as webhooks", async () => {
    await fx.emu.whenIdle();
    const before = fx.app.webhooks().length;

    const products = await api('PUT', '/v3/catalog/products', [
      { id: 112, inventory_level: 7, availability: 'preorder', availability_description: 'Ships in March' },
    ]);
    expect(products.status).toBe(200);
    expect(products.body.data[0]).toMatchObject({ id: 112, inventory_level: 7, availability: 'preorder' });
    const variants = await api('PUT', '/v3/catalog/variants', [
      { id: 304, inventory_level: 5, purchasing_disabled: true, purchasing_disabled_message: 'Back soon' },
    ]);
    expect(variants.body.data[0]).toMatchObject({ id: 304, inventory_level: 5, purchasing_disabled: true });
    await fx.emu.whenIdle();

    const events = fx.app
      .webhooks()
      .slice(before)
      .map((w) => w.payload);
    expect(events.map((e) => e.scope)).toEqual([
      'store/product/updated',
      'store/product/inventory/updated',
      'store/sku/updated',
      'store/sku/inventory/updated',
      'store/product/updated',
    ]);
    expect(events[1]?.data).toEqual({
      type: 'product',
      id: 112,
      inventory: { product_id: 112, method: 'absolute', value: 7 },
    });
    expect(events[3]?.data).toMatchObject({
      type: 'sku',
      inventory: { product_id: 114, variant_id: 304, method: 'absolute', value: 5 },
    });
  });

  it('adjusts inventory absolutely by sku, variant or product and reports items', async () => {
    const res = await api('PUT', '/v3/inventory/adjustments/absolute', {
      reason: 'cycle count',
      items: [
        { location_id: 1, sku: 'COF-COL-HUI-1KG', quantity: 40 },
        { location_id: 1, product_id: 116, quantity: 3 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.transaction_id).toEqual(expect.any(String));
    const items = await api('GET', '/v3/inventory/items?sku:in=COF-COL-HUI-1KG,COF-BRA-CER-1KG');
    const levels = Object.fromEntries(
      items.body.data.map((i: Json) => [i.identity.sku, i.locations[0].total_inventory_onhand]),
    );
    expect(levels).toEqual({ 'COF-COL-HUI-1KG': 40, 'COF-BRA-CER-1KG': 3 });
    const wrongMode = await api('PUT', '/v3/inventory/adjustments/absolute', {
      items: [{ location_id: 1, variant_id: 301, quantity: 1 }],
    });
    expect(wrongMode.status).toBe(422);
    expect(wrongMode.body.title).toBe(
      '[Item with variant_id 301 is tracked by product, please update stock by product id]',
    );
  });

  it('fires created and deleted events for products added in the store and deleted by API', async () => {
    await fx.emu.whenIdle();
    const before = fx.app.webhooks().length;
    const created = await control(
      fx.emu.url,
      'POST',
      '/stores/catalog1/products',
      sizedProduct({ name: 'Cold Brew Filter Bags (50 pack)', sku: 'ACC-CLD-BAG-50', price: 8.5 }, [
        ['Small', 'ACC-CLD-BAG-50-S', 10],
        ['Large', 'ACC-CLD-BAG-50-L', 0],
      ]),
    );
    expect(created.status).toBe(201);
    const id = created.body.id as number;
    expect((await api('GET', `/v3/catalog/products/${id}?include=variants`)).body.data.variants).toHaveLength(
      2,
    );
    expect((await api('DELETE', `/v3/catalog/products/${id}`)).status).toBe(204);
    expect((await api('GET', `/v3/catalog/products/${id}`)).status).toBe(404);
    await fx.emu.whenIdle();
    expect(
      fx.app
        .webhooks()
        .slice(before)
        .map((w) => [w.payload.scope, w.payload.data.type]),
    ).toEqual([
      ['store/product/created', 'product'],
      ['store/sku/created', 'sku'],
      ['store/sku/created', 'sku'],
      ['store/sku/deleted', 'sku'],
      ['store/sku/deleted', 'sku'],
      ['store/product/deleted', 'product'],
    ]);
  });

  it('deletes one variant by API, firing store/sku/deleted, and refuses a batch naming it', async () => {
    await fx.emu.whenIdle();
    const before = fx.app.webhooks().length;
    const product = fx.emu
      .store('catalog1')!
      .products.find((p) => p.variants.length >= 2 && p.options.length > 0)!;
    const [kept, gone] = product.variants;
    expect((await api('DELETE', `/v3/catalog/products/${product.id}/variants/${gone!.id}`)).status).toBe(204);
    expect((await api('GET', `/v3/catalog/products/${product.id}/variants/${gone!.id}`)).status).toBe(404);
    await fx.emu.whenIdle();
    expect(
      fx.app
        .webhooks()
        .slice(before)
        .map((w) => w.payload),
    ).toMatchObject([
      {
        scope: 'store/sku/deleted',
        data: { type: 'sku', sku: { product_id: product.id, variant_id: gone!.id } },
      },
    ]);

    const batch = await api('PUT', '/v3/catalog/variants', [
      { id: kept!.id, purchasing_disabled: true },
      { id: gone!.id, purchasing_disabled: true },
    ]);
    expect(batch.status).toBe(422);
    expect(batch.body.batch_errors).toEqual([
      expect.objectContaining({ status: 422, errors: { '1.id': `Variant ${gone!.id} does not exist.` } }),
    ]);
    const simple = fx.emu.store('catalog1')!.products.find((p) => p.options.length === 0)!;
    const base = await api('DELETE', `/v3/catalog/products/${simple.id}/variants/${simple.variants[0]!.id}`);
    expect(base.status).toBe(422);
  });

  it('answers 207 for a product batch with a product it cannot save, saving the rest', async () => {
    const [a, b] = fx.emu.store('catalog1')!.products.filter((p) => p.options.length === 0);
    fx.emu.store('catalog1')!.saveFailures.set(b!.id, 'The URL could not be saved.');
    try {
      const res = await api('PUT', '/v3/catalog/products', [
        { id: a!.id, availability: 'disabled' },
        { id: b!.id, availability: 'disabled' },
      ]);
      expect(res.status).toBe(207);
      expect(res.body.data.map((p: Json) => p.id)).toEqual([a!.id]);
      expect(res.body.errors).toMatchObject({
        status: 207,
        errors: { '1.id': 'The URL could not be saved.' },
      });
      expect([a!.availability, b!.availability]).toEqual(['disabled', 'available']);
    } finally {
      fx.emu.store('catalog1')!.saveFailures.clear();
    }
  });
});
