/**
 * Webhooks driven by the control API: orders and warehouse stock changes reach the app signed per
 * Standard Webhooks with the hook's static headers; failures are retried, then the hook is deactivated.
 */
import { Webhook } from 'standardwebhooks';
import { CLIENT_SECRET, control, startFixture, storeApi, type Fixture } from './support';

describe('emulator webhooks', () => {
  let fx: Fixture;
  let api: ReturnType<typeof storeApi>;
  const hash = 'hookstore';

  beforeAll(async () => {
    fx = await startFixture();
    api = storeApi(fx.emu.url, hash, await fx.install(hash, 'demo'));
    const destination = `${fx.app.url}/webhooks`;
    const headers = { 'x-backorder-hook': 'static-secret' };
    for (const scope of ['store/order/*', 'store/product/inventory/*', 'store/sku/inventory/*'])
      expect((await api('POST', '/v3/hooks', { scope, destination, is_active: true, headers })).status).toBe(
        200,
      );
  });
  beforeEach(async () => {
    await fx.emu.whenIdle();
    fx.app.received.length = 0;
    fx.app.reply = () => undefined;
  });
  afterAll(() => fx.close());

  it('places an order that decrements stock and delivers a signed store/order/created', async () => {
    const placed = await control(fx.emu.url, 'POST', `/stores/${hash}/orders`, {
      lines: [
        { sku: 'COF-ETH-YIR-1KG', quantity: 2 },
        { sku: 'COF-COL-HUI-250G', quantity: 3 },
      ],
      customerEmail: 'maria.rossi@example.it',
      shippingCountry: 'IT',
    });
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ status_id: 11, status: 'Awaiting Fulfillment', items_total: 5 });
    const store = fx.emu.store(hash);
    expect(store?.productBySku('COF-ETH-YIR-1KG')?.inventory_level).toBe(40);
    expect(store?.variantBySku('COF-COL-HUI-250G')?.inventory_level).toBe(15);

    await fx.emu.whenIdle();
    const deliveries = fx.app.webhooks();
    expect(deliveries.map((d) => d.payload.scope)).toEqual([
      'store/order/created',
      'store/order/statusUpdated',
      'store/product/inventory/order/updated',
      'store/sku/inventory/order/updated',
    ]);
    const created = deliveries[0]!;
    const verified = new Webhook(Buffer.from(CLIENT_SECRET).toString('base64')).verify(
      created.req.body,
      created.req.headers as Record<string, string>,
    );
    expect(verified).toEqual({
      scope: 'store/order/created',
      store_id: String(store?.data.storeId),
      data: { type: 'order', id: placed.body.id },
      hash: expect.stringMatching(/^[0-9a-f]{40}$/),
      created_at: expect.any(Number),
      producer: `stores/${hash}`,
    });
    expect(created.req.headers['x-backorder-hook']).toBe('static-secret');
    expect(deliveries[1]?.payload.data).toEqual({
      type: 'order',
      id: placed.body.id,
      status: { previous_status_id: 0, new_status_id: 11 },
    });
    expect(deliveries[2]?.payload.data).toEqual({
      type: 'product',
      id: 112,
      inventory: { product_id: 112, method: 'relative', value: -2 },
    });
    expect(deliveries[3]?.payload.data).toMatchObject({
      type: 'sku',
      inventory: { product_id: 114, variant_id: 303, method: 'relative', value: -3 },
    });
    expect(new Set(deliveries.map((d) => d.payload.hash)).size).toBe(4);

    const lines = await api('GET', `/v2/orders/${placed.body.id}/products`);
    expect(lines.body.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ['COF-ETH-YIR-1KG', 2],
      ['COF-COL-HUI-250G', 3],
    ]);
    const address = await api('GET', `/v2/orders/${placed.body.id}/shipping_addresses`);
    expect(address.body[0]).toMatchObject({ country_iso2: 'IT', email: 'maria.rossi@example.it' });
  });

  it('refuses orders beyond tracked stock or for disabled items with 409', async () => {
    const tooMany = await control(fx.emu.url, 'POST', `/stores/${hash}/orders`, {
      lines: [{ sku: 'COF-ETH-YIR-250G', quantity: 1 }],
      customerEmail: 'a@example.com',
      shippingCountry: 'US',
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body).toMatchObject({ error: 'OutOfStock', sku: 'COF-ETH-YIR-250G' });
    const disabled = await control(fx.emu.url, 'POST', `/stores/${hash}/orders`, {
      lines: [{ sku: 'GRD-COM-C40-BLK', quantity: 1 }],
      customerEmail: 'a@example.com',
      shippingCountry: 'US',
    });
    expect(disabled.status).toBe(409);
    expect(disabled.body).toMatchObject({ error: 'PurchasingDisabled', sku: 'GRD-COM-C40-BLK' });
    const untracked = await control(fx.emu.url, 'POST', `/stores/${hash}/orders`, {
      lines: [{ sku: 'ACC-CUP-SLV-100', quantity: 5 }],
      customerEmail: 'a@example.com',
      shippingCountry: 'US',
    });
    expect(untracked.status).toBe(201);
  });

  it('fires absolute inventory events when the warehouse sets stock', async () => {
    const simple = await control(fx.emu.url, 'PUT', `/stores/${hash}/inventory`, {
      sku: 'COF-GUA-ANT-500G',
      level: 0,
    });
    expect(simple.status).toBe(200);
    const variant = await control(fx.emu.url, 'PUT', `/stores/${hash}/inventory`, {
      sku: 'COF-KEN-AA-250G',
      level: 30,
    });
    expect(variant.status).toBe(200);
    const unknown = await control(fx.emu.url, 'PUT', `/stores/${hash}/inventory`, {
      sku: 'NOPE-1',
      level: 1,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'UnknownSku', message: expect.stringContaining('NOPE-1') });

    await fx.emu.whenIdle();
    const payloads = fx.app.webhooks().map((d) => d.payload);
    expect(payloads).toEqual([
      expect.objectContaining({
        scope: 'store/product/inventory/updated',
        data: { type: 'product', id: 117, inventory: { product_id: 117, method: 'absolute', value: 0 } },
      }),
      expect.objectContaining({
        scope: 'store/sku/inventory/updated',
        data: expect.objectContaining({
          type: 'sku',
          inventory: { product_id: 115, variant_id: 306, method: 'absolute', value: 30 },
        }),
      }),
    ]);
  });

  it('retries a failed delivery with the same payload and webhook-id', async () => {
    let failures = 1;
    fx.app.reply = (req) =>
      req.path === '/webhooks' && failures-- > 0 ? { status: 500, body: 'boom' } : undefined;
    await control(fx.emu.url, 'PUT', `/stores/${hash}/inventory`, { sku: 'COF-ESP-ROM-1KG', level: 11 });
    await fx.emu.whenIdle();
    const attempts = fx.app.received.filter((r) => r.path === '/webhooks');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]?.body).toBe(attempts[0]?.body);
    expect(attempts[1]?.headers['webhook-id']).toBe(attempts[0]?.headers['webhook-id']);
    const records = fx.emu.deliveries.filter((d) => d.id === attempts[0]?.headers['webhook-id']);
    expect(records.map((r) => [r.attempt, r.statusCode, r.ok])).toEqual([
      [1, 500, false],
      [2, 200, true],
    ]);
  });

  it('deactivates a hook whose deliveries keep failing', async () => {
    const destination = `${fx.app.url}/failing`;
    const created = await api('POST', '/v3/hooks', {
      scope: 'store/order/statusUpdated',
      destination,
      is_active: true,
    });
    fx.app.reply = (req) => (req.path === '/failing' ? { status: 503 } : undefined);
    await control(fx.emu.url, 'PUT', `/stores/${hash}/orders/100`, { status_id: 2 });
    await fx.emu.whenIdle();
    expect(fx.app.received.filter((r) => r.path === '/failing')).toHaveLength(3);
    const hook = await api('GET', `/v3/hooks/${created.body.data.id}`);
    expect(hook.body.data.is_active).toBe(false);
  });

  it('answers 422 for a second hook with the same scope and destination', async () => {
    const again = await api('POST', '/v3/hooks', {
      scope: 'store/order/*',
      destination: `${fx.app.url}/webhooks`,
    });
    expect(again.status).toBe(422);
    expect(again.body).toMatchObject({
      status: 422,
      errors: { destination: expect.stringContaining('already exists') },
    });
  });
});
