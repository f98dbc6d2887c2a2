/**
 * CSV export, and the round trip the issue asks for: export → edit in a "spreadsheet" → import →
 * confirm → export equals the edit, an item owing units to customers included. Runs on PGlite (the
 * import suite runs on PostgreSQL).
 */
import Papa from 'papaparse';
import { sql } from 'drizzle-orm';
import { ASSIGNED, rowsOf, startCsvStore, type CsvStore } from './support';
import { selectRows } from '../../../core/db/client';
import { todayIn } from '../../../core/domain/dates';
import { exportFileName } from '../../../core/use-cases/export-items.use-case';

/**
 * The header line as the README documents it. A contract, so it is pinned here rather than read from
 * EXPORT_COLUMNS: merchants' spreadsheets and tools key on these names, and renaming one must fail.
 */
const HEADER_LINE =
  'sku,product_id,variant_id,name,stock,backordered,backorder_threshold,incoming_stock,back_in_stock_date,backorder_enabled';
const HEADER = HEADER_LINE.split(',');

describe('CSV export', () => {
  let s: CsvStore;
  beforeAll(async () => {
    // Names a spreadsheet would run as formulas, and one with a delimiter, quotes and a line break.
    s = await startCsvStore('pglite', 'csvexp1', {
      'COF-ETH-YIR-1KG': '=HYPERLINK("http://evil.test","Beans")',
      'COF-BRA-CER-1KG': '+Brazil, "Cerrado"\nEspresso',
      'COF-GUA-ANT-500G': '@Guatemala',
    });
  });
  afterAll(async () => s?.close());

  const exportCsv = () => s.raw('GET', '/api/items/export.csv');

  it('streams every assigned item with a BOM, a dated file name and neutralised text', async () => {
    const res = await exportCsv();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // The store's day, not UTC's: a Chicago store exporting at 01:00 UTC is still on the day before.
    const zone = (await s.api.get('/api/session')).body.store.timeZone as string;
    const today = todayIn(zone, new Date());
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="backorder-items-csvexp1-${today}.csv"`,
    );
    // At 03:00 UTC it is still the evening before in Chicago: the name carries the store's date.
    const [store] = await selectRows<{ id: number }>(
      s.h.runtime.database.db,
      sql`select id from stores where platform_id = 'csvexp1'`,
    );
    expect(await exportFileName(s.h.runtime.database.db, store!.id, new Date('2027-03-01T03:00:00Z'))).toBe(
      'backorder-items-csvexp1-2027-02-28.csv',
    );
    expect(res.text.startsWith(`\uFEFF${HEADER_LINE}\r\n`)).toBe(true);
    const rows = Papa.parse<string[]>(res.text.slice(1), { skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(HEADER);
    // The unassigned product is not exported.
    expect(
      rows
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual([...ASSIGNED].sort());
    const bySku = new Map(rows.slice(1).map((r) => [r[0], r]));
    expect(bySku.get('COF-ETH-YIR-1KG')!.slice(3)).toEqual([
      `'=HYPERLINK("http://evil.test","Beans")`,
      '42',
      '0',
      '3',
      '0',
      '',
      'no',
    ]);
    expect(bySku.get('COF-BRA-CER-1KG')![3]).toBe(`'+Brazil, "Cerrado"\nEspresso`);
    expect(bySku.get('COF-GUA-ANT-500G')![3]).toBe(`'@Guatemala`);
  });

  it('writes the shelf and the units owed, never a negative stock, as numbers; dates as YYYY-MM-DD', async () => {
    await s.owe('TEA-JPN-SEN-100G', 2, 3);
    const imp = await s.importFile('sku,back_in_stock_date\nTEA-JPN-SEN-100G,2027-04-09\n');
    expect((await s.confirm(imp.id)).status).toBe('applied');
    const rows = rowsOf((await exportCsv()).text);
    const row = rows.find((r) => r[0] === 'TEA-JPN-SEN-100G')!;
    // Stock -2: an empty shelf and 2 units owed to customers.
    expect(row.slice(4, 10)).toEqual(['0', '2', '3', '0', '2027-04-09', 'yes']);
    for (const r of rows.slice(1))
      expect([r[0], /^\d+$/.test(r[4]!), /^\d+$/.test(r[5]!)]).toEqual([r[0], true, true]);
  });

  it('round trip: export → edit → import → export equals the edit', async () => {
    const exported = (await exportCsv()).text;
    const rows = Papa.parse<string[]>(exported.slice(1), { skipEmptyLines: true }).data;
    const edited = rows.map((r, i) => {
      if (i === 0) return r;
      const sku = r[0]!;
      if (sku === 'COF-ETH-YIR-1KG') return [...r.slice(0, 4), '7', r[5]!, '9', '24', '2027-10-31', 'yes'];
      if (sku === 'COF-BRA-CER-1KG') return [...r.slice(0, 4), '0', r[5]!, r[6]!, '100', r[8]!, r[9]!];
      if (sku === 'TEA-ASM-BRK-250G') return [...r.slice(0, 6), '0', r[7]!, '2028-01-15', r[9]!];
      // TEA-JPN-SEN-100G owes 2 units on an empty shelf: its row, left as it is, changes nothing.
      return r;
    });
    // Written back as a spreadsheet would: semicolons, CRLF, every cell quoted.
    const file = '\uFEFF' + Papa.unparse(edited, { delimiter: ';', newline: '\r\n', quotes: true });
    const imp = await s.importFile(file);
    expect(imp.preview).toMatchObject({ errorCount: 0, toChange: 3, unchanged: ASSIGNED.length - 3 });
    expect((await s.confirm(imp.id)).status).toBe('applied');

    const after = Papa.parse<string[]>((await exportCsv()).text.slice(1), { skipEmptyLines: true }).data;
    // COF-BRA-CER-1KG crossed the switch condition, so the rules switched its backorder on.
    const expected = edited.map((r) => (r[0] === 'COF-BRA-CER-1KG' ? [...r.slice(0, 9), 'yes'] : r));
    expect(after).toEqual(expected);
  });
});
