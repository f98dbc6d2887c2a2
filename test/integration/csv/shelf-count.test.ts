/**
 * The CSV's stock column is the count on the shelf, on both databases, through the use cases the
 * import job runs: a count pays the units owed to customers first (the preview shows it, confirm
 * applies it), the export writes the shelf and the units owed and never a negative, and an exported
 * file imported unchanged changes nothing even with units owed.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { selectRows } from '../../../core/db/client';
import { createImport, getImport } from '../../../core/db/imports.repo';
import { uploadPath } from '../../../core/csv/limits';
import { confirmImport } from '../../../core/use-cases/confirm-import.use-case';
import { exportItemsCsv } from '../../../core/use-cases/export-items.use-case';
import { stageImport } from '../../../core/use-cases/stage-import.use-case';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';
import { makeItems, makeStore } from '../../support/fixtures';
import { rowsOf } from './support';

describe.each(DB_KINDS)('the CSV stock column as a shelf count on %s', (kind) => {
  let database: TestDatabase;
  let dataDir: string;
  let storeId: number;
  const db = () => database.db;
  const applyDeps = () => ({
    db: db(),
    relay: { notify: async () => undefined, sync: async () => undefined },
    clock: () => new Date(),
  });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'backorder-shelf-'));
    mkdirSync(path.join(dataDir, 'imports'));
    storeId = (await makeStore(db())).id;
    const owing = { enabled: true, status: 'backorder' as const };
    await makeItems(db(), storeId, [
      { sku: 'COUNT-OWED', stock: -5, threshold: 10, ...owing },
      { sku: 'COUNT-SHORT', stock: -5, threshold: 10, ...owing },
      { sku: 'COUNT-PLAIN', stock: 4, threshold: 10 },
      { sku: 'TRIP-OWED', stock: -2, threshold: 3, backInStockDate: '2031-04-09', ...owing },
      { sku: 'TRIP-PLAIN', stock: 7, threshold: 3 },
    ]);
  }, 60_000);
  afterAll(async () => {
    await database?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Writes `text` as a new import's file and parses it. */
  async function stage(text: string) {
    const id = randomUUID();
    writeFileSync(uploadPath(dataDir, id), text);
    await createImport(db(), { id, storeId, fileName: 'stock.csv' });
    expect(await stageImport({ db: db(), dataDir }, storeId, id)).toBe('preview');
    return (await getImport(db(), storeId, id))!;
  }
  const itemOf = async (sku: string) => {
    const [row] = await selectRows<Record<string, unknown>>(
      db(),
      sql`select stock, threshold, incoming_stock as "incomingStock",
                 back_in_stock_date::text as "backInStockDate", enabled
          from items where store_id = ${storeId} and sku = ${sku}`,
    );
    return row!;
  };
  const exported = async () => {
    let text = '';
    for await (const chunk of exportItemsCsv(db(), storeId)) text += chunk;
    return text;
  };

  it('applies a shelf count less the units owed, as the preview shows, like a count from the platform', async () => {
    const imp = await stage('sku,stock\nCOUNT-OWED,10\nCOUNT-SHORT,3\nCOUNT-PLAIN,4\n');
    // COUNT-PLAIN's shelf already holds 4: no change.
    expect(imp).toMatchObject({ changedRows: 2, unchangedRows: 1, errorCount: 0 });
    const change = (sku: string) => imp.changes.find((c) => c.sku === sku)!;
    // 10 on the shelf with 5 owed: 5 to sell. 3 on the shelf with 5 owed: 2 still owed.
    expect(change('COUNT-OWED')).toMatchObject({ before: { stock: -5 }, after: { stock: 5 } });
    expect(change('COUNT-SHORT')).toMatchObject({ before: { stock: -5 }, after: { stock: -2 } });

    expect(await confirmImport(applyDeps(), storeId, imp.id)).toMatchObject({ changed: 2 });
    // Confirm applied exactly what the preview showed, every value of it.
    expect(await itemOf('COUNT-OWED')).toEqual(change('COUNT-OWED').after);
    expect(await itemOf('COUNT-SHORT')).toEqual(change('COUNT-SHORT').after);
    expect((await itemOf('COUNT-PLAIN')).stock).toBe(4);
  });

  it('counts a stock cell of a row matching no item as an error, not also as a change', async () => {
    const imp = await stage('sku,stock\nNO-SUCH-SKU,3\nCOUNT-PLAIN,4\n');
    expect(imp).toMatchObject({ totalRows: 2, changedRows: 0, unchangedRows: 1, errorCount: 1 });
  });

  it('exports the count on the shelf and the units owed, never a negative stock', async () => {
    const rows = rowsOf(await exported());
    expect(rows[0]).toEqual([
      'sku',
      'product_id',
      'variant_id',
      'name',
      'stock',
      'backordered',
      'backorder_threshold',
      'incoming_stock',
      'back_in_stock_date',
      'backorder_enabled',
    ]);
    const bySku = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(bySku.get('TRIP-OWED')!.slice(4)).toEqual(['0', '2', '3', '0', '2031-04-09', 'yes']);
    expect(bySku.get('TRIP-PLAIN')!.slice(4, 6)).toEqual(['7', '0']);
    expect(bySku.get('COUNT-SHORT')!.slice(4, 6)).toEqual(['0', '2']);
    for (const r of rows.slice(1))
      expect([r[0], Number(r[4]) >= 0, Number(r[5]) >= 0]).toEqual([r[0], true, true]);
  });

  it('changes nothing for an exported file imported unchanged, even with units owed', async () => {
    const before = await itemOf('TRIP-OWED');
    const file = await exported();
    // The shelf of TRIP-OWED reads 0: taken as a count, it would pay the 2 owed units again.
    expect(
      rowsOf(file)
        .find((r) => r[0] === 'TRIP-OWED')!
        .slice(4, 6),
    ).toEqual(['0', '2']);
    const imp = await stage(file);
    expect(imp).toMatchObject({ changedRows: 0, unchangedRows: rowsOf(file).length - 1, errorCount: 0 });

    // The backordered column is there to read: a row that edits it changes nothing.
    const owed = await stage('sku,stock,backordered\nTRIP-OWED,0,0\n');
    expect(owed).toMatchObject({ changedRows: 0, unchangedRows: 1, errorCount: 0 });

    // Editing another cell of the row leaves its stock alone: the preview says so and confirm agrees.
    const edited = rowsOf(file).map((r) =>
      r[0] === 'TRIP-OWED' ? [...r.slice(0, 6), '5', ...r.slice(7)] : r,
    );
    const edit = await stage(edited.map((r) => r.join(',')).join('\r\n'));
    expect(edit).toMatchObject({ changedRows: 1, errorCount: 0 });
    expect(edit.changes).toEqual([
      expect.objectContaining({
        sku: 'TRIP-OWED',
        before: expect.objectContaining({ stock: -2, threshold: 3 }),
        after: expect.objectContaining({ stock: -2, threshold: 5 }),
      }),
    ]);
    await confirmImport(applyDeps(), storeId, edit.id);
    expect(await itemOf('TRIP-OWED')).toEqual({ ...before, threshold: 5 });
    expect(await itemOf('TRIP-OWED')).toEqual(edit.changes[0]!.after);
  });
});
