/**
 * What assigning and unassigning do to the store, as a new merchant meets them in the demo: a product
 * the store does not track is refused (the app never changes tracking); unassigning disables purchase
 * on every variant by default, or keeps those with units on the shelf purchasable with their shelf
 * count; a variant left disabled can be made purchasable again from the app, logged, in its own store.
 */
import { template } from '../../support/admin-client';
import { eventually, installApp, type Harness } from '../../support/app-harness';
import { demoStoreViews, startWithDemoStore, type AdminClient } from '../../support/demo-store';

const HASH = 'unas1';
const OTHER = 'unas2';

describe('assigning and unassigning products', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    ({ h, api } = await startWithDemoStore('postgres', { hash: HASH }));
    const t = template({ stock: { threshold: 5, incomingStock: 0, backInStockDate: 'none' } });
    expect((await api.post('/api/templates', t)).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const { store, simple, item } = demoStoreViews(HASH, () => ({ h, api }));
  const product = (name: string) => store().products.find((p) => p.name === name)!;
  const variant = (name: string, sku: string) => product(name).variants.find((v) => v.sku === sku)!;
  const published = async () => {
    const counts = await h.runtime.queues.queues.platformSync.getJobCounts('waiting', 'active', 'delayed');
    return Object.values(counts).every((n) => n === 0);
  };

  it('refuses a product the store does not track, saying why, and changes nothing on the platform', async () => {
    const card = product('Digital Gift Card $50');
    const before = {
      inventory_tracking: card.inventory_tracking,
      inventory_level: card.inventory_level,
      availability: card.availability,
    };
    expect(before.inventory_tracking).toBe('none');
    const beside = simple()[0]!;

    const res = await api.post('/api/assignments', { productIds: [String(card.id), String(beside.id)] });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('productIds');
    expect(res.body.error.message).toContain('“Digital Gift Card $50” does not track inventory');
    expect(res.body.error.message).toContain('nothing was assigned');

    // Nothing of the request was applied: neither the card nor the product picked with it.
    expect(await item(card.sku)).toBeUndefined();
    expect(await item(beside.sku)).toBeUndefined();
    await eventually(published, 10_000, 'platform-sync idle');
    expect(product('Digital Gift Card $50')).toMatchObject(before);
    const catalog = (await api.get('/api/catalog?q=Gift%20Card')).body.products;
    expect(catalog.find((p: { id: string }) => p.id === String(card.id))).toMatchObject({
      inventoryTracking: 'none',
      assigned: false,
    });
  });

  /**
   * Assigns a product whose variants hold 18, 0 and 7 units, and sells 2 of the empty one on
   * backorder: 2 owed to customers, 3 of the room of 5 left on the platform.
   */
  async function assignWithUnitsOwed(name: string, skus: { full: string; owed: string; few: string }) {
    const p = product(name);
    store().setInventory(skus.full, 18);
    store().setInventory(skus.owed, 0);
    store().setInventory(skus.few, 7);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    await eventually(() => variant(name, skus.owed).inventory_level === 5, 10_000, 'room of 5 published');
    store().placeOrder({
      lines: [{ sku: skus.owed, quantity: 2 }],
      customerEmail: 'early@example.com',
      shippingCountry: 'NL',
    });
    await eventually(async () => (await item(skus.owed))?.stock === -2, 10_000, 'sale of 2 recorded');
    await eventually(published, 10_000, 'platform-sync idle');
    expect(variant(name, skus.owed).inventory_level).toBe(3);
    return p;
  }

  const HUILA = {
    full: 'COF-COL-HUI-250G',
    owed: 'COF-COL-HUI-500G',
    few: 'COF-COL-HUI-1KG',
  };
  const TUMBLER = {
    full: 'MUG-TRV-INS-470-OCN',
    owed: 'MUG-TRV-INS-470-BLK',
    few: 'MUG-TRV-INS-470-STN',
  };

  it('shows each variant with its units on hand and on backorder before unassigning', async () => {
    const p = await assignWithUnitsOwed('Colombia Huila Single Origin', HUILA);
    const preview = await api.get(`/api/assignments/${p.id}`);
    expect(preview.status).toBe(200);
    const bySku = Object.fromEntries(preview.body.variants.map((v: { sku: string }) => [v.sku, v])) as Record<
      string,
      { onHand: number; onBackorder: number }
    >;
    expect(bySku[HUILA.full]).toMatchObject({ onHand: 18, onBackorder: 0 });
    expect(bySku[HUILA.owed]).toMatchObject({ onHand: 0, onBackorder: 2 });
    expect(bySku[HUILA.few]).toMatchObject({ onHand: 7, onBackorder: 0 });
    expect((await api.get(`/api/assignments/${simple()[5]!.id}`)).status).toBe(404);
  });

  it('by default disables purchase on every variant, in stock or not, and withdraws the room', async () => {
    const p = product('Colombia Huila Single Origin');
    const res = await api.delete(`/api/assignments/${p.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unassigned: 3, keptPurchasable: 0, purchaseDisabled: 3 });
    await eventually(
      () => Object.values(HUILA).every((sku) => variant(p.name, sku).purchasing_disabled),
      10_000,
      'purchase disabled on every variant',
    );
    await eventually(published, 10_000, 'platform-sync idle');
    expect(Object.values(HUILA).map((sku) => variant(p.name, sku).inventory_level)).toEqual([18, 0, 7]);
    expect(product(p.name).inventory_tracking).toBe('variant');
  });

  it('keeps in-stock variants purchasable with their shelf count when asked; the owed one is disabled', async () => {
    const p = await assignWithUnitsOwed('Insulated Travel Tumbler 470 ml', TUMBLER);
    const res = await api.delete(`/api/assignments/${p.id}?keepInStock=true`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ unassigned: 3, keptPurchasable: 2, purchaseDisabled: 1 });
    await eventually(
      () => variant(p.name, TUMBLER.owed).purchasing_disabled,
      10_000,
      'purchase disabled on the owed variant',
    );
    await eventually(published, 10_000, 'platform-sync idle');
    expect(variant(p.name, TUMBLER.owed).inventory_level).toBe(0);
    for (const [sku, level] of [
      [TUMBLER.full, 18],
      [TUMBLER.few, 7],
    ] as const) {
      expect(variant(p.name, sku)).toMatchObject({ purchasing_disabled: false, inventory_level: level });
    }
    // The owner's email says what happened to each variant (whichever emails carry them).
    const kept = ['Stone', 'Ocean Blue'];
    const told = await eventually(
      () => {
        const texts = h.mail.messages
          .filter((m) => m.subject.startsWith(`Product unassigned: ${p.name}`))
          .map((m) => m.text)
          .join('\n');
        return /Purchase disabled: [^\n]*Black/.test(texts) && /Left purchasable/.test(texts) ? texts : null;
      },
      20_000,
      'the unassign email',
    );
    for (const colour of kept) expect(told).toMatch(new RegExp(`Left purchasable[^\n]*${colour}`));
    expect(told).not.toMatch(new RegExp(`Purchase disabled:[^\n]*(Stone|Ocean Blue)`));
    // Tracking stays on, so the platform sells those units and no more.
    expect(product(p.name).inventory_tracking).toBe('variant');
    expect(() =>
      store().placeOrder({
        lines: [{ sku: TUMBLER.few, quantity: 8 }],
        customerEmail: 'late@example.com',
        shippingCountry: 'NL',
      }),
    ).toThrow();
  });

  it('refuses an unknown choice instead of guessing it', async () => {
    const p = simple()[3]!;
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    const res = await api.delete(`/api/assignments/${p.id}?keepInStock=yes`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/keepInStock/);
    expect(await item(p.sku)).toBeDefined();
  });

  it('makes a variant left disabled purchasable again from the app, in its own store only, logged', async () => {
    const list = await api.get('/api/unassigned');
    expect(list.status).toBe(200);
    const skus = list.body.items.map((i: { sku: string }) => i.sku).sort();
    // The three Huila variants (default) and the owed tumbler; not the tumblers kept purchasable.
    expect(skus).toEqual([...Object.values(HUILA), TUMBLER.owed].sort());
    const owed = list.body.items.find((i: { sku: string }) => i.sku === HUILA.owed);
    expect(owed).toMatchObject({ onHand: 0, onBackorder: 2 });
    const full = list.body.items.find((i: { sku: string }) => i.sku === HUILA.full);

    // Another store's session sees none of them and cannot act on them.
    h.emulator.createStore({ hash: OTHER, seed: 'demo' });
    const other = (await installApp(h, OTHER)).api;
    expect((await other.get('/api/unassigned')).body.items).toEqual([]);
    expect((await other.post(`/api/unassigned/${full.id}/purchasable`, {})).status).toBe(404);
    await eventually(published, 10_000, 'platform-sync idle');
    expect(variant('Colombia Huila Single Origin', HUILA.full).purchasing_disabled).toBe(true);

    // Meanwhile the warehouse counted 20 (the app no longer follows the product).
    store().setInventory(HUILA.full, 20);
    const res = await api.post(`/api/unassigned/${full.id}/purchasable`, {});
    expect(res.status).toBe(200);
    await eventually(
      () => !variant('Colombia Huila Single Origin', HUILA.full).purchasing_disabled,
      10_000,
      'purchasable again',
    );
    await eventually(published, 10_000, 'platform-sync idle');
    // Only its listing changed: the merchant's count stands.
    expect(variant('Colombia Huila Single Origin', HUILA.full).inventory_level).toBe(20);
    expect((await api.get('/api/unassigned')).body.items.map((i: { sku: string }) => i.sku)).not.toContain(
      HUILA.full,
    );
    const log = (await api.get(`/api/events?itemId=${full.id}&type=make-purchasable`)).body.events;
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      actor: { kind: 'user' },
      data: { from: { status: 'unavailable' }, to: { status: 'in_stock' } },
    });

    // An assigned variant is the rules': the app does not switch it by hand this way.
    const assigned = await item(simple()[3]!.sku);
    const refused = await api.post(`/api/unassigned/${assigned.id}/purchasable`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('assigned');
  });

  it('lets a variant made purchasable go when its product was deleted unseen, and publishes the rest', async () => {
    const gone = simple()[6]!;
    expect((await api.post('/api/assignments', { productIds: [String(gone.id)] })).status).toBe(201);
    const goneItem = await item(gone.sku);
    expect((await api.delete(`/api/assignments/${gone.id}`)).status).toBe(200);
    await eventually(() => store().productById(gone.id)!.availability === 'disabled', 10_000, 'disabled');
    await eventually(published, 10_000, 'platform-sync idle');
    for (const hook of store().hooks) if (hook.scope === 'store/product/deleted') hook.is_active = false;
    const removed = await fetch(`${h.emulator.url}/_emulator/stores/${HASH}/products/${gone.id}`, {
      method: 'DELETE',
    });
    expect(removed.status).toBe(204);

    expect((await api.post(`/api/unassigned/${goneItem.id}/purchasable`, {})).status).toBe(200);
    const kept = simple()[3]!;
    const keptItem = await item(kept.sku);
    expect((await api.patch(`/api/items/${keptItem.id}`, { threshold: 6 })).status).toBe(200);
    store().setInventory(kept.sku, 0);
    await eventually(() => store().productById(kept.id)!.inventory_level === 6, 15_000, 'the rest published');
    await eventually(
      async () =>
        (await api.get(`/api/events?itemId=${goneItem.id}&type=product-deleted`)).body.events.length === 1,
      15_000,
      'deleted product let go',
    );
    const list = (await api.get('/api/unassigned')).body.items.map((i: { sku: string }) => i.sku);
    expect(list).not.toContain(gone.sku);
  });
});
