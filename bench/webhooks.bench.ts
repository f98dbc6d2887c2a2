/**
 * Webhook ingest against its ceiling, in one run: the same signed `store/product/inventory/updated`
 * deliveries (unique webhook ids), sent by a process of their own over keep-alive connections with 64
 * in flight, to a bare Express answering 200 (the same body parser, nothing else) and to the app's
 * web process, its workers paused (so it has the machine as the bare Express had), in rounds taken
 * in turns.
 * Prints both rates, their ratio and the answers' p50/p99. Nothing may be lost: every delivery must
 * be answered 200, recorded in the database (waiting for its work) and filed in Redis. That the filed
 * work is applied is the tests' to show (`webhook-burst.test.ts`).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import express from 'express';
import { selectRows } from '../core/db/client';
import { findStore } from '../core/db/stores.repo';
import { WEBHOOK_SCOPES } from '../core/platform/bigcommerce/app';
import { startEmulator } from '../emulator';
import { startBenchApp } from './app';
import type { PhaseResult, SenderJob } from './webhook-sender';

const DELIVERIES = 10_000;
const WARM_UP = 1_000;
/** Rounds each server takes in turns. */
const ROUNDS = 5;
const CONCURRENCY = 64;
const HASH = 'bench1';

export async function webhookBench(databaseUrl?: string) {
  const secret = randomBytes(16).toString('hex');
  const emulator = await startEmulator({ clientId: 'bench', clientSecret: secret, rateLimit: null });
  const app = await startBenchApp({ databaseUrl, mode: 'all', emulator: { emulator, clientSecret: secret } });
  const { runtime, appUrl } = app;
  const store = emulator.createStore({ hash: HASH, seed: 'demo' });
  const page = (await emulator.install(HASH)).body;
  const token = /name="backorder-session" content="([^"]+)"/.exec(page)![1]!;
  while (store.hooks.length < WEBHOOK_SCOPES.length) await sleep(20);
  const hookToken = store.hooks[0]!.headers!['x-backorder-token']!;
  const products = store.products.filter((p) => p.inventory_tracking === 'product');
  for (const p of products) store.setInventory(p.sku, 500);
  const assign = await fetch(`${appUrl}/api/assignments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ productIds: products.map((p) => String(p.id)) }),
  });
  if (assign.status !== 201) throw new Error(`assign failed: ${assign.status}`);
  await until(() => products.every((p) => store.productById(p.id)!.inventory_level === 500));

  // Each delivery sets one product's count (deliveries for one product overtake each other, as
  // BigCommerce's may), under an id of this run's own: a database kept from an earlier run has
  // recorded that run's. Both servers get the same deliveries, in rounds taken in turns (bare, app,
  // bare, app, …): the machine is shared, and a load that comes and goes then weighs on both alike.
  const run = `bench-${randomBytes(4).toString('hex')}-`;
  const plan = Array.from({ length: WARM_UP + DELIVERIES }, (_, i) => ({
    id: `${run}${i}`,
    productId: products[i % products.length]!.id,
    level: 100 + (i % 300),
  }));
  const bare = await bareExpress();
  const url = { bare: `${bare.url}/webhooks/bigcommerce`, app: `${appUrl}/webhooks/bigcommerce` };
  const round = DELIVERIES / ROUNDS;
  const phases: SenderJob['phases'] = (['bare', 'app'] as const).map((target) => ({
    name: `${target} warm-up`,
    url: url[target],
    concurrency: CONCURRENCY,
    sends: plan.slice(0, WARM_UP),
  }));
  for (let r = 0; r < ROUNDS; r++)
    for (const target of ['bare', 'app'] as const)
      phases.push({
        name: target,
        url: url[target],
        concurrency: CONCURRENCY,
        sends: plan.slice(WARM_UP + r * round, WARM_UP + (r + 1) * round),
      });

  // The workers wait while the deliveries come: the web process alone takes them.
  await Promise.all(runtime.workers!.workers.map((w) => w.pause()));
  const results = await send({ clientSecret: secret, hookToken, hash: HASH, phases });
  await bare.close();
  const db = runtime.database.db;
  const storeId = (await findStore(db, 'bigcommerce', HASH))!.id;
  const [rows] = await selectRows<{ recorded: number; waiting: number }>(
    db,
    sql`select count(*)::int as recorded, count(waiting)::int as waiting from deliveries
        where store_id = ${storeId} and delivery_id like ${`id:${run}%`}`,
  );
  const reports = `${app.env.queuePrefix}:stock-reports:${storeId}`;
  const filed = await runtime.queues.connection.hlen(reports);

  const of = (target: string) => results.filter((r) => r.name === target);
  const rate = (rs: PhaseResult[]) =>
    Math.round((1000 * rs.reduce((n, r) => n + r.count, 0)) / rs.reduce((ms, r) => ms + r.ms, 0));
  const answers = (rs: PhaseResult[]) => {
    const all = rs.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const pct = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))]!.toFixed(1);
    return `p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`;
  };
  const rounds = of('app').map((r, i) => rate([r]) / rate([of('bare')[i]!]));
  const ok = results.filter((r) => r.url === url.app).reduce((n, r) => n + (r.statuses['200'] ?? 0), 0);
  const sent = plan.length;
  const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
  console.log(
    `webhooks: ${DELIVERIES} signed deliveries to each server (after ${WARM_UP} to warm up, in ${ROUNDS} rounds taken in turns) for ${products.length} items on ${runtime.database.kind}, ${CONCURRENCY} in flight from a sender process (keep-alive)`,
  );
  console.log(`  bare Express, answering 200:  ${rate(of('bare'))} deliveries/s, ${answers(of('bare'))}`);
  console.log(`  the app's webhook route:      ${rate(of('app'))} deliveries/s, ${answers(of('app'))}`);
  console.log(
    `  ratio: ${percent(rate(of('app')) / rate(of('bare')))} of bare Express (target ≥ 40 %); rounds ${percent(Math.min(...rounds))} to ${percent(Math.max(...rounds))}`,
  );
  console.log(
    `  answered 200: ${ok} of ${sent}; recorded in ${runtime.database.kind}: ${rows!.recorded}, waiting for their work: ${rows!.waiting}; stock reports filed in Redis: ${filed}`,
  );
  // The work is left undone: the workers apply these counts far slower than they come (a
  // transaction each: minutes for all of them; README, Benchmarks). Removed, so a later run's
  // sweep does not hand them back while it measures.
  await runtime.queues.connection.del(reports, `${reports}:in-flight`);
  await db.execute(
    sql`delete from deliveries where store_id = ${storeId} and delivery_id like ${`id:${run}%`}`,
  );
  await app.close();
  await emulator.close();
  if (ok < sent || rows!.recorded < sent || rows!.waiting < sent || filed < sent)
    throw new Error('webhook bench: a delivery was refused, or not recorded and filed');
}

/** Runs the sender in a process of its own and reads its answer. */
function send(job: SenderJob): Promise<PhaseResult[]> {
  const child = spawn(process.execPath, [path.join(__dirname, 'webhook-sender.js')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stdin.end(JSON.stringify(job));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as PhaseResult[]) : reject(new Error(`sender exited ${code}`)),
    );
  });
}

/** The ceiling: Express with the route's body parser, answering 200 as the route does. */
async function bareExpress(): Promise<{ url: string; close: () => Promise<void> }> {
  const bare = express();
  bare.post('/webhooks/bigcommerce', express.raw({ type: () => true, limit: '1mb' }), (_req, res) => {
    res.status(200).json({ ok: true, duplicate: false });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = bare.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('bench setup timed out');
    await sleep(20);
  }
}
