/** Webhook deliveries: verified, deduplicated, enqueued; anything unverifiable gets 401. */
import { Webhook } from 'standardwebhooks';
import { loadEnv } from '../../../core/config/env';
import { findStore } from '../../../core/db/stores.repo';
import { WEBHOOK_TOKEN_HEADER } from '../../../core/platform/bigcommerce/app';
import { secretBox } from '../../../core/security/crypto';
import { receiveWebhook } from '../../../core/use-cases/receive-webhook.use-case';
import { CLIENT_SECRET, eventually, startHarness, type Harness } from '../../support/app-harness';

const HASH = 'hooks1';

describe('BigCommerce webhooks', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness('pglite');
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    expect((await h.emulator.install(HASH)).status).toBe(200);
    const hooks = await eventually(() =>
      h.emulator.store(HASH)!.hooks.length >= 7 ? h.emulator.store(HASH)!.hooks : null,
    );
    token = hooks[0]!.headers!['x-backorder-token']!;
  });
  afterAll(async () => h?.close());

  const signer = new Webhook(Buffer.from(CLIENT_SECRET).toString('base64'));
  const ingestJobs = async () =>
    (await h.runtime.queues.queues.ingest.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']))
      .length;

  function deliver(
    body: object,
    opts: { id?: string; at?: Date; secret?: Webhook; token?: string | null } = {},
  ) {
    const raw = JSON.stringify(body);
    const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
    const at = opts.at ?? new Date();
    return fetch(`${h.appUrl}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': (opts.secret ?? signer).sign(id, at, raw),
        ...(opts.token === null ? {} : { 'x-backorder-token': opts.token ?? token }),
      },
      body: raw,
    });
  }

  const payload = (hash: string, producer = `stores/${HASH}`) => ({
    scope: 'store/order/created',
    store_id: '1',
    data: { type: 'order', id: 250 },
    hash,
    created_at: Math.floor(Date.now() / 1000),
    producer,
  });

  it("accepts the emulator's own signed deliveries and queues them", async () => {
    const before = await ingestJobs();
    const order = await fetch(`${h.emulator.url}/_emulator/stores/${HASH}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        lines: [
          {
            sku: h.emulator.store(HASH)!.products.find((p) => p.inventory_tracking !== 'variant')!.sku,
            quantity: 1,
          },
        ],
        customerEmail: 'c@example.com',
        shippingCountry: 'NL',
      }),
    });
    expect(order.status).toBe(201);
    await eventually(async () => (await ingestJobs()) > before, 10_000, 'ingest job');
    const delivered = h.emulator.deliveries.filter((d) => d.scope === 'store/order/created');
    expect(delivered.map((d) => d.statusCode)).toContain(200);
  });

  it('ignores a delivery it has seen (same webhook-id), and takes a new event with the same payload', async () => {
    const before = await ingestJobs();
    const first = await deliver(payload('h-dup'), { id: 'msg_dup' });
    expect(first.status).toBe(200);
    const sameId = await deliver(payload('h-dup'), { id: 'msg_dup' });
    // BigCommerce's `hash` covers the payload data: two genuine events (a second identical sale,
    // an order updated twice alike) can share it and must both count.
    const sameData = await deliver(payload('h-dup'), { id: 'msg_new' });
    expect([sameId.status, sameData.status]).toEqual([200, 200]);
    expect([((await sameId.json()) as any).duplicate, ((await sameData.json()) as any).duplicate]).toEqual([
      true,
      false,
    ]);
    expect(await ingestJobs()).toBe(before + 2);
  });

  it('takes the retry of a delivery it could not queue (not a duplicate)', async () => {
    // The first attempt: verified and recorded, but the queue refuses it (Redis down): the route answers 503.
    const body = JSON.stringify(payload('h-retry'));
    const at = new Date();
    const id = 'msg_retry';
    const headers = {
      id,
      timestamp: String(Math.floor(at.getTime() / 1000)),
      signature: signer.sign(id, at, body),
      token,
    };
    const env = loadEnv(h.childEnv);
    const failing = {
      db: h.runtime.database.db,
      box: secretBox(env.encryptionKey),
      app: h.runtime.bigcommerce,
      clock: () => new Date(),
      enqueue: async () => {
        throw new Error('queue unreachable');
      },
      fileReport: async () => {
        throw new Error('queue unreachable');
      },
    };
    const request = {
      rawBody: Buffer.from(body),
      header: (name: string) =>
        ({
          'webhook-id': headers.id,
          'webhook-timestamp': headers.timestamp,
          'webhook-signature': headers.signature,
          [WEBHOOK_TOKEN_HEADER]: headers.token,
        })[name],
    };
    await expect(receiveWebhook(failing, request)).rejects.toThrow('queue unreachable');
    // BigCommerce retries the same delivery: it is queued now.
    const before = await ingestJobs();
    const retry = await deliver(JSON.parse(body), { id, at });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as any).duplicate).toBe(false);
    expect(await ingestJobs()).toBe(before + 1);
  });

  it.each([
    ['a negative created_at', { created_at: -5 }, 'created_at'],
    ['an exponent-form created_at', { created_at: 1e21 }, 'created_at'],
    [
      'a created_at of a week ago',
      { created_at: Math.floor(Date.now() / 1000) - 8 * 24 * 3600 },
      'created_at',
    ],
    ['a created_at a day ahead', { created_at: Math.floor(Date.now() / 1000) + 24 * 3600 }, 'created_at'],
    [
      'a count that is not a whole number',
      {
        scope: 'store/product/inventory/updated',
        data: { type: 'product', id: 7, inventory: { product_id: 7, method: 'absolute', value: 2.5 } },
      },
      'inventory.value',
    ],
    [
      'a negative count',
      {
        scope: 'store/product/inventory/updated',
        data: { type: 'product', id: 7, inventory: { product_id: 7, method: 'absolute', value: -3 } },
      },
      'never negative',
    ],
    ['an order without an id', { data: { type: 'order' } }, 'data.id'],
  ])('answers 400 to a signed delivery with %s, touching nothing', async (_name, change, reason) => {
    const before = await ingestJobs();
    const res = await deliver({ ...payload(`h-bad-${_name}`), ...change });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toContain(reason);
    expect(await ingestJobs()).toBe(before);
  });

  it.each([
    [
      'a bad signature',
      () => deliver(payload('h1'), { secret: new Webhook(Buffer.from('wrong').toString('base64')) }),
      'bad webhook signature',
    ],
    [
      'a stale timestamp',
      () => deliver(payload('h2'), { at: new Date(Date.now() - 6 * 60_000) }),
      'stale webhook timestamp',
    ],
    ['an unknown store', () => deliver(payload('h3', 'stores/nosuchstore')), 'unknown store'],
    ['no secret header', () => deliver(payload('h4'), { token: null }), 'bad webhook token header'],
    ['a wrong secret header', () => deliver(payload('h5'), { token: 'guess' }), 'bad webhook token header'],
  ])('answers 401 to %s and queues nothing', async (_name, send, reason) => {
    const before = await ingestJobs();
    const res = await send();
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.message).toBe(reason);
    expect(await ingestJobs()).toBe(before);
  });

  it('uninstalls the store on store/app/uninstalled', async () => {
    const res = await deliver({ ...payload('h-uninstall'), scope: 'store/app/uninstalled', data: {} });
    expect(res.status).toBe(200);
    await eventually(
      async () => {
        return (await findStore(h.runtime.database.db, 'bigcommerce', HASH))?.status === 'uninstalled';
      },
      10_000,
      'uninstalled',
    );
  });
});
