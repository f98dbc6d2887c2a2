/**
 * GET /api/items at 100,000 items in one store (and 100,000 in a neighbour, so scoping is exercised):
 * the Products page's queries through the real HTTP route, session check included. Prints the median
 * and worst of repeated calls per query shape, then the search figures (`search.bench.ts`). On
 * PostgreSQL the data goes to a database of its own, dropped afterwards.
 */
import { createScratchDatabase } from '../core/db/scratch';
import { issueSession } from '../server/session';
import { startBenchApp } from './app';
import { seedItemStores } from './items-seed';
import { measureSearch, searchQueries } from './search.bench';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const RUNS = 15;

export async function itemsBench(databaseUrl?: string, options: { searchOnly?: boolean } = {}) {
  const scratch = databaseUrl ? await createScratchDatabase(databaseUrl, 'backorder_bench') : undefined;
  const app = await startBenchApp({ databaseUrl: scratch?.url, mode: 'web' });
  try {
    const { env, runtime } = app;
    const db = runtime.database.db;
    const { mine, seedMs } = await seedItemStores(db, ITEMS);
    const { token } = issueSession(
      { storeId: mine.id, userId: '1', email: 'owner@bench.test' },
      env.sessionSecret,
      { ttlSeconds: 3600, maxAgeSeconds: 3600 },
      new Date(),
    );
    const base = `http://127.0.0.1:${runtime.port}`;
    console.log(
      `items: GET /api/items with ${ITEMS.toLocaleString('en')} items in the store (+${ITEMS.toLocaleString('en')} in another) on ${runtime.database.kind}; seeded in ${seedMs} ms`,
    );
    if (!options.searchOnly) await listShapes(base, token);
    await measureSearch(
      base,
      token,
      await searchQueries(db, mine.id),
      (await searchQueries(db, mine.id, 2)).slice(0, 20),
    );
  } finally {
    await app.close();
    await scratch?.drop();
  }
}

async function listShapes(base: string, token: string) {
  const shapes: Array<[string, string]> = [
    ['first page, by name', '/api/items?limit=50'],
    ['middle page, by name', `/api/items?limit=50&page=${Math.ceil(ITEMS / 100)}`],
    ['last page, by name', `/api/items?limit=50&page=${Math.ceil(ITEMS / 50)}`],
    ['status = backorder', '/api/items?status=backorder&limit=50'],
    ['by stock, descending', '/api/items?sort=stock&direction=desc&limit=50'],
  ];
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
}
