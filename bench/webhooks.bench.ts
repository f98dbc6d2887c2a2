/**
 * 10,000 stock-change webhooks, signed as BigCommerce signs them, sent as fast as the machine allows
 * to the app (web server and workers in this process, emulator beside it). Prints deliveries accepted
 * per second, and the time from the last delivery until the emulator shows each item's final level.
 */
import { randomBytes } from 'node:crypto';
import { deliverInventoryCount, startEmulator } from '../emulator';
import { WEBHOOK_SCOPES } from '../core/platform/bigcommerce/app';
import { startBenchApp } from './app';

const DELIVERIES = Number(process.argv[2] ?? 10_000);
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

  // Each delivery sets one product's count; every level stays above the switch condition, so the
  // level the platform ends with is the last one sent for that product. The flood goes out 64 at a
  // time (so deliveries for one product overtake each other, as BigCommerce's may); each product's
  // final count goes out after the flood, so "the last one sent" is well defined.
  const last = new Map<number, { level: number; at: number }>();
  const plan = Array.from({ length: DELIVERIES }, (_, i) => ({
    product: products[i % products.length]!,
    level: 100 + (i % 300),
  }));
  const finals = plan.splice(plan.length - products.length);
  const started = Date.now();
  await send(plan, CONCURRENCY);
  await send(finals, finals.length);
  async function send(batch: typeof plan, concurrency: number) {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < batch.length) {
          const i = next++;
          const { product, level } = batch[i]!;
          const status = await deliverInventoryCount({
            url: `${appUrl}/webhooks/bigcommerce`,
            clientSecret: secret,
            hookToken,
            hash: HASH,
            productId: product.id,
            value: level,
          });
          if (status !== 200) throw new Error(`delivery ${i}: ${status}`);
          last.set(product.id, { level, at: Date.now() });
        }
      }),
    );
  }
  const sentMs = Date.now() - started;
  const lastDelivery = Date.now();
  const backlog = async () => {
    const q = runtime.queues.queues;
    const waiting = async (
      queue: (typeof q)['ingest'] | (typeof q)['stockRefresh'] | (typeof q)['platformSync'],
    ) =>
      Object.values(await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).reduce(
        (a, b) => a + b,
        0,
      );
    return `ingest ${await waiting(q.ingest)}, stock-refresh ${await waiting(q.stockRefresh)}, platform-sync ${await waiting(q.platformSync)}`;
  };
  const backlogAtLast = await backlog();
  const settledAt = new Map<number, number>();
  const deadline = Date.now() + 300_000;
  while (settledAt.size < last.size && Date.now() < deadline) {
    for (const [id, { level }] of last)
      if (!settledAt.has(id) && store.productById(id)!.inventory_level === level)
        settledAt.set(id, Date.now() - lastDelivery);
    await sleep(10);
  }
  const lags = [...settledAt.values()].sort((a, b) => a - b);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor((p / 100) * lags.length))] ?? NaN;
  console.log(`webhooks: ${DELIVERIES} deliveries for ${products.length} items on ${runtime.database.kind}`);
  console.log(
    `  accepted: ${Math.round((DELIVERIES / sentMs) * 1000)} deliveries/s (${sentMs} ms for all, ${CONCURRENCY} at a time)`,
  );
  console.log(
    `  last delivery → platform shows final level: p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${lags[lags.length - 1]} ms`,
  );
  console.log(`  jobs queued or running at the last delivery: ${backlogAtLast}`);
  console.log(
    `  items at their final level: ${settledAt.size} of ${last.size}${settledAt.size < last.size ? ' (the rest ended on an older count: see README)' : ''}`,
  );
  await app.close();
  await emulator.close();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('bench setup timed out');
    await sleep(20);
  }
}
