/**
 * GET /api/items at 100,000 items in one store (and 100,000 in a neighbour, so scoping is exercised):
 * the Products page's queries through the real HTTP route, session check included. Prints the median
 * and worst of repeated calls per query shape.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startBenchApp } from './app';
import { upsertInstalledStore } from '../core/db/stores.repo';
import { issueSession } from '../server/session';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const RUNS = 15;

export async function itemsBench(databaseUrl?: string) {
  const app = await startBenchApp({ databaseUrl, mode: 'web' });
  const { env, runtime } = app;
  const db = runtime.database.db;
  const store = async (hash: string) =>
    upsertInstalledStore(db, {
      platform: 'bigcommerce',
      platformId: hash,
      accessTokenEnc: 'x',
      scopes: '',
      owner: { id: '1', email: 'owner@bench.test' },
      user: { id: '1', email: 'owner@bench.test' },
      defaults: { switchCondition: 0, notifyOwner: false, autoAssignNewProducts: false, timeZone: 'UTC' },
    });
  const mine = await store(`items${randomBytes(3).toString('hex')}`);
  const neighbour = await store(`items${randomBytes(3).toString('hex')}`);
  const seedStarted = Date.now();
  for (const s of [mine, neighbour]) {
    await db.execute(sql`
      insert into items (store_id, product_id, variant_id, track_by, sku, name, stock, threshold, status, enabled)
      select ${s.id}, (g / 3)::text, g::text, 'variant', 'SKU-' || lpad(g::text, 7, '0'),
             (array['Mug','Tee','Cap','Bag','Pen'])[1 + g % 5] || ' ' || g, (g * 7919) % 200 - 20, 10,
             case when (g * 7919) % 200 - 20 > 0 then 'in_stock' when g % 4 = 0 then 'unavailable' else 'backorder' end,
             (g * 7919) % 200 - 20 <= 0
      from generate_series(1, ${ITEMS}) g`);
  }
  // As autovacuum leaves a table in steady state (visibility map set, statistics fresh).
  await db.execute(sql`vacuum analyze items`);
  const seedMs = Date.now() - seedStarted;

  const { token } = issueSession(
    { storeId: mine.id, userId: '1', email: 'owner@bench.test' },
    env.sessionSecret,
    { ttlSeconds: 3600, maxAgeSeconds: 3600 },
    new Date(),
  );
  const base = `http://127.0.0.1:${runtime.port}`;
  const shapes: Array<[string, string]> = [
    ['first page, by name', '/api/items?limit=50'],
    ['middle page, by name', `/api/items?limit=50&page=${Math.ceil(ITEMS / 100)}`],
    ['last page, by name', `/api/items?limit=50&page=${Math.ceil(ITEMS / 50)}`],
    ['status = backorder', '/api/items?status=backorder&limit=50'],
    ['search "SKU-00042"', '/api/items?q=SKU-00042&limit=50'],
    ['search "mug 77"', '/api/items?q=mug%2077&limit=50'],
    ['by stock, descending', '/api/items?sort=stock&direction=desc&limit=50'],
  ];
  console.log(
    `items: GET /api/items with ${ITEMS.toLocaleString('en')} items in the store (+${ITEMS.toLocaleString('en')} in another) on ${runtime.database.kind}; seeded in ${seedMs} ms`,
  );
  for (const [label, url] of shapes) {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const res = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { total: number };
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      total = body.total;
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${label.padEnd(28)} median ${times[Math.floor(RUNS / 2)]!.toFixed(1)} ms, worst ${times[RUNS - 1]!.toFixed(1)} ms (${total} matching)`,
    );
  }
  await app.close();
}
