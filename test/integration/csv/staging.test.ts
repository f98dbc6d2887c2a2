/**
 * The import's staging on both databases, through the use cases the import job runs: COPY into a
 * table per import (on PGlite in slices of a few MB), the preview's counts and first changes, the
 * repeat check far into a file, confirming, a catalog that changed in between, a discard during the
 * parse, and the sweep of staging tables no import needs.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { selectRows } from '../../../core/db/client';
import { createImport, discardImport, getImport } from '../../../core/db/imports.repo';
import { dropOrphanedStaging, stagingTableOf } from '../../../core/db/import-staging.repo';
import { IMPORT_LIMITS, uploadPath } from '../../../core/csv/limits';
import { createLogger } from '../../../core/lib/log';
import { lockClaimed } from '../../../core/db/import-claims.repo';
import {
  applyClaimedImport,
  claimImport,
  confirmImport,
  giveBackAbandonedApplies,
} from '../../../core/use-cases/confirm-import.use-case';
import { importProcessor } from '../../../jobs/import.worker';
import type { StoreDrain } from '../../../jobs/store-drain';
import { stageImport } from '../../../core/use-cases/stage-import.use-case';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';

const ITEMS = 80_000; // about 4.5 MB of COPY text: more than one PGlite slice

describe.each(DB_KINDS)('import staging on %s', (kind) => {
  let database: TestDatabase;
  let dataDir: string;
  let storeId: number;
  const db = () => database.db;
  const deps = () => ({ db: db(), dataDir });
  const applyDeps = () => ({
    db: db(),
    relay: { notify: async () => undefined, sync: async () => undefined },
    clock: () => new Date(),
  });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'backorder-staging-'));
    mkdirSync(path.join(dataDir, 'imports'));
    const [store] = await selectRows<{ id: number }>(
      db(),
      sql`insert into stores (platform, platform_id, name) values ('bigcommerce', 'staging', 'S') returning id`,
    );
    storeId = Number(store!.id);
    await db().execute(sql`insert into store_settings (store_id, switch_condition) values (${storeId}, 0)`);
    await db().execute(sql`
      insert into items (store_id, product_id, variant_id, track_by, sku, name, stock, threshold, status,
                         tracked, published_version)
      select ${storeId}, g::text, g::text, 'product', 'S-' || g, 'Item ' || g, 100, 10, 'in_stock', true, 1
      from generate_series(1, ${ITEMS}) g`);
  }, 60_000);
  afterAll(async () => {
    await database?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Uploads `lines` (header first) as a new import and parses it. */
  async function stage(
    lines: string[],
    onProgress?: (id: string) => Promise<void>,
    limits?: Partial<typeof IMPORT_LIMITS>,
  ) {
    const id = randomUUID();
    writeFileSync(uploadPath(dataDir, id), lines.join('\n'));
    await createImport(db(), { id, storeId, fileName: 'stock.csv' });
    const outcome = await stageImport({ ...deps(), limits }, storeId, id, async () => onProgress?.(id));
    return { id, outcome, imp: (await getImport(db(), storeId, id))! };
  }
  const tableExists = async (id: string) => {
    const [row] = await selectRows<{ t: string | null }>(
      db(),
      sql`select to_regclass(${stagingTableOf(id).replace(/"/g, '')})::text as t`,
    );
    return row!.t !== null;
  };
  const stockOf = async (sku: string) => {
    const [row] = await selectRows<{ stock: number }>(
      db(),
      sql`select stock from items where store_id = ${storeId} and sku = ${sku}`,
    );
    return row!.stock;
  };
  const everyItem = (stock: (g: number) => number) => [
    'sku,stock',
    ...Array.from({ length: ITEMS }, (_, i) => `S-${i + 1},${stock(i + 1)}`),
  ];

  it('previews a file of 80,000 rows: counts, the first changes in row order, a repeat far into the file', async () => {
    const lines = everyItem((g) => (g % 4 === 0 ? 100 : 50)); // one row in four unchanged
    lines.push('S-5,7'); // row 80,002 names the SKU of row 6 again
    const { outcome, imp } = await stage(lines);
    expect(outcome).toBe('preview');
    expect(imp).toMatchObject({
      status: 'preview',
      totalRows: ITEMS + 1,
      // The repeat (row 80,002) is an error row, not a change.
      changedRows: ITEMS - ITEMS / 4,
      unchangedRows: ITEMS / 4,
      errorCount: 1,
    });
    expect(imp.errors).toEqual([
      {
        row: ITEMS + 2,
        column: 'sku',
        value: 'S-5',
        reason: 'appears more than once in the file (first on row 6); keep one row per SKU',
      },
    ]);
    expect(imp.changes.slice(0, 3)).toEqual([
      expect.objectContaining({
        row: 2,
        sku: 'S-1',
        name: 'Item 1',
        before: expect.objectContaining({ stock: 100 }),
      }),
      expect.objectContaining({ row: 3, sku: 'S-2', after: expect.objectContaining({ stock: 50 }) }),
      expect.objectContaining({ row: 4, sku: 'S-3' }),
    ]);
    expect(imp.changes).toHaveLength(100);
  }, 60_000);

  it('confirms a clean file of 80,000 rows: every item changed, progress chunk by chunk, the staging table dropped', async () => {
    const { id, imp } = await stage(everyItem((g) => g % 90));
    expect(imp).toMatchObject({ status: 'preview', changedRows: ITEMS, errorCount: 0 });
    expect(await tableExists(id)).toBe(true);
    const progress: number[] = [];
    const counts = await confirmImport(applyDeps(), storeId, id, async (p) => progress.push(p));
    expect(counts).toMatchObject({ changed: ITEMS, unchanged: 0 });
    // One report a chunk of items written, 99 at most until the transaction commits, then 100.
    const chunks = ITEMS / IMPORT_LIMITS.batchRows;
    expect(progress).toEqual([
      ...Array.from({ length: chunks - 1 }, (_, k) => Math.floor(((k + 1) * 100) / chunks)),
      99,
      100,
    ]);
    expect([await stockOf('S-1'), await stockOf('S-89'), await stockOf('S-90')]).toEqual([1, 89, 0]);
    expect(await tableExists(id)).toBe(false);
    expect((await getImport(db(), storeId, id))!.status).toBe('applied');
  }, 120_000);

  it('gives an apply that failed for good back to its preview, saying so until confirmed again', async () => {
    const { id } = await stage(['sku,stock', 'S-60,6']);
    const before = await stockOf('S-60');
    const claimedAt = await claimImport(db(), storeId, id);
    const lines: string[] = [];
    const apply = importProcessor({
      ...deps(),
      ...applyDeps(),
      // Fails inside the apply's transaction, as a bug or a lost connection would.
      clock: () => {
        throw new Error('clock stopped');
      },
      log: createLogger({ level: 'error', write: (line) => lines.push(line) }),
      // An apply takes no store lock; only parses do.
      parses: {} as StoreDrain,
    });
    const jobOf = (claim: Date) =>
      ({
        data: { storeId, importId: id, step: 'apply', claimedAt: claim.getTime() },
        attemptsMade: 0,
        opts: { attempts: 1 },
      }) as unknown as Parameters<typeof apply>[0];
    // A job of an earlier claim (gone stale, claimed again since) fails without giving this one back.
    await expect(apply(jobOf(new Date(claimedAt.getTime() - 60_000)))).rejects.toThrow('clock stopped');
    expect((await getImport(db(), storeId, id))!.status).toBe('applying');
    await expect(apply(jobOf(claimedAt))).rejects.toThrow('clock stopped');
    expect(await stockOf('S-60')).toBe(before);
    expect(lines.join('')).toContain('import could not be applied; back to its preview');
    expect(await getImport(db(), storeId, id)).toMatchObject({
      status: 'preview',
      failure: { code: 'apply_failed', message: expect.stringContaining('nothing was changed') },
    });
    // Confirmed again, it applies and the failure is gone.
    expect(await confirmImport(applyDeps(), storeId, id)).toMatchObject({ changed: 1 });
    expect(await getImport(db(), storeId, id)).toMatchObject({ status: 'applied', failure: null });
    expect(await stockOf('S-60')).toBe(6);
  });

  it('gives back an apply abandoned by a process that died, but not one still running', async () => {
    const { id } = await stage(['sku,stock', 'S-61,6']);
    await claimImport(db(), storeId, id);
    const age = sql`update imports set updated_at = now() - interval '20 minutes' where id = ${id}`;
    await db().execute(age);
    if (kind === 'postgres') {
      // A live apply holds its import's row: the sweep passes it by rather than wait for it.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const live = db().transaction(async (tx) => {
        await lockClaimed(tx, id);
        locked();
        await held;
      });
      await lockTaken;
      expect(await giveBackAbandonedApplies(db())).toEqual([]);
      release();
      await live;
    }
    expect(await giveBackAbandonedApplies(db())).toEqual([id]);
    expect(await getImport(db(), storeId, id)).toMatchObject({
      status: 'preview',
      failure: { code: 'apply_failed' },
    });
    // A fresh claim is nobody's to give back.
    await claimImport(db(), storeId, id);
    expect(await giveBackAbandonedApplies(db())).toEqual([]);
    expect(await applyClaimedImport(applyDeps(), storeId, id)).toMatchObject({ changed: 1 });
  });

  it('refuses a confirm when the catalog changed since the preview, applying nothing', async () => {
    const { id } = await stage(['sku,stock', 'S-10,3', 'S-11,4', 'S-12,5']);
    await db().execute(sql`update items set tracked = false where store_id = ${storeId} and sku = 'S-11'`);
    const before = await stockOf('S-10');
    await expect(confirmImport(applyDeps(), storeId, id)).rejects.toThrow(
      'the item of row 3 (SKU "S-11") no longer has that SKU or is no longer assigned',
    );
    expect(await stockOf('S-10')).toBe(before);
    expect((await getImport(db(), storeId, id))!).toMatchObject({
      status: 'failed',
      failure: { code: 'catalog_changed' },
    });
    expect(await tableExists(id)).toBe(false);
    await db().execute(sql`update items set tracked = true where store_id = ${storeId} and sku = 'S-11'`);
  });

  it('applies only what the preview showed, to the items it showed', async () => {
    await db().execute(
      sql`update items set stock = 100 where store_id = ${storeId} and sku in ('S-30', 'S-31', 'S-32')`,
    );
    const { id, imp } = await stage(['sku,stock', 'S-30,5', 'S-31,100', 'S-32,7']);
    expect(imp).toMatchObject({ changedRows: 2, unchangedRows: 1 });
    // Since the preview: S-31 sold 5 units (the file's 100 is now stale) ...
    await db().execute(sql`update items set stock = 95 where store_id = ${storeId} and sku = 'S-31'`);
    const counts = await confirmImport(applyDeps(), storeId, id);
    expect(counts).toMatchObject({ changed: 2 });
    // ... and keeps its 95: a row the preview showed as unchanged is not applied.
    expect([await stockOf('S-30'), await stockOf('S-31'), await stockOf('S-32')]).toEqual([5, 95, 7]);
  });

  it('applies only the few changes of a file whose other rows change nothing, whatever sold since', async () => {
    await db().execute(
      sql`update items set stock = 100 where store_id = ${storeId} and sku in ('S-50', 'S-51', 'S-52', 'S-53')`,
    );
    const { id, imp } = await stage(['sku,stock', 'S-50,100', 'S-51,100', 'S-52,8', 'S-53,100']);
    expect(imp).toMatchObject({ changedRows: 1, unchangedRows: 3 });
    // Since the preview: S-51 and S-53 sold; the file's 100s are stale and must not undo the sales.
    await db().execute(
      sql`update items set stock = 90 where store_id = ${storeId} and sku in ('S-51', 'S-53')`,
    );
    expect(await confirmImport(applyDeps(), storeId, id)).toMatchObject({ changed: 1 });
    expect(await Promise.all(['S-50', 'S-51', 'S-52', 'S-53'].map(stockOf))).toEqual([100, 90, 8, 90]);
  });

  it('refuses a confirm when a previewed SKU now belongs to another item, applying nothing', async () => {
    const { id } = await stage(['sku,stock', 'S-40,1', 'S-41,2']);
    // S-41's item is renamed and another item takes the SKU: the preview's item is no longer it.
    await db().execute(sql`update items set sku = 'S-41-OLD' where store_id = ${storeId} and sku = 'S-41'`);
    await db().execute(sql`update items set sku = 'S-41' where store_id = ${storeId} and sku = 'S-42'`);
    const before = [await stockOf('S-40'), await stockOf('S-41')];
    await expect(confirmImport(applyDeps(), storeId, id)).rejects.toThrow('row 3 (SKU "S-41")');
    expect([await stockOf('S-40'), await stockOf('S-41')]).toEqual(before);
    await db().execute(sql`update items set sku = 'S-42' where store_id = ${storeId} and sku = 'S-41'`);
    await db().execute(sql`update items set sku = 'S-41' where store_id = ${storeId} and sku = 'S-41-OLD'`);
  });

  it('quotes a very long SKU in its errors cut at 100 characters, unknown or repeated', async () => {
    const unknown = 'U'.repeat(200_000);
    const assigned = `L-${'x'.repeat(148)}`; // a platform SKU may be 255 characters long
    await db().execute(sql`
      insert into items (store_id, product_id, variant_id, track_by, sku, name, stock, threshold, status)
      values (${storeId}, 'long', 'long', 'product', ${assigned}, 'Long', 1, 1, 'in_stock')`);
    const { imp } = await stage(['sku,stock', `${unknown},1`, `${assigned},2`, `${assigned},3`]);
    const cut = (sku: string) => `${sku.slice(0, 100)}…`;
    expect(imp.errors).toEqual([
      expect.objectContaining({
        row: 2,
        value: cut(unknown),
        reason: expect.stringContaining(`SKU "${cut(unknown)}" is not`),
      }),
      expect.objectContaining({
        row: 4,
        value: cut(assigned),
        reason: expect.stringContaining('first on row 3'),
      }),
    ]);
    await db().execute(sql`delete from items where store_id = ${storeId} and product_id = 'long'`);
  });

  it('suggests the assigned SKU a row probably means when only its capitals differ', async () => {
    await db().execute(sql`
      insert into items (store_id, product_id, variant_id, track_by, sku, name, stock, threshold, status)
      values (${storeId}, 'p-abc', 'v-abc', 'product', 'ABC-1', 'Abc', 1, 1, 'in_stock')`);
    const { imp } = await stage(['sku,stock', 'S-1,3', 'abc-1,2', 's-7,4', 'NOPE-1,5']);
    expect(imp.errors.map((e) => [e.row, e.value, e.reason])).toEqual([
      [
        3,
        'abc-1',
        'SKU "abc-1" is not the SKU of any item assigned to Backorder; did you mean "ABC-1"? SKUs must match exactly, capital letters included',
      ],
      [4, 's-7', expect.stringContaining('did you mean "S-7"?')],
      [
        5,
        'NOPE-1',
        expect.stringMatching(/^SKU "NOPE-1" is not the SKU of any item assigned to Backorder; assign/),
      ],
    ]);
  });

  it("reads slashed dates by the store's country: refuses 3/4/2027 where it is not known, month first in the US", async () => {
    const dates = ['sku,back_in_stock_date', 'S-1,3/4/2027', 'S-2,14/3/2027'];
    const unknown = await stage(dates);
    expect(unknown.imp.errors).toEqual([
      expect.objectContaining({ row: 2, value: '3/4/2027', reason: expect.stringContaining('YYYY-MM-DD') }),
    ]);
    expect(unknown.imp.changes).toEqual([
      expect.objectContaining({
        sku: 'S-2',
        after: expect.objectContaining({ backInStockDate: '2027-03-14' }),
      }),
    ]);
    await db().execute(sql`update stores set country = 'US' where id = ${storeId}`);
    try {
      const us = await stage(dates);
      expect(us.imp.errors).toEqual([]);
      expect(us.imp.changes.map((c) => c.after.backInStockDate)).toEqual(['2027-03-04', '2027-03-14']);
    } finally {
      await db().execute(sql`update stores set country = null where id = ${storeId}`);
    }
  });

  it('finds repeats by checking every row when the file repeats more SKUs than the parse hands over', async () => {
    const file = ['sku,stock', 'S-1,1', 'S-2,1', 'S-1,2', 'S-3,1', 'S-2,2', 'S-1,3', 'NOPE,1', 'NOPE,2'];
    const expected = [
      { row: 4, value: 'S-1', reason: expect.stringContaining('(first on row 2)') },
      { row: 6, value: 'S-2', reason: expect.stringContaining('(first on row 3)') },
      { row: 7, value: 'S-1', reason: expect.stringContaining('(first on row 2)') },
    ];
    const repeatsOf = (imp: { errors: Array<{ reason: string }> }) =>
      imp.errors.filter((e) => String(e.reason).startsWith('appears more than once'));
    // Three SKUs repeat: handed over as candidates, or (limit 1) every row checked; the same errors.
    const handed = await stage(file);
    expect(repeatsOf(handed.imp)).toEqual(expected.map((e) => expect.objectContaining(e)));
    const everyRow = await stage(file, undefined, { repeatCandidates: 1 });
    expect(repeatsOf(everyRow.imp)).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it('counts every row once: a change, unchanged, or with errors, whatever the errors are', async () => {
    await db().execute(sql`
      insert into items (store_id, product_id, variant_id, track_by, sku, name, stock, threshold, status)
      values (${storeId}, 'dup-a', 'dup-a', 'product', 'DUP-1', 'Dup A', 1, 1, 'in_stock'),
             (${storeId}, 'dup-b', 'dup-b', 'product', 'DUP-1', 'Dup B', 1, 1, 'in_stock')`);
    // Row 2 matches two items, row 4 repeats row 3: one change and two error rows.
    const { imp } = await stage(['sku,stock', 'DUP-1,5', 'S-81,1', 'S-81,2']);
    expect(imp).toMatchObject({ totalRows: 3, changedRows: 1, unchangedRows: 0, errorCount: 2 });
    await db().execute(sql`delete from items where store_id = ${storeId} and sku = 'DUP-1'`);
  });

  it('keeps the first errors by row of a file with more than it keeps, and counts them all', async () => {
    const lines = [
      'sku,stock,backorder_threshold',
      'S-1,777,', // row 2: a change
      'NOPE-1,5,', // 3: unknown SKU
      'S-2,x,y', // 4: two bad cells
      'NOPE-2,x,', // 5: a bad cell and an unknown SKU
      'S-1,778,', // 6: repeats row 2
      'S-3,"7"x",', // 7: text after a closing quote, and so a bad stock cell
      ',5,', // 8: no SKU
      'S-2,1,', // 9: repeats row 4 (itself in error)
      'S-4,777,', // 10: a change
      'S-5,777,', // 11: a change
      'S-7,,', // 12: unchanged
    ];
    const all = await stage(lines);
    const capped = await stage(lines, undefined, { keptErrors: 4 });
    // 10 errors on 7 rows; 3 changes; 1 unchanged.
    expect(all.imp).toMatchObject({ totalRows: 11, changedRows: 3, unchangedRows: 1, errorCount: 10 });
    const counts = ({ totalRows, changedRows, unchangedRows, errorCount }: typeof all.imp) => ({
      totalRows,
      changedRows,
      unchangedRows,
      errorCount,
    });
    expect(counts(capped.imp)).toEqual(counts(all.imp));
    const kept = async (id: string) =>
      selectRows<{ row: number; column: string; reason: string }>(
        db(),
        sql`select "row", "column", reason from import_errors where import_id = ${id} order by "row", id`,
      );
    const every = await kept(all.id);
    expect(every.map((e) => e.row)).toEqual([3, 4, 4, 5, 5, 6, 7, 7, 8, 9]);
    // The first four by row: the unknown SKU of row 3, both cells of row 4, the bad cell of row 5.
    expect(await kept(capped.id)).toEqual(every.slice(0, 4));
    expect(capped.imp.errors).toEqual(all.imp.errors.slice(0, 4));
  });

  it('clears what a parse left when its import was discarded while it waited for a retry', async () => {
    const id = randomUUID();
    writeFileSync(uploadPath(dataDir, id), 'sku,stock\nS-1,1\n');
    await createImport(db(), { id, storeId, fileName: 'stock.csv' });
    await db().execute(sql`
      insert into import_errors (import_id, "row", "column", value, reason)
      values (${id}, 2, 'stock', 'x', 'left by an earlier attempt')`);
    expect(await discardImport(db(), storeId, id)).toBe('parsing');
    expect(await stageImport(deps(), storeId, id)).toBe('skipped');
    const [left] = await selectRows<{ n: number }>(
      db(),
      sql`select count(*)::int as n from import_errors where import_id = ${id}`,
    );
    expect(left!.n).toBe(0);
  });

  it('stops a parse whose import is discarded meanwhile, leaving nothing staged', async () => {
    let discarded = 0;
    const { id, outcome, imp } = await stage(
      everyItem(() => 1),
      async (importId) => {
        if (discarded++ === 0) expect(await discardImport(db(), storeId, importId)).toBe('parsing');
      },
    );
    expect(outcome).toBe('skipped');
    expect(imp.status).toBe('discarded');
    expect(await tableExists(id)).toBe(false);
  }, 60_000);

  it('sweeps staging tables that no import needs any more, and keeps those of previews', async () => {
    const kept = await stage(['sku,stock', 'S-20,1']);
    const orphan = await stage(['sku,stock', 'S-21,1']);
    // A process that died before cleaning up: the import is gone, its table is not.
    await db().execute(sql`update imports set status = 'discarded' where id = ${orphan.id}`);
    expect(await dropOrphanedStaging(db())).toBe(2); // its staged rows and its match
    expect(await tableExists(orphan.id)).toBe(false);
    expect(await tableExists(kept.id)).toBe(true);
  });
});
