/**
 * 500 orders at once for one item with threshold 50 and stock 0: exactly 50 units end up backordered,
 * the product is disabled, and every unit past the threshold is reported as oversold.
 */
import { adminClient, template } from '../../support/admin-client';
import { eventually, type Harness, installApp, startHarness } from '../../support/app-harness';

const HASH = 'rush1';
const ORDERS = 500;

describe('a rush of orders on one backordered item', () => {
  let h: Harness;
  let api: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    h.emulator.setRateLimit(null);
    ({ api } = await installApp(h, HASH));
    await api.post(
      '/api/templates',
      template({ stock: { threshold: 50, incomingStock: 0, backInStockDate: 'none' } }),
    );
  });
  afterAll(async () => h?.close());

  async function backorderedProduct(index: number) {
    const product = h.emulator.store(HASH)!.products.filter((p) => p.inventory_tracking === 'product')[
      index
    ]!;
    h.emulator.store(HASH)!.setInventory(product.sku, 0);
    expect((await api.post('/api/assignments', { productIds: [String(product.id)] })).status).toBe(201);
    // Backorder on at assignment (stock 0 is at the switch condition); the platform may sell 50.
    await eventually(
      () => h.emulator.store(HASH)!.productById(product.id)!.inventory_level === 50,
      10_000,
      'room published',
    );
    return product;
  }
  const itemOf = async (sku: string) => (await api.get(`/api/items?q=${sku}`)).body.items[0];

  it('a store that enforces the published quantity takes exactly 50', async () => {
    const product = await backorderedProduct(0);
    const answers = await Promise.all(
      Array.from({ length: ORDERS }, (_, i) =>
        fetch(`${h.emulator.url}/_emulator/stores/${HASH}/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            lines: [{ sku: product.sku, quantity: 1 }],
            customerEmail: `c${i}@example.com`,
            shippingCountry: 'NL',
          }),
        }).then((r) => r.status),
      ),
    );
    const accepted = answers.filter((s) => s === 201).length;
    console.log(
      `enforced: ${accepted} of ${ORDERS} orders accepted by the platform, ${ORDERS - accepted} refused`,
    );
    expect(accepted).toBe(50);
    await eventually(async () => (await itemOf(product.sku)).status === 'unavailable', 20_000, 'disabled');
    expect(await itemOf(product.sku)).toMatchObject({ stock: -50, backordered: 50, enabled: false });
  });

  it('a classic store that cannot refuse an order: 50 counted, the rest reported as oversold', async () => {
    const product = await backorderedProduct(1);
    // The platform does not track this product's stock, so it takes every order, all at once.
    const emulated = h.emulator.store(HASH)!;
    emulated.productById(product.id)!.inventory_tracking = 'none';
    for (let i = 0; i < ORDERS; i++)
      emulated.placeOrder({
        lines: [{ sku: product.sku, quantity: 1 }],
        customerEmail: `r${i}@example.com`,
        shippingCountry: 'DE',
      });
    const it0 = await itemOf(product.sku);
    const oversold = await eventually(
      async () => {
        const events = (await api.get(`/api/events?itemId=${it0.id}&type=oversold&limit=200`)).body.events;
        const total = await countOversold(it0.id);
        return total === ORDERS - 50 ? events : null;
      },
      60_000,
      '450 oversold reported',
    );
    expect(oversold.length).toBeGreaterThan(0);
    expect(await itemOf(product.sku)).toMatchObject({
      stock: -50,
      backordered: 50,
      enabled: false,
      status: 'unavailable',
    });
    console.log(
      `classic: ${ORDERS} orders taken by the platform, 50 counted on backorder, ${ORDERS - 50} reported oversold`,
    );
  });

  async function countOversold(itemId: number): Promise<number> {
    let total = 0;
    let before: number | undefined;
    for (;;) {
      const page = (
        await api.get(
          `/api/events?itemId=${itemId}&type=oversold&limit=200${before ? `&before=${before}` : ''}`,
        )
      ).body.events;
      total += page.length;
      if (page.length < 200) return total;
      before = page[page.length - 1].id;
    }
  }
});
