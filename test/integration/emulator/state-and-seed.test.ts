/**
 * The demo seed (a believable, deterministic coffee shop) and persistence to a state file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../../emulator';
import { CLIENT_ID, CLIENT_SECRET, control, startFixture, storeApi, type Json } from './support';

describe('emulator demo seed', () => {
  it('has ~60 products in six categories, a third with 2-5 variants, varied stock and past orders', async () => {
    const emu = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    try {
      const store = emu.createStore({ hash: 'seeded', seed: 'demo' });
      expect(store.products.length).toBeGreaterThanOrEqual(55);
      expect(store.products.length).toBeLessThanOrEqual(65);
      expect(new Set(store.products.flatMap((p) => p.categories)).size).toBe(6);
      const withOptions = store.products.filter((p) => p.options.length > 0);
      expect(withOptions.length / store.products.length).toBeGreaterThan(0.25);
      expect(withOptions.length / store.products.length).toBeLessThan(0.4);
      for (const p of withOptions) {
        expect(p.variants.length).toBeGreaterThanOrEqual(2);
        expect(p.variants.length).toBeLessThanOrEqual(5);
      }
      const skus = store.products.flatMap((p) => p.variants.map((v) => v.sku));
      expect(new Set(skus).size).toBe(skus.length);
      expect(skus).toContain('COF-ETH-YIR-1KG');
      const tracked = store.products.filter((p) => p.inventory_tracking !== 'none');
      expect(tracked.length / store.products.length).toBeGreaterThan(0.9);
      const levels = store.products.flatMap((p) =>
        p.inventory_tracking === 'variant' ? p.variants.map((v) => v.inventory_level) : [p.inventory_level],
      );
      expect(levels.filter((l) => l === 0).length).toBeGreaterThanOrEqual(5);
      expect(levels.filter((l) => l > 0 && l <= 3).length).toBeGreaterThanOrEqual(5);
      expect(levels.filter((l) => l >= 20).length).toBeGreaterThanOrEqual(10);
      expect(store.orders.length).toBeGreaterThanOrEqual(3);
      expect(new Set(store.orders.map((o) => o.shipping_address.country_iso2)).size).toBeGreaterThanOrEqual(
        3,
      );

      const second = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
      const again = second.createStore({ hash: 'seeded', seed: 'demo' });
      await second.close();
      const ids = (s: typeof store) =>
        s.products.map((p) => [p.id, p.sku, p.variants.map((v) => [v.id, v.sku_id])]);
      expect(ids(again)).toEqual(ids(store));
      expect(again.orders.map((o) => o.id)).toEqual(store.orders.map((o) => o.id));
    } finally {
      await emu.close();
    }
  });

  it('serves the seeded orders through V2 with filters, and 204 when nothing matches', async () => {
    const fx = await startFixture();
    try {
      const api = storeApi(fx.emu.url, 'orderstore', await fx.install('orderstore', 'demo'));
      const all = await api('GET', '/v2/orders');
      expect(all.status).toBe(200);
      expect(all.body.length).toBe(4);
      expect(all.body[0]).toMatchObject({
        id: 100,
        status_id: 10,
        date_created: expect.stringMatching(/\+0000$/),
      });
      const recent = await api(
        'GET',
        '/v2/orders?min_date_created=2026-11-15T00:00:00Z&sort=date_created:desc',
      );
      expect(recent.body.map((o: Json) => o.id)).toEqual([103, 102]);
      const awaiting = await api('GET', '/v2/orders?status_id=11');
      expect(awaiting.body.every((o: Json) => o.status_id === 11)).toBe(true);
      const none = await api('GET', '/v2/orders?status_id=4');
      expect(none.status).toBe(204);
      const missing = await api('GET', '/v2/orders/9999');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual([{ status: 404, message: expect.any(String) }]);
      const updated = await api('PUT', '/v2/orders/102', {
        status_id: 9,
        staff_notes: 'Backordered: 1 x GRD-COM-C40-IRW',
      });
      expect(updated.body).toMatchObject({
        id: 102,
        status_id: 9,
        status: 'Awaiting Shipment',
        staff_notes: expect.any(String),
      });
      const invalid = await api('PUT', '/v2/orders/102', { status_id: 42 });
      expect(invalid.status).toBe(400);
    } finally {
      await fx.close();
    }
  });
});

describe('emulator state file', () => {
  it('saves changes atomically and reloads them on the next start', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bc-emulator-'));
    const stateFile = path.join(dir, 'state.json');
    const fx = await startFixture({ stateFile });
    let token: string;
    try {
      token = await fx.install('persisted', 'demo');
      const api = storeApi(fx.emu.url, 'persisted', token);
      await api('POST', '/v3/hooks', { scope: 'store/order/created', destination: `${fx.app.url}/webhooks` });
      await control(fx.emu.url, 'PUT', '/stores/persisted/inventory', { sku: 'TEA-ERL-GRY-100G', level: 25 });
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(existsSync(stateFile)).toBe(true);
      const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as Json;
      expect(saved.stores[0].hash).toBe('persisted');
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      await control(fx.emu.url, 'POST', '/stores/persisted/orders', {
        lines: [{ sku: 'TEA-ERL-GRY-100G', quantity: 5 }],
        customerEmail: 'sam.lee@example.com',
        shippingCountry: 'CA',
      });
    } finally {
      await fx.close();
    }

    const reopened = await startEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateFile });
    try {
      const store = reopened.store('persisted');
      expect(store?.productBySku('TEA-ERL-GRY-100G')?.inventory_level).toBe(20);
      expect(store?.orders).toHaveLength(5);
      expect(store?.hooks.map((h) => h.scope)).toEqual(['store/order/created']);
      const api = storeApi(reopened.url, 'persisted', token);
      const res = await api('GET', '/v3/catalog/products?sku=TEA-ERL-GRY-100G');
      expect(res.status).toBe(200);
      expect(res.body.data[0].inventory_level).toBe(20);
      expect(reopened.createStore({ hash: 'persisted', seed: 'demo' })).toBe(store);
    } finally {
      await reopened.close();
    }
  });
});
