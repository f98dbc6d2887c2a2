/**
 * A worker process killed with SIGKILL in the middle of a batch, then restarted, converges to the
 * right platform state and sends every owner email. Exactly once except in one window: a notice
 * whose SMTP "250 OK" came back just before the kill, but was not yet marked sent, goes out again
 * (at least once; never two workers at the same time). At most one per notify slot (4) can be caught
 * that way, and the test counts them.
 */
import { sql } from 'drizzle-orm';
import { template } from '../../support/admin-client';
import { eventually, type Harness, installApp, startHarness } from '../../support/app-harness';
import { runApp, type Started } from '../../support/processes';

const HASH = 'crash1';
const ITEMS = 30;

describe('a worker killed mid-batch', () => {
  let h: Harness;
  let worker: Started | undefined;

  beforeAll(async () => {
    // Web in this process; the workers in a child process we can kill. Short locks so a killed
    // worker's jobs come back in seconds, not the production 30 s.
    h = await startHarness('postgres', {
      mode: 'web',
      jobs: {
        lockDurationMs: 2000,
        stalledIntervalMs: 1000,
        notifyLeaseMs: 3000,
        outboxSweepAfterMs: 2000,
        scheduleEveryMs: 1000,
      },
    });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    // The rate limiter has its own tests; here it would only stretch the run.
    h.emulator.setRateLimit(null);
  });
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await h?.close();
  });

  const startWorker = () => runApp(['worker'], { PATH: process.env.PATH ?? '', ...h.childEnv });
  const setLevel = (sku: string, level: number) =>
    fetch(`${h.emulator.url}/_emulator/stores/${HASH}/inventory`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku, level }),
    });
  const level = (id: number) => h.emulator.store(HASH)!.productById(id)!.inventory_level;

  it('converges, and mails every notice (a resend only for one caught mid-send)', async () => {
    worker = startWorker();
    const { api } = await installApp(h, HASH, 15_000);
    await api.put('/api/settings', { ownerEmail: 'owner@crash.test' });
    await api.post(
      '/api/templates',
      template({ stock: { threshold: 4, incomingStock: 0, backInStockDate: 'none' } }),
    );
    const products = h.emulator
      .store(HASH)!
      .products.filter((p) => p.inventory_tracking === 'product')
      .slice(0, ITEMS);
    for (const p of products) expect((await setLevel(p.sku, 1)).status).toBe(200);
    expect(
      (await api.post('/api/assignments', { productIds: products.map((p) => String(p.id)) })).status,
    ).toBe(201);
    await eventually(() => products.every((p) => level(p.id) === 1), 20_000, 'assigned and published');

    // Every product drops to zero at once: 30 enable emails and 30 platform writes to make.
    for (const p of products) await setLevel(p.sku, 0);
    await eventually(() => h.mail.messages.length >= 3, 20_000, 'the first emails');
    worker.child.kill('SIGKILL');
    await worker.exited;
    const sentBeforeKill = h.mail.messages.length;

    worker = startWorker();
    // Backorder room of 4 published for every product, and every notice sent.
    await eventually(() => products.every((p) => level(p.id) === 4), 30_000, 'platform converged');
    await h.mail.waitFor(ITEMS, 30_000);
    await eventually(
      async () =>
        rowsOf(
          await h.runtime.database.db.execute(
            sql`select count(*)::int as n from outbox where dispatched_at is null`,
          ),
        )[0]?.n === 0,
      30_000,
      'outbox drained',
    );
    // Give a duplicate the time it would need to show up (stalled jobs retried, outbox sweep).
    await new Promise((r) => setTimeout(r, 3000));

    const subjects = h.mail.messages.map((m) => m.subject);
    const duplicates = subjects.length - new Set(subjects).size;
    console.log(
      `crash: ${sentBeforeKill} emails before the kill, ${subjects.length} in all, ${duplicates} resent`,
    );
    expect(sentBeforeKill).toBeLessThan(ITEMS);
    expect(new Set(subjects).size).toBe(ITEMS);
    expect(duplicates).toBeLessThanOrEqual(4);
    const items = (await api.get('/api/items?limit=100')).body.items;
    expect(items.filter((i: { status: string }) => i.status === 'backorder')).toHaveLength(ITEMS);
  });
});

function rowsOf(result: unknown): Array<Record<string, any>> {
  return (result as { rows: Array<Record<string, any>> }).rows;
}
