/**
 * Webhook deliveries: authenticated before they are read, deduplicated, enqueued; anything
 * unauthenticated gets one and the same 401.
 */
import { eq, sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { loadEnv } from '../../../core/config/env';
import type { Db } from '../../../core/db/client';
import { stores } from '../../../core/db/schema';
import { storeCache } from '../../../core/db/store-cache';
import { findStore } from '../../../core/db/stores.repo';
import { WEBHOOK_TOKEN_HEADER } from '../../../core/platform/bigcommerce/app';
import { secretBox } from '../../../core/security/crypto';
import { hookTokens } from '../../../core/security/hook-token';
import { receiveWebhook, type ReceiveDeps } from '../../../core/use-cases/receive-webhook.use-case';
import { takeDeliveries } from '../../../core/use-cases/webhook-inbox.use-case';
import { CLIENT_SECRET, eventually, installApp, startHarness, type Harness } from '../../support/app-harness';

const HASH = 'hooks1';
const NOT_AUTHENTICATED = { error: { code: 'webhook_rejected', message: 'Webhook not authenticated.' } };

describe('BigCommerce webhooks', () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    // The minute sweep only when a test asks for it (it registers hooks again, see the last test).
    h = await startHarness('pglite', { jobs: { scheduleEveryMs: 3_600_000 } });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    ({ hookToken: token } = await installApp(h, HASH));
  });
  afterAll(async () => h?.close());

  const signer = new Webhook(Buffer.from(CLIENT_SECRET).toString('base64'));
  const ingestJobs = async () =>
    (await h.runtime.queues.queues.ingest.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']))
      .length;

  function deliver(
    body: object | string,
    opts: { id?: string; at?: Date; secret?: Webhook | null; token?: string | null } = {},
  ) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const id = opts.id ?? `msg_${Math.random().toString(36).slice(2)}`;
    const at = opts.at ?? new Date();
    return fetch(`${h.appUrl}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(opts.secret === null
          ? {}
          : {
              'webhook-id': id,
              'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
              'webhook-signature': (opts.secret ?? signer).sign(id, at, raw),
            }),
        ...(opts.token === null ? {} : { 'x-backorder-token': opts.token ?? token }),
      },
      body: raw,
    });
  }
  const tokens = () => hookTokens(loadEnv(h.childEnv).encryptionKey);
  const wrongSecret = new Webhook(Buffer.from('wrong').toString('base64'));

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
    // The emulator records a delivery once the app's answer is in, just after the job is queued.
    const delivered = await eventually(
      () => h.emulator.deliveries.find((d) => d.scope === 'store/order/created'),
      10_000,
      'delivery record',
    );
    expect(delivered.statusCode).toBe(200);
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
    const db = h.runtime.database.db;
    const unreachable = async () => {
      throw new Error('queue unreachable');
    };
    const failing: ReceiveDeps = {
      db,
      box: secretBox(env.encryptionKey),
      hookTokens: hookTokens(env.encryptionKey),
      app: h.runtime.bigcommerce,
      clock: () => new Date(),
      stores: storeCache(db, 5000),
      take: async (arrival) =>
        (await takeDeliveries({ db, fileReports: unreachable, enqueue: unreachable }, [arrival]))[0]!,
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
    ['a bad signature', () => deliver(payload('h1'), { secret: wrongSecret })],
    ['no signature', () => deliver(payload('h1b'), { secret: null })],
    ['no signature and a body that is not JSON', () => deliver('{not json', { secret: null })],
    ['a stale timestamp', () => deliver(payload('h2'), { at: new Date(Date.now() - 6 * 60_000) })],
    ['no secret header', () => deliver(payload('h4'), { token: null })],
    ['a wrong secret header', () => deliver(payload('h5'), { token: 'guess' })],
    ['a forged derived header', () => deliver(payload('h6'), { token: `v1.${HASH}.${'A'.repeat(43)}` })],
    [
      "another store's header",
      () => deliver(payload('h7'), { token: tokens().issue('bigcommerce', 'otherstore') }),
    ],
  ])('answers %s with the one 401 and queues nothing', async (_name, send) => {
    const before = await ingestJobs();
    const res = await send();
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(NOT_AUTHENTICATED);
    expect(await ingestJobs()).toBe(before);
  });

  it('answers an installed store and a store without the app alike when the delivery is not authentic', async () => {
    const answers = [];
    for (const producer of [`stores/${HASH}`, 'stores/nosuchstore'])
      for (const opts of [{ secret: wrongSecret }, { secret: null }, { token: 'guess' }]) {
        const res = await deliver(payload(`h-same-${answers.length}`, producer), opts);
        answers.push(`${res.status} ${await res.text()}`);
      }
    expect(new Set(answers)).toEqual(new Set([`401 ${JSON.stringify(NOT_AUTHENTICATED)}`]));
  });

  it('authenticates before reading the body or asking the database', async () => {
    // A database that fails any query: an unauthenticated delivery must be refused without one.
    const noDb = new Proxy({} as Db, {
      get: () => {
        throw new Error('the database was asked');
      },
    });
    const deps: ReceiveDeps = {
      db: noDb,
      box: secretBox(loadEnv(h.childEnv).encryptionKey),
      hookTokens: tokens(),
      app: h.runtime.bigcommerce,
      clock: () => new Date(),
      stores: storeCache(noDb, 5000),
      take: async () => 'accepted',
    };
    const request = (body: string, headers: Record<string, string | undefined>) => ({
      rawBody: Buffer.from(body),
      header: (name: string) => headers[name],
    });
    const at = new Date();
    const signed = (body: string, secret = signer) => ({
      'webhook-id': 'msg_x',
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': secret.sign('msg_x', at, body),
    });
    const good = JSON.stringify(payload('h-nodb'));
    const cases = [
      request('{not json', {}),
      request(good, { [WEBHOOK_TOKEN_HEADER]: token }),
      request(good, { ...signed(good, wrongSecret), [WEBHOOK_TOKEN_HEADER]: token }),
      request(good, { ...signed(good) }),
      request(good, { ...signed(good), [WEBHOOK_TOKEN_HEADER]: 'v1.hooks1.forged' }),
      request(good, { ...signed(good), [WEBHOOK_TOKEN_HEADER]: tokens().issue('bigcommerce', 'other') }),
    ];
    for (const r of cases)
      expect(await receiveWebhook(deps, r)).toMatchObject({ kind: 'rejected', status: 401 });
  });

  it('answers store/app/uninstalled with 200 after the uninstall callback has removed the store', async () => {
    // BigCommerce calls the uninstall callback, then fires the webhook: the store is gone by then.
    expect((await h.emulator.uninstall(HASH)).status).toBe(200);
    const delivery = await eventually(
      () => h.emulator.deliveries.find((d) => d.scope === 'store/app/uninstalled' && d.storeHash === HASH),
      10_000,
      'uninstalled delivery',
    );
    expect(delivery.statusCode).toBe(200);
    expect((await findStore(h.runtime.database.db, 'bigcommerce', HASH))?.status).toBe('uninstalled');
  });

  it('uninstalls the store on store/app/uninstalled when it comes first', async () => {
    const hash = 'hooks2';
    h.emulator.createStore({ hash, seed: 'demo' });
    const { hookToken } = await installApp(h, hash);
    const res = await deliver(
      { ...payload('h-uninstall', `stores/${hash}`), scope: 'store/app/uninstalled', data: {} },
      { token: hookToken },
    );
    expect(res.status).toBe(200);
    await eventually(
      async () => (await findStore(h.runtime.database.db, 'bigcommerce', hash))?.status === 'uninstalled',
      10_000,
      'uninstalled',
    );
  });

  it('takes the stored header of hooks registered before headers were derived, until the sweep registers them again', async () => {
    const hash = 'hooks3';
    h.emulator.createStore({ hash, seed: 'demo' });
    const { hookToken } = await installApp(h, hash);
    expect(tokens().check('bigcommerce', hookToken)).toBe(hash);
    // The store as an earlier version left it: a random token, sealed in its row and on its hooks.
    const legacy = 'Zq3W1x-legacy-token-of-the-first-version';
    const db = h.runtime.database.db;
    await db
      .update(stores)
      .set({ webhookTokenEnc: secretBox(loadEnv(h.childEnv).encryptionKey).encrypt(legacy) })
      .where(eq(stores.platformId, hash));
    for (const hook of h.emulator.store(hash)!.hooks) hook.headers = { [WEBHOOK_TOKEN_HEADER]: legacy };
    const order = (id: number) => ({
      ...payload(`h-legacy-${id}`, `stores/${hash}`),
      data: { type: 'order', id },
    });

    expect((await deliver(order(301), { token: legacy })).status).toBe(200);
    expect((await deliver(order(302), { token: 'another-random-token' })).status).toBe(401);

    await h.runtime.queues.queues.schedule.add('sweep', {}, { jobId: 'sweep-rehook' });
    await eventually(
      async () => {
        const row = await findStore(db, 'bigcommerce', hash);
        return row?.webhookTokenEnc === null;
      },
      15_000,
      'stored token dropped',
    );
    const headers = h.emulator.store(hash)!.hooks.map((x) => x.headers?.[WEBHOOK_TOKEN_HEADER]);
    expect(new Set(headers)).toEqual(new Set([tokens().issue('bigcommerce', hash)]));
    expect((await deliver(order(303), { token: legacy })).status).toBe(401);
    expect((await deliver(order(304), { token: headers[0]! })).status).toBe(200);
    const rows = await db.execute(
      sql`select count(*)::int as n from stores where webhook_token_enc is not null`,
    );
    expect((rows as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(0);
  });
});
