/**
 * The real BigCommerce client against the emulator: batching, rate limits and 429 storms, and every
 * request and response checked against BigCommerce's OpenAPI files.
 */
import { DEFAULT_SCOPE, startEmulator, type Emulator } from '../../../emulator';
import { bigCommerceApp } from '../../../core/platform/bigcommerce/app';
import {
  PlatformRejectedError,
  type ItemListing,
  type LevelAdjustment,
  type StorePlatform,
} from '../../../core/platform/types';
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
  const targets = (count: number) =>
    simpleProducts()
      .slice(0, count)
      .map((p) => ({
        productId: String(p.id),
        variantId: String(p.variants[0]!.id),
        trackBy: 'product' as const,
      }));
  const listings = (count: number): ItemListing[] =>
    targets(count).map((t) => ({ ...t, purchasable: true, message: 'Backorder: ships in 2 weeks' }));
  const adjustments = (count: number, delta: number): LevelAdjustment[] =>
    targets(count).map((t) => ({ ...t, delta }));
  const levels = (count: number) =>
    simpleProducts()
      .slice(0, count)
      .map((p) => p.inventory_level);
  const calls = (method: string) => emulator.exchanges.filter((e) => e.method === method);
  const findingsOf = (exchanges: Emulator['exchanges']) => {
    const specs = loadBigCommerceSpecs();
    return exchanges.flatMap((ex) =>
      validateExchange(specs, ex).map(
        (f) => `${ex.method} ${ex.path} → ${ex.status}: [${f.where}] ${f.message}`,
      ),
    );
  };

  it('lists 37 products in 4 calls of at most 10, without touching a level', async () => {
    expect(simpleProducts().length).toBeGreaterThanOrEqual(37);
    const before = levels(37);
    const result = await platform.setListings(listings(37));
    expect(result.calls).toBe(4);
    expect(calls('PUT').map((e) => (e.requestBody as unknown[]).length)).toEqual([10, 10, 10, 7]);
    expect(
      calls('PUT').every((e) => (e.requestBody as object[]).every((b) => !('inventory_level' in b))),
    ).toBe(true);
    expect(levels(37)).toEqual(before);
  });

  it('adjusts 37 levels in one call (up to 2,000 a call), each by its own amount', async () => {
    const before = levels(37);
    const result = await platform.adjustLevels(adjustments(37, 7));
    expect(result.calls).toBe(1);
    expect(levels(37)).toEqual(before.map((l) => l + 7));
  });

  it('loses no adjustment in a 429 storm (quota 5 per window)', async () => {
    emulator.setRateLimit({ quota: 5, windowMs: 400 });
    const before = levels(37);
    const results = await Promise.all([1, 2, 3].map((n) => platform.adjustLevels(adjustments(37, n))));
    expect(results.map((r) => r.calls)).toEqual([1, 1, 1]);
    expect(emulator.exchanges.map((e) => e.status).filter((s) => s === 200)).toHaveLength(3);
    // Every product took all three adjustments; none was dropped or doubled.
    expect(levels(37)).toEqual(before.map((l) => l + 6));
  });

  it('backs off when the platform is overloaded (429 without headers)', async () => {
    emulator.overload(3);
    const before = levels(5);
    await platform.adjustLevels(adjustments(5, 9));
    expect(emulator.exchanges.filter((e) => e.status === 429)).toHaveLength(3);
    expect(levels(5)).toEqual(before.map((l) => l + 9));
  });

  it('refuses an adjustment that would take a level below zero, changing nothing', async () => {
    const before = levels(2);
    await expect(
      platform.adjustLevels([...adjustments(1, 1), { ...adjustments(2, 0)[1]!, delta: -(before[1]! + 1) }]),
    ).rejects.toMatchObject({ status: 422 });
    expect(levels(2)).toEqual(before);
  });

  it('names the variants a refused batch names, with its reasons', async () => {
    const store = emulator.store(HASH)!;
    const product = store.products.find((p) => p.inventory_tracking === 'variant' && p.variants.length >= 3)!;
    const [first, deleted, last] = product.variants;
    store.deleteVariant(product.id, deleted!.id);
    const listing = (variantId: number): ItemListing => ({
      productId: String(product.id),
      variantId: String(variantId),
      trackBy: 'variant',
      purchasable: false,
      message: 'Sold out',
    });

    const refusal = await platform
      .setListings([first!.id, deleted!.id, last!.id].map(listing))
      .catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(PlatformRejectedError);
    const { status, message, rejected } = refusal as PlatformRejectedError;
    expect(status).toBe(422);
    // The log line says why, not just "422".
    expect(message).toContain(`Variant ${deleted!.id} does not exist.`);
    expect(rejected).toEqual([
      {
        productId: String(product.id),
        variantId: String(deleted!.id),
        reason: `Variant not found: Variant ${deleted!.id} does not exist.`,
      },
    ]);
    expect(findingsOf(emulator.exchanges)).toEqual([]);
  });

  it('answers the listings a partial success (207) left out, and only those', async () => {
    const [a, b, c] = simpleProducts();
    emulator.store(HASH)!.saveFailures.set(b!.id, 'The URL could not be saved.');
    try {
      const sent = listings(3).map((l) => ({ ...l, purchasable: false, message: 'Back in May' }));
      const result = await platform.setListings(sent);
      expect(result.failed).toEqual([
        { listing: sent[1], reason: 'Multi-status: The URL could not be saved.' },
      ]);
      expect([a, b, c].map((p) => p!.availability)).toEqual(['disabled', 'available', 'disabled']);
      expect(emulator.exchanges.map((e) => e.status)).toEqual([207]);
      expect(findingsOf(emulator.exchanges)).toEqual([]);
    } finally {
      emulator.store(HASH)!.saveFailures.clear();
    }
  });

  it('speaks BigCommerce exactly: every request and response matches the OpenAPI files', async () => {
    await platform.storeInfo();
    const page = await platform.searchCatalog({ keyword: '', page: 1, limit: 20 });
    expect(page.products).toHaveLength(20);
    const withVariants = emulator.store(HASH)!.products.find((p) => p.inventory_tracking === 'variant')!;
    const [product] = await platform.getProducts([String(withVariants.id)]);
    expect(product!.variants.length).toBeGreaterThan(1);
    const variants = product!.variants.map((v) => ({
      productId: product!.id,
      variantId: v.id,
      trackBy: 'variant' as const,
    }));
    await platform.setListings([
      ...listings(3),
      ...variants.map((v) => ({ ...v, purchasable: false, message: 'Sold out' })),
    ]);
    await platform.adjustLevels([...adjustments(3, 4), ...variants.map((v) => ({ ...v, delta: 2 }))]);
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

    expect(findingsOf(emulator.exchanges)).toEqual([]);
    expect(
      new Set(emulator.exchanges.map((e) => `${e.method} ${e.path.replace(/\/\d+/g, '/{id}')}`)).size,
    ).toBeGreaterThanOrEqual(10);
  });
});
