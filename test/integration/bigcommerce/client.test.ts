/**
 * The real BigCommerce client against the emulator: batching, rate limits and 429 storms, and every
 * request and response checked against BigCommerce's OpenAPI files.
 */
import { DEFAULT_SCOPE, startEmulator, type Emulator } from '../../../emulator';
import { bigCommerceApp } from '../../../core/platform/bigcommerce/app';
import type { ItemPublication, StorePlatform } from '../../../core/platform/types';
import { loadBigCommerceSpecs, validateExchange } from '../../support/openapi';

const HASH = 'client1';

describe('the BigCommerce client', () => {
  let emulator: Emulator;
  let platform: StorePlatform;

  beforeAll(async () => {
    emulator = await startEmulator({ clientId: 'cid', clientSecret: 'csecret' });
    emulator.createStore({ hash: HASH, seed: 'demo' });
    // A token as the OAuth exchange would have issued it (install is covered in install.test.ts).
    const accessToken = 'client-test-token';
    emulator.store(HASH)!.accessTokens.push({
      token: accessToken,
      client_id: 'cid',
      scope: DEFAULT_SCOPE,
      user_id: 1,
      created_at: new Date().toISOString(),
      revoked: false,
    });
    platform = bigCommerceApp(
      { clientId: 'cid', clientSecret: 'csecret', apiUrl: emulator.url, loginUrl: emulator.url },
      { backoffBaseMs: 10 },
    ).forStore(HASH, accessToken);
  });
  afterAll(async () => emulator?.close());
  beforeEach(() => {
    emulator.setRateLimit({ quota: 150, windowMs: 30_000 });
    emulator.clearExchanges();
  });

  const simpleProducts = () =>
    emulator.store(HASH)!.products.filter((p) => p.inventory_tracking !== 'variant');
  const publications = (count: number, quantity: number): ItemPublication[] =>
    simpleProducts()
      .slice(0, count)
      .map((p) => ({
        productId: String(p.id),
        variantId: String(p.variants[0]!.id),
        trackBy: 'product',
        purchasable: true,
        quantity,
        message: 'Backorder: ships in 2 weeks',
      }));
  const puts = () => emulator.exchanges.filter((e) => e.method === 'PUT');

  it('sends a batch of 37 product updates in 4 calls of at most 10', async () => {
    expect(simpleProducts().length).toBeGreaterThanOrEqual(37);
    const result = await platform.publish(publications(37, 7));
    expect(result.calls).toBe(4);
    expect(puts().map((e) => (e.requestBody as unknown[]).length)).toEqual([10, 10, 10, 7]);
    expect(
      simpleProducts()
        .slice(0, 37)
        .every((p) => p.inventory_level === 7),
    ).toBe(true);
  });

  it('loses no write in a 429 storm (quota 5 per window)', async () => {
    emulator.setRateLimit({ quota: 5, windowMs: 400 });
    const results = await Promise.all([1, 2, 3].map((n) => platform.publish(publications(37, 100 + n))));
    expect(results.map((r) => r.calls)).toEqual([4, 4, 4]);
    const statuses = emulator.exchanges.map((e) => e.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    // Every product took one of the three writes; none was dropped.
    expect(
      simpleProducts()
        .slice(0, 37)
        .every((p) => [101, 102, 103].includes(p.inventory_level)),
    ).toBe(true);
  });

  it('backs off when the platform is overloaded (429 without headers)', async () => {
    emulator.overload(3);
    await platform.publish(publications(5, 9));
    expect(emulator.exchanges.filter((e) => e.status === 429)).toHaveLength(3);
    expect(
      simpleProducts()
        .slice(0, 5)
        .every((p) => p.inventory_level === 9),
    ).toBe(true);
  });

  it('speaks BigCommerce exactly: every request and response matches the OpenAPI files', async () => {
    const specs = loadBigCommerceSpecs();
    await platform.storeInfo();
    const page = await platform.searchCatalog({ keyword: '', page: 1, limit: 20 });
    expect(page.products).toHaveLength(20);
    const withVariants = emulator.store(HASH)!.products.find((p) => p.inventory_tracking === 'variant')!;
    const [product] = await platform.getProducts([String(withVariants.id)]);
    expect(product!.variants.length).toBeGreaterThan(1);
    await platform.publish([
      ...publications(3, 4),
      ...product!.variants.map((v) => ({
        productId: product!.id,
        variantId: v.id,
        trackBy: 'variant' as const,
        purchasable: false,
        quantity: 0,
        message: 'Sold out',
      })),
    ]);
    await platform.ensureWebhooks({
      destination: 'https://app.example.com/webhooks/bigcommerce',
      scopes: ['store/order/created', 'store/product/updated'],
      headers: { 'x-backorder-token': 't' },
    });
    await platform.ensureWebhooks({
      destination: 'https://app.example.com/webhooks/bigcommerce',
      scopes: ['store/order/created'],
      headers: { 'x-backorder-token': 't2' },
    });
    const order = emulator.store(HASH)!.placeOrder({
      lines: [{ sku: simpleProducts()[10]!.sku, quantity: 1 }],
      customerEmail: 'c@example.com',
      shippingCountry: 'DE',
    });
    const read = await platform.getOrder(String(order.id));
    expect(read).toMatchObject({
      customerEmail: 'c@example.com',
      shippingCountry: 'DE',
      lines: [{ quantity: 1 }],
    });
    // More lines than one v2 page (50 by default, 250 at most): every one is read.
    for (const p of simpleProducts().slice(0, 20)) emulator.store(HASH)!.setInventory(p.sku, 100);
    const big = emulator.store(HASH)!.placeOrder({
      lines: Array.from({ length: 260 }, (_, i) => ({ sku: simpleProducts()[i % 20]!.sku, quantity: 1 })),
      customerEmail: 'bulk@example.com',
      shippingCountry: 'NL',
    });
    expect((await platform.getOrder(String(big.id)))!.lines).toHaveLength(260);
    await platform.installScript({
      name: 'Backorder storefront',
      src: 'https://app.example.com/storefront.js',
    });
    await platform.deleteWebhooks('https://app.example.com/webhooks/bigcommerce');

    const findings = emulator.exchanges.flatMap((ex) =>
      validateExchange(specs, ex).map(
        (f) => `${ex.method} ${ex.path} → ${ex.status}: [${f.where}] ${f.message}`,
      ),
    );
    expect(findings).toEqual([]);
    expect(
      new Set(emulator.exchanges.map((e) => `${e.method} ${e.path.replace(/\/\d+/g, '/{id}')}`)).size,
    ).toBeGreaterThanOrEqual(10);
  });
});
