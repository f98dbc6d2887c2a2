/**
 * The storefront side: the app installs its script on the store at setup; a product page and a cart
 * page (a different origin, as a real storefront is) show the backorder texts for products on
 * backorder and nothing for the others; the public endpoint gives away only those texts. On the
 * emulator's Cornerstone-style storefront the texts follow the variant the shopper selects, and each
 * cart line its own variant. Screenshots of those pages go to test/artifacts/storefront-*.png.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { adminClient, template } from '../support/admin-client';
import { eventually, sessionFrom, startHarness, type Harness } from '../support/app-harness';
import { ARTIFACTS, openBrowser, type BrowserSession } from './support';

jest.setTimeout(120_000);

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
        // Stock kept for the whole product: the texts hold for every variant.
        variantId: null,
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

  describe('on the emulator storefront (Cornerstone markup)', () => {
    const shop = () => `${h.emulator.url}/_emulator/stores/${HASH}/storefront/`;
    const product = (sku: string) => store().products.find((p) => p.sku === sku)!;
    const tab = () => browser!.page;
    const addToCart = () => tab().locator('#form-action-addToCart');
    const productMessage = () => tab().locator('.backorder-product-message');
    const shoot = (name: string) =>
      tab().screenshot({ path: path.join(ARTIFACTS, `storefront-${name}.png`), fullPage: true });

    /** Clicks an option's label (the radio is hidden, as in Cornerstone) and waits for `shows`. */
    async function select(label: string, shows: 'normal' | 'backorder', normal = 'Add to Cart') {
      await tab().locator('label.form-option', { hasText: label }).click();
      await eventually(
        async () =>
          shows === 'backorder'
            ? (await addToCart().inputValue()) === 'Pre-order now' &&
              (await productMessage().textContent()) === 'Ships in 2 weeks'
            : (await addToCart().inputValue()) === normal && (await productMessage().count()) === 0,
        10_000,
        `${label}: ${shows} button and message`,
      );
    }

    async function openProduct(p: { url: string }) {
      await tab().goto(`${shop()}${p.url.slice(1)}`);
      // Every request the page makes (the texts, the selection's variant) has been answered.
      await tab().waitForLoadState('networkidle');
    }

    async function addSelected(label: string) {
      await tab().locator('label.form-option', { hasText: label }).click();
      await Promise.all([tab().waitForURL(`${shop()}cart.php`), addToCart().click()]);
    }

    beforeAll(async () => {
      browser ??= await openBrowser();
    });

    it('follows the selected variant on the product page and each cart line its own variant', async () => {
      // Kenya AA, the case: the 250 g sells out and goes on backorder, the 1 kg stays in stock.
      const kenya = product('COF-KEN-AA');
      const [small, large] = kenya.variants;
      expect([small!.sku, large!.sku]).toEqual(['COF-KEN-AA-250G', 'COF-KEN-AA-1KG']);
      expect((await api.post('/api/assignments', { productIds: [String(kenya.id)] })).status).toBe(201);
      store().setInventory(small!.sku, 0);
      // The backorder room reaches the platform, so the 250 g can go in the cart.
      await eventually(() => small!.inventory_level === 3, 10_000, 'backorder room published');
      const body = (await (await texts(String(kenya.id))).json()) as { items: Array<{ variantId: string }> };
      expect(body.items.map((i) => i.variantId)).toEqual([String(small!.id)]);

      await openProduct(kenya);
      // Nothing selected yet: the theme's button as it drew it.
      expect(await addToCart().inputValue()).toBe('Add to Cart');
      expect(await productMessage().count()).toBe(0);
      await select('250 g', 'backorder');
      await shoot('product-250g');
      await select('1 kg', 'normal');
      await shoot('product-1kg');
      await select('250 g', 'backorder');

      await addSelected('250 g');
      await openProduct(kenya);
      await addSelected('1 kg');
      const line = (size: string) => tab().locator('tr.cart-item', { hasText: size });
      await eventually(
        async () =>
          (await line('250 g').locator('.backorder-cart-message').textContent()) === 'Backordered item',
        10_000,
        'cart message on the 250 g line',
      );
      expect(await line('1 kg').locator('.backorder-cart-message').count()).toBe(0);
      expect(await tab().locator('.backorder-cart-message').count()).toBe(1);
      await shoot('cart');
      // A lookup cut short by the page's own navigation (add to cart posts the form) is not a failure.
      expect(browser!.problems.filter((p) => !p.includes('net::ERR_ABORTED'))).toEqual([]);
    });

    it('shows the texts for every variant of a product whose stock is kept for the whole product', async () => {
      const grinder = store().addProduct({
        name: 'Whole Stock Hand Grinder',
        sku: 'TST-WHOLE',
        price: 49,
        inventory_tracking: 'product',
        inventory_level: 0,
        option: {
          name: 'Colour',
          values: [
            { label: 'Red', sku: 'TST-WHOLE-RED', level: 0 },
            { label: 'Blue', sku: 'TST-WHOLE-BLU', level: 0 },
          ],
        },
      });
      expect((await api.post('/api/assignments', { productIds: [String(grinder.id)] })).status).toBe(201);

      await openProduct(grinder);
      await select('Blue', 'backorder');
      await select('Red', 'backorder');
      // A lookup cut short by the page's own navigation (add to cart posts the form) is not a failure.
      expect(browser!.problems.filter((p) => !p.includes('net::ERR_ABORTED'))).toEqual([]);
    });
  });
});
