/**
 * The emulator's storefront, as a storefront script meets it: Cornerstone's product and cart markup
 * with the store's installed scripts, the variant an option selection names
 * (`/remote/v1/product-attributes/{id}`), and a cart read through the Storefront Cart API.
 */
import { control, startFixture, storeApi, type Fixture, type Json } from './support';

const HASH = 'shopfront';

describe('emulator storefront', () => {
  let fx: Fixture;
  let root: string;

  beforeAll(async () => {
    fx = await startFixture();
    const api = storeApi(fx.emu.url, HASH, await fx.install(HASH));
    const script = { name: 'Texts', src: 'https://app.example/texts.js?store=x', kind: 'src' };
    expect((await api('POST', '/v3/content/scripts', { ...script, load_method: 'defer' })).status).toBe(200);
    expect(
      (await api('POST', '/v3/content/scripts', { ...script, name: 'Off', enabled: false })).status,
    ).toBe(200);
    root = `${fx.emu.url}/_emulator/stores/${HASH}/storefront/`;
  });
  afterAll(() => fx.close());

  const store = () => fx.emu.store(HASH)!;
  const kenya = () => store().products.find((p) => p.sku === 'COF-KEN-AA')!;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (path: string, fields: Record<string, string>, cookie?: string) =>
    fetch(`${root}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: form(fields),
      redirect: 'manual',
    });
  const attributes = async (productId: number, fields: Record<string, string>) => {
    const res = await post(`remote/v1/product-attributes/${productId}`, fields);
    return { status: res.status, body: (await res.json()) as Json };
  };
  const carts = async (cookie: string) =>
    (await (await fetch(`${root}api/storefront/carts`, { headers: { cookie } })).json()) as Json;

  it('draws a product page in Cornerstone markup with the enabled scripts of the store', async () => {
    const product = kenya();
    const option = product.options[0]!;
    const res = await fetch(`${root}${product.url.slice(1)}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      `<form class="form" method="post" action="/_emulator/stores/${HASH}/storefront/cart.php" data-cart-item-add>`,
    );
    expect(html).toContain(`<input type="hidden" name="product_id" value="${product.id}"/>`);
    expect(html).toMatch(/<div data-product-option-change>[\s\S]*name="attribute\[\d+\]"/);
    for (const value of option.option_values)
      expect(html).toContain(`name="attribute[${option.id}]" value="${value.id}"`);
    expect(html).toContain('id="form-action-addToCart"');
    expect(html).toContain('<script src="https://app.example/texts.js?store=x" defer></script>');
    expect(html.match(/texts\.js/g)).toHaveLength(1);
    expect((await fetch(`${root}no-such-product/`)).status).toBe(404);
  });

  it('names the variant a complete selection picks, as /remote/v1/product-attributes does', async () => {
    const product = kenya();
    const option = product.options[0]!;
    const [small, large] = product.variants;
    const chosen = await attributes(product.id, {
      action: 'add',
      product_id: String(product.id),
      [`attribute[${option.id}]`]: String(large!.option_values[0]!.id),
      'qty[]': '1',
    });
    expect(chosen.status).toBe(200);
    expect(chosen.body.data).toMatchObject({
      base: false,
      sku: large!.sku,
      v3_variant_id: large!.id,
      variantId: large!.sku_id,
      purchasable: true,
      instock: true,
      selected_attributes: { [String(option.id)]: large!.option_values[0]!.id },
    });
    expect(small!.id).not.toBe(large!.id);

    const none = await attributes(product.id, { product_id: String(product.id) });
    expect(none.body.data).toMatchObject({ base: true, purchasable: false });
    expect(none.body.data.v3_variant_id).toBeUndefined();

    const simple = store().products.find((p) => p.options.length === 0)!;
    expect((await attributes(simple.id, {})).body.data.v3_variant_id).toBe(simple.variants[0]!.id);
    expect((await attributes(999999, {})).status).toBe(404);
  });

  it('adds what the product form posts to a cart the Storefront Cart API shows, line by variant', async () => {
    const product = kenya();
    const option = product.options[0]!;
    const [small, large] = product.variants;
    const add = (variant: typeof small, cookie?: string, qty = '1') =>
      post(
        'cart.php',
        {
          action: 'add',
          product_id: String(product.id),
          [`attribute[${option.id}]`]: String(variant!.option_values[0]!.id),
          'qty[]': qty,
        },
        cookie,
      );
    const first = await add(small);
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/_emulator/stores/${HASH}/storefront/cart.php`);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect((await add(large, cookie, '2')).status).toBe(303);
    expect((await add(small, cookie)).status).toBe(303);

    const [cart] = await carts(cookie);
    expect(cart.lineItems.physicalItems).toEqual([
      expect.objectContaining({ productId: product.id, variantId: small!.id, sku: small!.sku, quantity: 2 }),
      expect.objectContaining({ productId: product.id, variantId: large!.id, sku: large!.sku, quantity: 2 }),
    ]);
    expect(await carts('emulator_cart=someone-else')).toEqual([]);

    const page = await (await fetch(`${root}cart.php`, { headers: { cookie } })).text();
    for (const line of cart.lineItems.physicalItems as Array<{ id: string }>)
      expect(page).toContain(`data-cart-itemid="${line.id}"`);
    expect(page.match(/<tr class="cart-item" data-item-row>/g)).toHaveLength(2);
  });

  it('refuses, on the product page, what the store would not sell', async () => {
    const product = kenya();
    const option = product.options[0]!;
    const small = product.variants[0]!;
    const noOption = await post('cart.php', { action: 'add', product_id: String(product.id), 'qty[]': '1' });
    expect(noOption.status).toBe(422);
    expect(await noOption.text()).toContain(`Choose Size before adding ${product.name}.`);

    store().setInventory(small.sku, 1);
    const tooMany = await post('cart.php', {
      action: 'add',
      product_id: String(product.id),
      [`attribute[${option.id}]`]: String(small.option_values[0]!.id),
      'qty[]': '5',
    });
    expect(tooMany.status).toBe(409);
    expect(await tooMany.text()).toContain(`only 1 left`);
    expect(tooMany.headers.get('set-cookie')).toBeNull();
  });

  it('is linked from the control panel', async () => {
    const panel = await control(fx.emu.url, 'GET', `/stores/${HASH}/admin`);
    expect(panel.body).toContain(`href="/_emulator/stores/${HASH}/storefront/"`);
    const home = await (await fetch(root)).text();
    expect(home).toContain(`href="/_emulator/stores/${HASH}/storefront/${kenya().url.slice(1)}"`);
  });
});
