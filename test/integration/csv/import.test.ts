/**
 * CSV import against the real app (PostgreSQL, Redis, the emulator, SMTP on loopback): every accepted
 * variation and every rejection of issue 4/5 with the files under test/fixtures/csv/, then confirm,
 * discard and the errors CSV.
 */
import { sql } from 'drizzle-orm';
import { fixture, rowsOf, startCsvStore, UNASSIGNED, type CsvStore } from './support';
import { eventually } from '../../support/app-harness';
import { jobIds } from '../../../jobs/queues';
import { selectRows } from '../../../core/db/client';
import { stagingTableOf } from '../../../core/db/import-staging.repo';

describe('CSV import', () => {
  let s: CsvStore;
  beforeAll(async () => {
    s = await startCsvStore('postgres', 'csvimp1');
  });
  afterAll(async () => s?.close());

  const changeOf = (preview: Record<string, any>, sku: string) =>
    preview.changes.find((c: Record<string, any>) => c.sku === sku);

  describe('accepts', () => {
    it('the export format with a BOM and CRLF line ends', async () => {
      const imp = await s.importFile(fixture('accepted/export-shape-bom-crlf.csv'));
      expect(imp).toMatchObject({ status: 'preview', progress: 100 });
      expect(imp.preview).toMatchObject({ rows: 2, toChange: 2, unchanged: 0, errorCount: 0 });
      expect(changeOf(imp.preview, 'COF-ETH-YIR-1KG')).toMatchObject({
        row: 2,
        before: { stock: 42, threshold: 3, incomingStock: 0, backInStockDate: null, enabled: false },
        after: { stock: 40, threshold: 5, incomingStock: 12, backInStockDate: '2027-03-01', enabled: false },
      });
      expect(changeOf(imp.preview, 'COF-BRA-CER-1KG')).toMatchObject({ row: 3, after: { stock: 60 } });
    });

    it('semicolon-separated files', async () => {
      const imp = await s.importFile(fixture('accepted/semicolon.csv'));
      expect(imp.preview).toMatchObject({ rows: 2, toChange: 2, errorCount: 0 });
      expect(changeOf(imp.preview, 'COF-GUA-ANT-500G').after).toMatchObject({ stock: 20, threshold: 3 });
    });

    it('tab-separated files', async () => {
      const imp = await s.importFile(fixture('accepted/tab.tsv'));
      expect(imp.preview).toMatchObject({ rows: 2, toChange: 2, errorCount: 0 });
      expect(changeOf(imp.preview, 'COF-ETH-YIR-1KG').after).toMatchObject({ stock: 39, incomingStock: 7 });
    });

    it('columns in any order, names in any case and spacing, and the aliases', async () => {
      const imp = await s.importFile(fixture('accepted/aliases-any-order.csv'));
      expect(imp.preview).toMatchObject({ rows: 1, toChange: 1, errorCount: 0 });
      expect(changeOf(imp.preview, 'COF-ETH-YIR-1KG').after).toEqual({
        stock: 35,
        threshold: 6,
        incomingStock: 20,
        backInStockDate: '2027-06-15',
        enabled: false,
      });
      const other = await s.importFile(fixture('accepted/other-aliases.csv'));
      expect(other.preview.errorCount).toBe(0);
      expect(changeOf(other.preview, 'COF-ETH-YIR-1KG').after).toMatchObject({
        stock: 33,
        threshold: 4,
        backInStockDate: '2027-07-01',
        enabled: true,
      });
    });

    it('quoted cells holding delimiters, quotes and line breaks, numbering rows as a spreadsheet does', async () => {
      const imp = await s.importFile(fixture('accepted/quoted.csv'));
      expect(imp.preview).toMatchObject({ rows: 2, toChange: 2, errorCount: 0 });
      expect(changeOf(imp.preview, 'COF-ETH-YIR-1KG')).toMatchObject({
        row: 2,
        after: { stock: 37, backInStockDate: '2027-05-05' },
      });
      expect(changeOf(imp.preview, 'COF-BRA-CER-1KG')).toMatchObject({ row: 3, after: { stock: 58 } });
    });

    it('blank cells as "leave unchanged", blank lines skipped, and "none" to remove a date', async () => {
      const imp = await s.importFile(fixture('accepted/blank-cells.csv'));
      // Row 2 only names the SKU; row 5 removes a date the item does not have: neither changes anything.
      expect(imp.preview).toMatchObject({ rows: 3, toChange: 1, unchanged: 2, errorCount: 0 });
      expect(imp.preview.changes).toEqual([
        expect.objectContaining({
          row: 3,
          sku: 'COF-BRA-CER-1KG',
          after: expect.objectContaining({ stock: 61 }),
        }),
      ]);
    });

    it('blank lines above the header, still numbering rows as a spreadsheet does', async () => {
      const imp = await s.importFile('\n ; \nsku;stock\nCOF-ETH-YIR-1KG;36\nNOPE-404;1\n');
      expect(imp.preview).toMatchObject({ rows: 2, toChange: 1, errorCount: 1 });
      expect(changeOf(imp.preview, 'COF-ETH-YIR-1KG')).toMatchObject({ row: 4, after: { stock: 36 } });
      expect(imp.preview.errors).toEqual([expect.objectContaining({ row: 5, value: 'NOPE-404' })]);
      // A header without a sku column below blank lines is named by its own row.
      const wrong = await s.importFile('\n\nproduct,stock\nX,1\n');
      expect(wrong).toMatchObject({ status: 'failed', error: { code: 'missing_sku_column' } });
      expect(wrong.error.message).toContain('The header row (row 3) has no "sku" column');
    });

    it('yes/no/true/false/1/0/Y/N for backorder_enabled', async () => {
      const imp = await s.importFile(fixture('accepted/enabled-values.csv'));
      expect(imp.preview.errorCount).toBe(0);
      // Every item starts disabled, so only the "on" values change something.
      expect(imp.preview.changes.map((c: Record<string, any>) => [c.sku, c.after.enabled])).toEqual([
        ['COF-ETH-YIR-1KG', true],
        ['COF-GUA-ANT-500G', true],
        ['BRW-CHE-CLS-6', true],
        ['TEA-ROO-VAN-100G', true],
      ]);
      expect(imp.preview).toMatchObject({ rows: 8, toChange: 4, unchanged: 4 });
    });

    it('a raw upload named by ?fileName=, or "upload.csv" without one', async () => {
      const named = await s.upload(fixture('accepted/tab.tsv'), { fileName: 'warehouse.tsv' });
      expect((await s.waitParsed(named.body.id)).fileName).toBe('warehouse.tsv');
      const unnamed = await s.upload(fixture('accepted/tab.tsv'));
      expect((await s.waitParsed(unnamed.body.id)).fileName).toBe('upload.csv');
    });

    it('a multipart form upload (field "file") and keeps its file name', async () => {
      const sent = await s.uploadForm(fixture('accepted/semicolon.csv'), 'stock-march.csv');
      expect(sent.status).toBe(202);
      const imp = await s.waitParsed(sent.body.id);
      expect(imp).toMatchObject({ status: 'preview', fileName: 'stock-march.csv' });
      expect(imp.preview).toMatchObject({ toChange: 2, errorCount: 0 });
    });
  });

  describe('rejects with row, column, value and reason', () => {
    const errorsOf = async (name: string) => {
      const imp = await s.importFile(fixture(name));
      expect(imp.status).toBe('preview');
      return imp.preview.errors as Array<Record<string, unknown>>;
    };

    it('a file without a sku column', async () => {
      const imp = await s.importFile(fixture('rejected/missing-sku-column.csv'));
      expect(imp.status).toBe('failed');
      expect(imp.error).toEqual({
        code: 'missing_sku_column',
        message: expect.stringContaining('no "sku" column'),
      });
      expect(imp.error.message).toContain('"product", "stock"');
    });

    it('unknown and unassigned SKUs, naming them', async () => {
      expect(await errorsOf('rejected/unknown-sku.csv')).toEqual([
        {
          row: 3,
          column: 'sku',
          value: 'NOPE-404',
          reason: expect.stringMatching(/^SKU "NOPE-404" is not the SKU of any item assigned/),
        },
        {
          row: 4,
          column: 'sku',
          value: UNASSIGNED,
          reason: expect.stringContaining('no longer assigned'),
        },
      ]);
    });

    it('the same SKU twice, the repeat counted as an error row and not a change', async () => {
      const imp = await s.importFile(fixture('rejected/duplicate-sku.csv'));
      // Three rows: two changes and one with an error, not three changes and an error.
      expect(imp.preview).toMatchObject({ rows: 3, toChange: 2, unchanged: 0, errorCount: 1, errorRows: 1 });
      expect(imp.preview.errors).toEqual([
        {
          row: 4,
          column: 'sku',
          value: 'COF-ETH-YIR-1KG',
          reason: 'appears more than once in the file (first on row 2); keep one row per SKU',
        },
      ]);
    });

    it('non-integer, out-of-range and negative numbers, and an unreadable yes/no', async () => {
      const imp = await s.importFile(fixture('rejected/bad-numbers.csv'));
      // Row 6 has two errors: six errors in five rows.
      expect(imp.preview).toMatchObject({ rows: 5, toChange: 0, unchanged: 0, errorCount: 6, errorRows: 5 });
      expect(imp.preview.errors).toEqual([
        { row: 2, column: 'stock', value: '12.5', reason: expect.stringContaining('whole number') },
        { row: 3, column: 'backorder_threshold', value: '-1', reason: 'must be 0 or more' },
        { row: 4, column: 'incoming_stock', value: '-4', reason: 'must be 0 or more' },
        {
          row: 5,
          column: 'stock',
          value: '2000000',
          reason: 'must be between 0 and 1000000',
        },
        { row: 6, column: 'stock', value: 'ten', reason: expect.stringContaining('whole number') },
        {
          row: 6,
          column: 'backorder_enabled',
          value: 'maybe',
          reason: expect.stringContaining('yes or no'),
        },
      ]);
    });

    it('dates that are not real calendar dates or not written YYYY-MM-DD', async () => {
      expect(await errorsOf('rejected/bad-dates.csv')).toEqual([
        { row: 2, column: 'back_in_stock_date', value: '2027-02-30', reason: 'is not a real calendar date' },
        {
          row: 3,
          column: 'back_in_stock_date',
          value: '12/05/27',
          reason: expect.stringContaining('YYYY-MM-DD'),
        },
        { row: 4, column: 'back_in_stock_date', value: '2027-13-01', reason: 'is not a real calendar date' },
      ]);
    });

    it('a row with more cells than the header', async () => {
      expect(await errorsOf('rejected/too-many-cells.csv')).toEqual([
        {
          row: 3,
          column: '',
          value: '000',
          reason: expect.stringContaining('the row has 3 cells but the header has 2'),
        },
      ]);
    });

    it('a quote that is never closed', async () => {
      const errors = await errorsOf('rejected/unclosed-quote.csv');
      expect(errors[0]).toMatchObject({ row: 2, reason: expect.stringContaining('never closed') });
    });

    it('an empty file', async () => {
      const imp = await s.importFile(fixture('rejected/empty.csv'));
      expect(imp).toMatchObject({ status: 'failed', error: { code: 'empty_file' } });
    });

    it('a file that is not text, with 400 before anything is queued', async () => {
      const sent = await s.upload(fixture('rejected/spreadsheet.xlsx'));
      expect(sent).toMatchObject({ status: 400, body: { error: { code: 'not_text' } } });
      expect(sent.body.error.message).toMatch(/CSV UTF-8/);
      const form = await s.uploadForm(fixture('rejected/spreadsheet.xlsx'), 'stock.xlsx');
      expect(form).toMatchObject({ status: 400, body: { error: { code: 'not_text' } } });
      // Excel's "Unicode Text" is UTF-16, which the import does not read: the message says which it is.
      const utf16 = Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('sku\tstock\r\nA\t1\r\n', 'utf16le'),
      ]);
      const unicode = await s.upload(utf16);
      expect(unicode).toMatchObject({ status: 400, body: { error: { code: 'not_text' } } });
      expect(unicode.body.error.message).toMatch(/Unicode \(UTF-16\)/);
    });

    it('a NUL byte further into the file: the import fails naming its row', async () => {
      const start = 'sku,stock\n' + 'COF-ETH-YIR-1KG,10\n'.repeat(5000); // past the 64 KB the upload checks
      const file = Buffer.concat([Buffer.from(start), Buffer.from('COF-BRA-CER-1KG,1\u00000\n', 'latin1')]);
      const imp = await s.importFile(file);
      expect(imp).toMatchObject({ status: 'failed', error: { code: 'not_text' } });
      expect(imp.error.message).toMatch(/^Row 5002 holds a NUL byte/);
    });

    it('a form without a "file" field', async () => {
      const sent = await s.uploadForm(fixture('accepted/semicolon.csv'), 'x.csv', 'upload');
      expect(sent).toMatchObject({ status: 400, body: { error: { code: 'no_file' } } });
    });

    it('a file over 100 MB with 413', async () => {
      const big = Buffer.alloc(100 * 1024 * 1024 + 1, 'a');
      const sent = await s.upload(big);
      expect(sent).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
    });

    it('confirming a file with errors: 409, nothing applied; every error downloadable as CSV', async () => {
      const before = await s.item('COF-ETH-YIR-1KG');
      const sent = await s.upload(fixture('rejected/bad-numbers.csv'));
      await s.waitParsed(sent.body.id);
      const confirm = await s.api.post(`/api/imports/${sent.body.id}/confirm`, {});
      expect(confirm).toMatchObject({ status: 409, body: { error: { code: 'import_has_errors' } } });
      expect(confirm.body.error.message).toContain('6 errors');
      expect(await s.item('COF-ETH-YIR-1KG')).toEqual(before);

      const csv = await s.raw('GET', `/api/imports/${sent.body.id}/errors.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.text.startsWith('\uFEFFrow,column,value,reason\r\n')).toBe(true);
      const rows = rowsOf(csv.text);
      expect(rows).toHaveLength(7);
      // A value beginning with "-" is neutralised against formula injection.
      expect(rows[2]).toEqual(['3', 'backorder_threshold', "'-1", 'must be 0 or more']);
    });
  });

  describe('confirm and discard', () => {
    it('applies every change in one go, runs the rules, syncs the platform and emails a summary', async () => {
      const mails = s.h.mail.messages.length;
      const file = [
        'sku,stock,backorder_threshold,back_in_stock_date',
        'COF-ETH-YIR-1KG,0,4,2027-09-01', // crosses the switch condition: backorder switches on
        'COF-BRA-CER-1KG,50,,',
        'TEA-JPN-SEN-100G,30,,', // as it is: unchanged
      ].join('\n');
      const imp = await s.importFile(file);
      expect(imp.preview).toMatchObject({ rows: 3, toChange: 2, unchanged: 1, errorCount: 0 });

      expect(await s.confirm(imp.id)).toMatchObject({
        id: imp.id,
        status: 'applied',
        counts: { changed: 2, unchanged: 1, enabled: 1, disabled: 0 },
      });
      expect(await s.item('COF-ETH-YIR-1KG')).toMatchObject({
        stock: 0,
        threshold: 4,
        backInStockDate: '2027-09-01',
        enabled: true,
        status: 'backorder',
      });
      expect(await s.item('COF-BRA-CER-1KG')).toMatchObject({ stock: 50, status: 'in_stock' });
      expect((await s.api.get(`/api/imports/${imp.id}`)).body).toMatchObject({
        status: 'applied',
        counts: { changed: 2, unchanged: 1 },
      });

      // The platform is told: the backordered item may now sell its 4 units of room.
      const product = () => s.h.emulator.store(s.hash)!.products.find((p) => p.sku === 'COF-ETH-YIR-1KG')!;
      await eventually(() => product().inventory_level === 4, 15_000, 'room published');

      // One summary email, not one per item, and the activity log has the import and each change.
      const [mail] = (await s.h.mail.waitFor(mails + 1)).slice(mails);
      expect(mail!.subject).toBe('Stock import applied: 2 items changed');
      expect(mail!.text).toContain('Backorder switched on: 1');
      const events = (await s.api.get('/api/events?limit=20')).body.events as Array<Record<string, any>>;
      expect(events.find((e) => e.type === 'import-applied')).toMatchObject({
        actor: { kind: 'import', importId: imp.id },
        data: { changed: 2, unchanged: 1 },
      });
      expect(events.filter((e) => e.type === 'import' && e.data.importId === imp.id)).toHaveLength(2);
      expect(s.h.mail.messages.slice(mails)).toHaveLength(1);
    });

    it('runs the rules: a switch-on the rules refuse is skipped, logged and counted, the rest applies', async () => {
      // 3 units owed with a threshold of 3: all the backorder room is used (backorder switched itself
      // off), so "yes" cannot be honoured. The empty shelf is as the item has it: no change.
      await s.owe('BRW-CHE-CLS-6', 3, 3);
      expect(await s.item('BRW-CHE-CLS-6')).toMatchObject({ stock: -3, enabled: false });
      const imp = await s.importFile(
        'sku,stock,incoming_stock,backorder_enabled\nBRW-CHE-CLS-6,0,6,yes\nTEA-ASM-BRK-250G,50,,\n',
      );
      expect(await s.confirm(imp.id)).toMatchObject({
        status: 'applied',
        counts: { changed: 2, refused: 1, enabled: 0 },
      });
      expect(await s.item('BRW-CHE-CLS-6')).toMatchObject({
        stock: -3,
        incomingStock: 6,
        enabled: false,
        status: 'unavailable',
      });
      const events = (await s.api.get('/api/events?type=import-refused')).body.events;
      expect(events[0]).toMatchObject({
        data: { importId: imp.id, row: 2, code: 'threshold_used_up' },
      });
    });

    it('takes the stock cell as a shelf count: units sold on backorder are paid first, as a count from the platform is', async () => {
      await s.owe('TEA-JPN-SEN-100G', 4, 10);
      const imp = await s.importFile('sku,stock\nTEA-JPN-SEN-100G,10\n');
      expect(imp.preview).toMatchObject({ toChange: 1, errorCount: 0 });
      // 10 on the shelf, 4 of them owed to the customers who ordered on backorder: 6 to sell.
      expect(changeOf(imp.preview, 'TEA-JPN-SEN-100G')).toMatchObject({
        before: { stock: -4 },
        after: { stock: 6 },
      });
      expect(await s.confirm(imp.id)).toMatchObject({ status: 'applied', counts: { changed: 1 } });
      expect(await s.item('TEA-JPN-SEN-100G')).toMatchObject({
        stock: 6,
        backordered: 0,
        status: 'in_stock',
      });
      const product = () => s.h.emulator.store(s.hash)!.products.find((p) => p.sku === 'TEA-JPN-SEN-100G')!;
      await eventually(() => product().inventory_level === 6, 15_000, 'shelf less owed published');
      // The owed units shipped, and the shelf is counted again: 6, as the item has it, so no change.
      const again = await s.importFile('sku,stock\nTEA-JPN-SEN-100G,6\n');
      expect(again.preview).toMatchObject({ toChange: 0, unchanged: 1 });
    });

    it('answers 409 to a second confirm and to discarding an applied import', async () => {
      const imp = await s.importFile('sku,stock\nTEA-ROO-VAN-100G,39\n');
      expect((await s.confirm(imp.id)).status).toBe('applied');
      const again = await s.api.post(`/api/imports/${imp.id}/confirm`, {});
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'import_already_applied' } } });
      expect((await s.api.delete(`/api/imports/${imp.id}`)).status).toBe(409);
    });

    it("shows the apply's own progress while it applies, not the preview's 100%", async () => {
      const imp = await s.importFile('sku,stock\nCOF-GUA-ANT-500G,19\n');
      expect(imp).toMatchObject({ status: 'preview', progress: 100 });
      // Another transaction holds the item, so the apply waits for it with nothing written.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      let claimedAt!: Date;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holder = s.h.runtime.database.db.transaction(async (tx) => {
        await tx.execute(sql`select id from items where sku = 'COF-GUA-ANT-500G' for update`);
        locked();
        await held;
      });
      try {
        await lockTaken;
        const sent = await s.api.post(`/api/imports/${imp.id}/confirm`, {});
        expect(sent.status).toBe(202);
        const waiting = (await s.api.get(`/api/imports/${imp.id}`)).body;
        expect(waiting).toMatchObject({ status: 'applying', progress: 0 });
        const [claim] = await selectRows<{ at: string }>(
          s.h.runtime.database.db,
          sql`select updated_at::text as at from imports where id = ${imp.id}`,
        );
        claimedAt = new Date(claim!.at);
        // What the route shows is that job's progress (the worker has not reported yet: it waits).
        const queued = await s.h.runtime.queues.queues.import.getJob(jobIds.importApply(imp.id, claimedAt));
        await queued!.updateProgress(37);
        expect((await s.api.get(`/api/imports/${imp.id}`)).body).toMatchObject({
          status: 'applying',
          progress: 37,
        });
      } finally {
        release();
        await holder;
      }
      const done = await eventually(
        async () => {
          const got = (await s.api.get(`/api/imports/${imp.id}`)).body;
          return got.status !== 'applying' ? got : null;
        },
        30_000,
        'import applied',
      );
      expect(done).toMatchObject({ status: 'applied', progress: 100, counts: { changed: 1 } });
      expect(await s.item('COF-GUA-ANT-500G')).toMatchObject({ stock: 19 });
      // The route read the job the worker reported to: the one named by the claim.
      const job = await s.h.runtime.queues.queues.import.getJob(jobIds.importApply(imp.id, claimedAt));
      expect(job?.progress).toBe(100);
    });

    it('discards an import: 204, then it cannot be confirmed and nothing changes', async () => {
      const before = await s.item('TEA-CHA-MAS-200G');
      const imp = await s.importFile('sku,stock\nTEA-CHA-MAS-200G,1\n');
      expect((await s.api.delete(`/api/imports/${imp.id}`)).status).toBe(204);
      expect((await s.api.get(`/api/imports/${imp.id}`)).body.status).toBe('discarded');
      const confirm = await s.api.post(`/api/imports/${imp.id}/confirm`, {});
      expect(confirm).toMatchObject({ status: 409, body: { error: { code: 'import_not_ready' } } });
      expect(await s.item('TEA-CHA-MAS-200G')).toEqual(before);
    });

    it('discards a preview left unconfirmed for a week when the next file is parsed', async () => {
      const old = await s.importFile('sku,stock\nTEA-CHA-MAS-200G,2\n');
      await s.h.runtime.database.db.execute(
        sql`update imports set updated_at = now() - interval '8 days' where id = ${old.id}`,
      );
      await s.importFile('sku,stock\nTEA-CHA-MAS-200G,3\n');
      expect((await s.api.get(`/api/imports/${old.id}`)).body.status).toBe('discarded');
      const confirm = await s.api.post(`/api/imports/${old.id}/confirm`, {});
      expect(confirm).toMatchObject({ status: 409, body: { error: { code: 'import_not_ready' } } });
    });

    it('answers 404 for an import id that does not exist', async () => {
      expect((await s.api.get('/api/imports/00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await s.api.get('/api/imports/not-an-id')).status).toBe(404);
    });
  });

  describe('bounds', () => {
    it('keeps the first 10,000 errors of a file with more, and counts every one', async () => {
      const rows = Array.from({ length: 10_050 }, (_, i) => `NOPE-${i + 2},5`); // rows 2–10,051
      rows.push('NOPE-LAST,x'); // row 10,052: an unknown SKU and a bad stock cell
      const imp = await s.importFile(['sku,stock', ...rows].join('\n'));
      expect(imp.preview).toMatchObject({
        rows: 10_051,
        toChange: 0,
        unchanged: 0,
        errorCount: 10_052,
        errorRows: 10_051,
        errorsKept: 10_000,
      });
      expect(imp.preview.errors).toHaveLength(100);
      expect(imp.preview.errors[0]).toMatchObject({ row: 2, value: 'NOPE-2' });
      const csv = await s.raw('GET', `/api/imports/${imp.id}/errors.csv`);
      const listed = rowsOf(csv.text).slice(1);
      expect(listed).toHaveLength(10_000);
      expect([listed[0]![0], listed[9_999]![0]]).toEqual(['2', '10001']);
    }, 60_000);

    it('holds 5 imports waiting for review: a sixth upload discards the oldest, saying why', async () => {
      const held = [];
      for (let i = 1; i <= 5; i++) held.push(await s.importFile(`sku,stock\nTEA-CHA-MAS-200G,${i}\n`));
      expect(held.map((imp) => imp.status)).toEqual(Array(5).fill('preview'));
      const sixth = await s.importFile('sku,stock\nTEA-CHA-MAS-200G,6\n');
      expect(sixth.status).toBe('preview');

      const oldest = (await s.api.get(`/api/imports/${held[0]!.id}`)).body;
      const why =
        'This import was discarded when a newer file was uploaded: at most 5 imports wait to be reviewed at a time. Nothing of it was applied; upload it again if you still need it.';
      expect(oldest).toMatchObject({ status: 'discarded', error: { code: 'replaced', message: why } });
      const confirm = await s.api.post(`/api/imports/${held[0]!.id}/confirm`, {});
      expect(confirm).toMatchObject({
        status: 409,
        body: { error: { code: 'import_not_ready', message: why } },
      });
      // Its staged rows went with it; the five newer ones wait as they were.
      const [table] = await selectRows<{ t: string | null }>(
        s.h.runtime.database.db,
        sql`select to_regclass(${stagingTableOf(held[0]!.id).replace(/"/g, '')})::text as t`,
      );
      expect(table!.t).toBeNull();
      for (const imp of [...held.slice(1), sixth])
        expect((await s.api.get(`/api/imports/${imp.id}`)).body.status).toBe('preview');
    });
  });
});
