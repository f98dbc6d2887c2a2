/**
 * The storefront side: the app installs its script on the store at setup; a product page and a cart
 * page (a different origin, as a real storefront is) show the backorder texts for products on
 * backorder and nothing for the others; the public endpoint gives away only those texts.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminClient, template } from '../support/admin-client';
import { eventually, sessionFrom, startHarness, type Harness } from '../support/app-harness';
import { openBrowser, type BrowserSession } from './support';

const HASH = 'shop1';

describe('the storefront script', () => {
  let h: Harness;
  let api: ReturnType<typeof adminClient>;
  let shop: Server;
  let shopUrl: string;
  let browser: BrowserSession | undefined;
  let page = '';

  beforeAll(async () => {
    h = await startHarness('pglite');
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    api = adminClient(h.appUrl, sessionFrom((await h.emulator.install(HASH)).body));
    await eventually(() => h.emulator.store(HASH)!.scripts.length > 0, 10_000, 'script installed');
    shop = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    shop?.close();
    await h?.close();
  });

  const store = () => h.emulator.store(HASH)!;
  const simple = () => store().products.filter((p) => p.inventory_tracking === 'product');
  const texts = (ids: string) => fetch(`${h.appUrl}/storefront/${HASH}/items?products=${ids}`);

  it('is installed on the storefront at setup, pointing at the app', () => {
    expect(store().scripts).toEqual([
      expect.objectContaining({
        name: 'Backorder storefront texts',
        src: `${h.appUrl}/storefront/backorder.js?store=${HASH}`,
        visibility: 'storefront',
      }),
    ]);
  });

  it('serves only the texts of products on backorder, to anyone, cacheably', async () => {
    expect((await api.post('/api/templates', template())).status).toBe(201);
    const [out, stocked] = simple();
    store().setInventory(out!.sku, 0);
    store().setInventory(stocked!.sku, 40);
    const ids = [out!.id, stocked!.id].map(String);
    expect((await api.post('/api/assignments', { productIds: ids })).status).toBe(201);

    const res = await texts(ids.join(','));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('public, max-age=30');
    const body = (await res.json()) as { items: Array<Record<string, unknown>> };
    expect(body.items).toEqual([
      {
        productId: String(out!.id),
        variantId: expect.any(String),
        buttonText: 'Pre-order now',
        productMessage: 'Ships in 2 weeks',
        cartMessage: 'Backordered item',
      },
    ]);
    expect((await texts('1,abc')).status).toBe(400);
    expect((await fetch(`${h.appUrl}/storefront/nosuchstore/items?products=1`)).status).toBe(404);
  });

  it('relabels the button and shows the messages on product and cart pages', async () => {
    const [out, stocked] = simple();
    const form = (id: number) => `
      <form action="/cart.php" method="post" data-cart-item-add>
        <input type="hidden" name="product_id" value="${id}">
        <input id="form-action-addToCart" type="submit" value="Add to Cart">
      </form>`;
    page = `<!doctype html><html><head><title>Shop</title><link rel="icon" href="data:,"></head><body>
      <div id="out">${form(out!.id)}</div>
      <div id="stocked">${form(stocked!.id)}</div>
      <table><tr class="cart-item" id="line-out"><td data-product-id="${out!.id}">${out!.name}</td></tr>
      <tr class="cart-item" id="line-stocked"><td data-product-id="${stocked!.id}">${stocked!.name}</td></tr></table>
      <script defer src="${h.appUrl}/storefront/backorder.js?store=${HASH}"></script>
      </body></html>`;
    browser = await openBrowser();
    await browser.page.goto(shopUrl);
    const button = browser.page.locator('#out #form-action-addToCart');
    await eventually(async () => (await button.inputValue()) === 'Pre-order now', 10_000, 'label swapped');
    expect(await browser.page.locator('#out .backorder-product-message').textContent()).toBe(
      'Ships in 2 weeks',
    );
    expect(await browser.page.locator('#line-out .backorder-cart-message').textContent()).toBe(
      'Backordered item',
    );
    // The product in stock is left exactly as the theme drew it.
    expect(await browser.page.locator('#stocked #form-action-addToCart').inputValue()).toBe('Add to Cart');
    expect(await browser.page.locator('#stocked .backorder-product-message').count()).toBe(0);
    expect(await browser.page.locator('#line-stocked .backorder-cart-message').count()).toBe(0);
    expect(browser.problems).toEqual([]);
  });
});
