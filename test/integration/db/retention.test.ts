/**
 * Retention on both databases (README, "Retention"): what is older than its window goes, a batch at a
 * time; what is young, and work not done (a delivery still waiting, an effect not sent, an import
 * being read), stays; a second sweep removes nothing more. Then the running app's minute sweep does it.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loadAppConfig } from '../../../core/config/app-config';
import { selectRows } from '../../../core/db/client';
import { recordDelivery } from '../../../core/db/deliveries.repo';
import { listEvents } from '../../../core/db/events.repo';
import { pruneRetained, type Retention } from '../../../core/use-cases/prune-retained.use-case';
import { eventually, startHarness } from '../../support/app-harness';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';
import { makeStore } from '../../support/fixtures';

const DAY = 24 * 3600 * 1000;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY).toISOString();
/** The shipped windows, in batches of 2 rows, 2 batches a sweep (so batching shows). */
const retention: Retention = { ...loadAppConfig().retention, batchRows: 2, batchesPerSweep: 2 };

describe.each(DB_KINDS)('retention on %s', (kind) => {
  let t: TestDatabase;
  let dataDir: string;
  let storeId: number;
  const sweep = () => pruneRetained({ db: t.db, dataDir, retention });

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'backorder-retention-'));
    mkdirSync(path.join(dataDir, 'imports'));
    storeId = (await makeStore(t.db)).id;
  });
  afterAll(async () => {
    await t?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('forgets webhook delivery ids and event keys past the window, never a delivery still waiting', async () => {
    const at = async (key: string, days: number, waiting?: Record<string, unknown>) => {
      await recordDelivery(t.db, storeId, key, 'store/product/inventory/updated', waiting);
      await t.db.execute(
        sql`update deliveries set received_at = ${daysAgo(days)}::timestamptz
            where store_id = ${storeId} and delivery_id = ${key}`,
      );
    };
    await at('id:old-1', 9);
    await at('id:old-2', 8);
    await at('event:count:old-2:1', 8);
    await at('id:young', 6);
    await at('event:count:young:1', 6);
    // Received a month ago and its work still not done: the inbox keeps it until it is.
    await at('id:waiting', 30, { topic: 'store/product/inventory/updated' });

    const first = await sweep();
    expect(first.deliveries).toBe(3);
    expect(await keys()).toEqual(['event:count:young:1', 'id:waiting', 'id:young']);
    // A duplicate of a forgotten delivery counts as new; one of a kept delivery is still dropped.
    expect(await recordDelivery(t.db, storeId, 'id:old-1', 'x')).toBe(true);
    expect(await recordDelivery(t.db, storeId, 'id:young', 'x')).toBe(false);
    expect(await recordDelivery(t.db, storeId, 'id:waiting', 'x')).toBe(false);
    expect((await sweep()).deliveries).toBe(0);
  });

  it('removes activity older than a year, a batch at a time, and keeps the rest of the log', async () => {
    // Logged in time order, as the app logs them.
    for (const [days, type] of [
      [400, 'old-1'],
      [390, 'old-2'],
      [380, 'old-3'],
      [370, 'old-4'],
      [366, 'old-5'],
      [364, 'young-1'],
      [1, 'young-2'],
    ] as const) {
      await t.db.execute(sql`
        insert into events (store_id, type, actor, created_at)
        values (${storeId}, ${type}, '{"kind":"system"}', ${daysAgo(days)}::timestamptz)`);
    }
    const shown = async () => (await listEvents(t.db, storeId, { limit: 50 })).map((e) => e.type);
    // Two batches of two a sweep: the fifth old entry waits for the next minute.
    expect((await sweep()).events).toBe(4);
    expect(await shown()).toEqual(['young-2', 'young-1', 'old-5']);
    expect((await sweep()).events).toBe(1);
    expect(await shown()).toEqual(['young-2', 'young-1']);
    expect((await sweep()).events).toBe(0);
  });

  it('removes outbox effects sent more than a week ago, never one not sent yet', async () => {
    const effect = async (name: string, created: number, sent: number | null) => {
      await t.db.execute(sql`
        insert into outbox (store_id, type, payload, created_at, dispatched_at)
        values (${storeId}, 'notify-owner', ${JSON.stringify({ name })}::jsonb, ${daysAgo(created)}::timestamptz,
                ${sent === null ? null : daysAgo(sent)}::timestamptz)`);
    };
    await effect('sent-old', 10, 9);
    await effect('sent-young', 10, 6);
    await effect('pending-old', 30, null);
    await effect('sent-now', 0, 0);
    expect((await sweep()).outbox).toBe(1);
    const left = await selectRows<{ name: string }>(
      t.db,
      sql`select payload->>'name' as name from outbox where store_id = ${storeId} order by id`,
    );
    expect(left.map((r) => r.name)).toEqual(['sent-young', 'pending-old', 'sent-now']);
    expect((await sweep()).outbox).toBe(0);
  });

  it('removes finished imports after a year (each store keeps its newest applied) and abandoned upload files', async () => {
    const other = (await makeStore(t.db)).id;
    const imported = async (store: number, status: string, days: number) => {
      const id = randomUUID();
      await t.db.execute(sql`
        insert into imports (id, store_id, status, created_at, updated_at)
        values (${id}, ${store}, ${status}, ${daysAgo(days)}::timestamptz, ${daysAgo(days)}::timestamptz)`);
      return id;
    };
    const appliedOld = await imported(storeId, 'applied', 500);
    const appliedNewest = await imported(storeId, 'applied', 400);
    const discarded = await imported(storeId, 'discarded', 400);
    const failed = await imported(storeId, 'failed', 400);
    const parsing = await imported(storeId, 'parsing', 400);
    const young = await imported(storeId, 'discarded', 100);
    const otherApplied = await imported(other, 'applied', 600);

    const file = (name: string, hoursOld: number) => {
      const p = path.join(dataDir, 'imports', name);
      writeFileSync(p, 'sku,stock\n');
      const when = new Date(now.getTime() - hoursOld * 3600 * 1000);
      utimesSync(p, when, when);
      return p;
    };
    const ofParsing = file(`${parsing}.csv`, 48); // its parse still queued: kept however old
    const ofDiscarded = file(`${discarded}.csv`, 48);
    const unrecorded = file(`${randomUUID()}.csv`, 25); // an upload cut off before its import was made
    const uploading = file(`${randomUUID()}.csv`, 1); // an upload still arriving
    const foreign = file('notes.txt', 48);

    const pruned = await sweep();
    expect(pruned.imports).toBe(3);
    const left = await selectRows<{ id: string }>(
      t.db,
      sql`select id from imports where store_id in (${storeId}, ${other})`,
    );
    expect(left.map((r) => r.id).sort()).toEqual([appliedNewest, parsing, young, otherApplied].sort());
    expect(left.map((r) => r.id)).not.toContain(appliedOld);
    expect(left.map((r) => r.id)).not.toContain(failed);

    expect(pruned.uploads).toBe(2);
    expect([ofParsing, ofDiscarded, unrecorded, uploading, foreign].map((p) => existsSync(p))).toEqual([
      true,
      false,
      false,
      true,
      true,
    ]);
    expect(await sweep()).toMatchObject({ imports: 0, uploads: 0 });
  });

  async function keys() {
    const rows = await selectRows<{ key: string }>(
      t.db,
      sql`select delivery_id as key from deliveries where store_id = ${storeId} order by delivery_id`,
    );
    return rows.map((r) => r.key);
  }
});

describe('the minute sweep of the running app', () => {
  it("prunes old activity and leaves the young, by the database's time, not the app's clock", async () => {
    const h = await startHarness('postgres', { jobs: { scheduleEveryMs: 1000 } });
    try {
      const db = h.runtime.database.db;
      const store = await makeStore(db);
      const logged = (days: number, type: string) =>
        db.execute(sql`
          insert into events (store_id, type, actor, created_at)
          values (${store.id}, ${type}, '{"kind":"system"}', ${daysAgo(days)}::timestamptz)`);
      const shown = async () => (await listEvents(db, store.id, { limit: 10 })).map((e) => e.type);
      await logged(400, 'old');
      await logged(2, 'young');
      await eventually(async () => (await shown()).join() === 'young', 15_000, 'the year-old entry pruned');
      // The app's clock moved two years on (as a test of dates does): the rows' own time still rules.
      h.clock.advanceTo(new Date(Date.now() + 730 * DAY));
      await logged(400, 'old-again');
      await eventually(async () => !(await shown()).includes('old-again'), 15_000, 'swept again');
      expect(await shown()).toEqual(['young']);
    } finally {
      await h.close();
    }
  });
});
