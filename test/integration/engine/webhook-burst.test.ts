/**
 * The webhook route takes deliveries a batch at a time (one INSERT, one Redis write a store) and
 * reads the store from a cache of a few seconds. Neither may lose or double anything: a burst with
 * duplicates mixed in is taken once each and every delivery applied; a Redis killed mid-burst gets a
 * 503 for what it could not file, and every delivery answered 200 is still applied once Redis comes
 * back empty; a store uninstalled by another process while this one's cache still held it has its
 * deliveries recorded but never applied.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Webhook } from 'standardwebhooks';
import { loadEnv } from '../../../core/config/env';
import { selectRows } from '../../../core/db/client';
import { findStore, markUninstalled } from '../../../core/db/stores.repo';
import { itemsOfProduct } from '../../../core/db/items.repo';
import type { ProductId } from '../../../core/domain/types';
import { createLogger } from '../../../core/lib/log';
import { startRuntime, type Runtime } from '../../../app/composition';
import { template } from '../../support/admin-client';
import { CLIENT_SECRET, eventually, installApp, startHarness, type Harness } from '../../support/app-harness';
import { ownRedis, type OwnRedis } from '../../support/redis-server';

describe('a burst of webhook deliveries', () => {
  let h: Harness;
  let redis: OwnRedis;
  let worker: Runtime | undefined;

  beforeAll(async () => {
    redis = await ownRedis();
    // Web in the harness; the worker beside it, stopped while a test wants the work left waiting.
    // A sweep every second hands back deliveries still waiting 1.5 s after they came.
    h = await startHarness('postgres', {
      mode: 'web',
      redisUrl: redis.url,
      jobs: { scheduleEveryMs: 1000, schedulerCheckMs: 1000, outboxSweepAfterMs: 1500 },
    });
    h.emulator.setRateLimit(null);
    worker = await startWorker();
  });
  afterAll(async () => {
    await worker?.close();
    await h?.close();
    await redis?.stop();
  });

  const startWorker = () =>
    startRuntime({
      env: loadEnv(h.childEnv),
      config: h.config,
      log: createLogger({ level: 'warn', write: () => undefined }),
      mode: 'worker',
    });

  const signer = new Webhook(Buffer.from(CLIENT_SECRET).toString('base64'));
  /** A delivery as BigCommerce signs it, under the id given. */
  async function deliver(hash: string, hookToken: string, id: string, scope: string, data: object) {
    const body = JSON.stringify({
      scope,
      store_id: '1',
      data,
      hash: randomBytes(20).toString('hex'),
      created_at: Math.floor(Date.now() / 1000),
      producer: `stores/${hash}`,
    });
    const at = new Date();
    const res = await fetch(`${h.appUrl}/webhooks/bigcommerce`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signer.sign(id, at, body),
        'x-backorder-token': hookToken,
      },
      body,
    });
    return { id, status: res.status, duplicate: ((await res.json()) as { duplicate?: boolean }).duplicate };
  }
  /** Someone else moved the product's stock by `delta` (a relative change: every one counts). */
  const change = (productId: number, delta: number) => ({
    type: 'product',
    id: productId,
    inventory: { product_id: productId, method: 'relative', value: delta },
  });

  /** A store with the app installed and `count` products tracked, each at `level`. */
  async function storeWith(hash: string, count: number, level: number) {
    worker ??= await startWorker();
    h.emulator.createStore({ hash, seed: 'demo' });
    const { api, hookToken } = await installApp(h, hash, 15_000);
    expect((await api.post('/api/templates', template())).status).toBe(201);
    const emulated = h.emulator.store(hash)!;
    const products = emulated.products.filter((p) => p.inventory_tracking === 'product').slice(0, count);
    for (const p of products) emulated.setInventory(p.sku, level);
    const ids = products.map((p) => String(p.id));
    expect((await api.post('/api/assignments', { productIds: ids })).status).toBe(201);
    const db = h.runtime.database.db;
    const storeId = (await findStore(db, 'bigcommerce', hash))!.id;
    const stock = async (productId: number) =>
      (await itemsOfProduct(db, storeId, String(productId) as ProductId))[0]?.stock;
    for (const p of products) await eventually(async () => (await stock(p.id)) === level, 15_000, 'assigned');
    return { hookToken, products, storeId, stock };
  }

  /** The store's delivery rows under `prefix`: id → still waiting for its work. */
  async function rows(storeId: number, prefix: string) {
    const found = await selectRows<{ id: string; waiting: boolean }>(
      h.runtime.database.db,
      sql`select delivery_id as id, waiting is not null as waiting from deliveries
          where store_id = ${storeId} and delivery_id like ${`id:${prefix}%`}`,
    );
    return new Map(found.map((r) => [r.id.slice('id:'.length), r.waiting]));
  }

  it('takes each delivery once, duplicates mixed in, and applies every one', async () => {
    const { hookToken, products, storeId, stock } = await storeWith('burst1', 3, 100);
    const sends = products.flatMap((p, i) =>
      Array.from({ length: 20 }, (_, n) => ({ id: `burst-${i}-${n}`, productId: p.id })),
    );
    // Every third delivery comes twice, at the same moment (a platform retry racing the original).
    const all = [...sends, ...sends.filter((_, n) => n % 3 === 0)].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(
      all.map((s) =>
        deliver('burst1', hookToken, s.id, 'store/product/inventory/updated', change(s.productId, -1)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(all.map(() => 200));
    for (const s of sends)
      expect(answers.filter((a) => a.id === s.id).map((a) => a.duplicate)).toContain(false);
    expect(answers.filter((a) => a.duplicate === false)).toHaveLength(sends.length);

    for (const p of products) await eventually(async () => (await stock(p.id)) === 80, 20_000, 'applied');
    const recorded = await eventually(async () => {
      const found = await rows(storeId, 'burst-');
      return [...found.values()].some((waiting) => waiting) ? null : found;
    });
    expect([...recorded.keys()].sort()).toEqual(sends.map((s) => s.id).sort());
  }, 60_000);

  it('answers 503 for what a Redis killed mid-burst could not file, and applies every delivery it answered 200', async () => {
    const { hookToken, products, storeId, stock } = await storeWith('burst2', 1, 200);
    const [product] = products;
    // Nothing applies while the burst goes on: what was answered 200 must wait in PostgreSQL.
    await worker?.close();
    worker = undefined;
    // A count for a product the store does not track has no work: recorded, and done at once.
    const other = h.emulator
      .store('burst2')!
      .products.find((p) => p.inventory_tracking === 'product' && p.id !== product!.id)!;
    expect(
      (
        await deliver(
          'burst2',
          hookToken,
          'untracked-1',
          'store/product/inventory/updated',
          change(other.id, -1),
        )
      ).status,
    ).toBe(200);
    expect([...(await rows(storeId, 'untracked-'))]).toEqual([['untracked-1', false]]);
    const answers: Array<{ id: string; status: number }> = [];
    let killed: Promise<void> | undefined;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < 120) {
          const id = `cut-${next++}`;
          const answer = await deliver('burst2', hookToken, id, 'store/product/inventory/updated', {
            ...change(product!.id, -1),
          });
          answers.push(answer);
          if (answers.length === 40) killed = redis.stop();
        }
      }),
    );
    await killed;
    const ok = answers.filter((a) => a.status === 200).map((a) => a.id);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 503]));
    expect(ok.length).toBeGreaterThanOrEqual(40);
    // Every 200 is a row waiting for its work; no 503 left one (its retry must not be a duplicate).
    expect([...(await rows(storeId, 'cut-')).keys()].sort()).toEqual([...ok].sort());

    // Redis comes back empty (no persistence): the sweep hands the deliveries back from PostgreSQL.
    redis = await ownRedis(redis.port);
    worker = await startWorker();
    await eventually(async () => (await stock(product!.id)) === 200 - ok.length, 30_000, 'every 200 applied');
    await eventually(
      async () => [...(await rows(storeId, 'cut-')).values()].every((waiting) => !waiting),
      10_000,
      'nothing left waiting',
    );
    expect(await stock(product!.id)).toBe(200 - ok.length);
  }, 90_000);

  it("records but never applies deliveries for a store another process uninstalled while this one's cache held it", async () => {
    const { hookToken, products, storeId, stock } = await storeWith('burst3', 1, 50);
    const [product] = products;
    const send = (id: string) =>
      deliver('burst3', hookToken, id, 'store/product/inventory/updated', change(product!.id, -1));
    // The store is in this process's cache now.
    expect((await send('held-1')).status).toBe(200);
    await eventually(async () => (await stock(product!.id)) === 49, 10_000, 'first applied');
    // Another process uninstalls it: this one is not told, and takes its deliveries a while longer.
    await markUninstalled(h.runtime.database.db, storeId);
    expect(await send('held-2')).toMatchObject({ status: 200, duplicate: false });
    const order = await deliver('burst3', hookToken, 'held-3', 'store/order/created', {
      type: 'order',
      id: 4242,
    });
    expect(order).toMatchObject({ status: 200, duplicate: false });
    const deleted = await deliver('burst3', hookToken, 'held-4', 'store/product/deleted', {
      type: 'product',
      id: product!.id,
    });
    expect(deleted).toMatchObject({ status: 200, duplicate: false });
    // Taken (a row each), then dropped when applied: their wait ends, and the item is left as the
    // uninstall left it (its count not taken, still tracked), as if the route had not taken them.
    await eventually(
      async () => {
        const found = await rows(storeId, 'held-');
        return found.size === 4 && [...found.values()].every((waiting) => !waiting);
      },
      15_000,
      'dropped when applied',
    );
    expect(await stock(product!.id)).toBe(49);
    const [item] = await itemsOfProduct(h.runtime.database.db, storeId, String(product!.id) as ProductId);
    expect(item?.tracked).toBe(true);
  }, 60_000);

  it('stops taking a store uninstalled by this process at once', async () => {
    const { hookToken, products, storeId } = await storeWith('burst4', 1, 50);
    const send = (id: string) =>
      deliver('burst4', hookToken, id, 'store/product/inventory/updated', change(products[0]!.id, -1));
    expect((await send('gone-1')).status).toBe(200);
    expect((await h.emulator.uninstall('burst4')).status).toBe(200);
    // Answered 200 (the platform must not retry it), but not even recorded: the store is not served.
    expect((await send('gone-2')).status).toBe(200);
    expect([...(await rows(storeId, 'gone-')).keys()]).toEqual(['gone-1']);
  }, 60_000);
});
