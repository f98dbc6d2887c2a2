/**
 * The files merchants actually have, through the real app and the emulator: Excel's plain "CSV"
 * (Windows-1252, CRLF, dates as the spreadsheet shows them), slashed dates read by the store's
 * country as its store information gives it (a US store and a UK one on one app), a SKU typed in
 * the wrong case, and the preview naming the products it changes.
 */
import { sql } from 'drizzle-orm';
import { selectRows } from '../../../core/db/client';
import { eventually } from '../../support/app-harness';
import { fixture, startCsvStore, type CsvStore } from './support';

const CAFE_SKU = 'CAFÉ-CRÈME-250G';
const CAFE_NAME = 'Café crème “maison” 250 g';

describe('CSV files as merchants have them', () => {
  let us: CsvStore;
  let uk: CsvStore;
  beforeAll(async () => {
    us = await startCsvStore('postgres', 'csvxlus');
    uk = await startCsvStore('postgres', 'csvxluk', {}, { country: 'GB', harness: us.h });
    // A product whose SKU and name have accents, assigned in the US store.
    const product = us.h.emulator
      .store(us.hash)!
      .addProduct({ name: CAFE_NAME, sku: CAFE_SKU, price: 9, inventory_level: 20 });
    expect((await us.api.post('/api/assignments', { productIds: [String(product.id)] })).status).toBe(201);
    await eventually(async () => (await us.item(CAFE_SKU))?.stock === 20, 10_000, 'café assigned');
    // Each store's country comes from its store information, taken once the app is installed.
    const countryOf = async (hash: string) => {
      const [row] = await selectRows<{ country: string | null }>(
        us.h.runtime.database.db,
        sql`select country from stores where platform_id = ${hash}`,
      );
      return row?.country;
    };
    await eventually(
      async () => (await countryOf(us.hash)) === 'US' && (await countryOf(uk.hash)) === 'GB',
      10_000,
      'store countries taken',
    );
  }, 60_000);
  afterAll(async () => {
    await uk?.close();
    await us?.close();
  });

  it('reads Excel\'s "CSV" (Windows-1252): accented SKUs match, the preview names each product, confirm applies', async () => {
    const imp = await us.importFile(fixture('accepted/excel-windows-1252.csv'));
    expect(imp).toMatchObject({ status: 'preview', preview: { rows: 2, toChange: 2, errorCount: 0 } });
    expect(imp.preview.changes).toEqual([
      expect.objectContaining({
        row: 2,
        sku: CAFE_SKU,
        name: CAFE_NAME,
        after: { stock: 12, threshold: 4, incomingStock: 6, backInStockDate: '2027-03-14', enabled: true },
      }),
      expect.objectContaining({
        row: 3,
        sku: 'COF-ETH-YIR-1KG',
        name: 'Ethiopia Yirgacheffe Whole Bean 1 kg',
        after: expect.objectContaining({ stock: 40 }),
      }),
    ]);
    expect(await us.confirm(imp.id)).toMatchObject({ status: 'applied', counts: { changed: 2 } });
    expect(await us.item(CAFE_SKU)).toMatchObject({
      stock: 12,
      incomingStock: 6,
      backInStockDate: '2027-03-14',
      enabled: true,
    });
  });

  it("quotes a Windows-1252 file's bad cell with its own characters", async () => {
    const imp = await us.importFile(Buffer.from(`sku,stock\r\n${CAFE_SKU},dix-sept unités\r\n`, 'latin1'));
    expect(imp.preview.errors).toEqual([
      expect.objectContaining({ row: 2, column: 'stock', value: 'dix-sept unités' }),
    ]);
  });

  it('names the row where a UTF-8 file meets bytes of another encoding, never a byte offset', async () => {
    const utf8 =
      'sku,name,stock\r\nCOF-ETH-YIR-1KG,Café,41\r\n' + 'COF-BRA-CER-1KG,Brésil,60\r\n'.repeat(4000);
    const file = Buffer.concat([
      Buffer.from(utf8),
      Buffer.from('TEA-JPN-SEN-100G,Th\xe9 vert,30\r\n', 'latin1'),
    ]);
    const imp = await us.importFile(file);
    expect(imp).toMatchObject({ status: 'failed', error: { code: 'not_text' } });
    expect(imp.error.message).toMatch(/^Row 4003 has characters that are not UTF-8/);
    expect(imp.error.message).toContain('CSV UTF-8');
    expect(imp.error.message).not.toMatch(/byte/);
  });

  it('reads M/D/YYYY in a US store', async () => {
    const imp = await us.importFile(
      'sku,back_in_stock_date\r\nCOF-GUA-ANT-500G,3/14/2027\r\nTEA-JPN-SEN-100G,3/4/2027\r\n',
    );
    expect(imp.preview.errorCount).toBe(0);
    expect(imp.preview.changes.map((c: Record<string, any>) => [c.sku, c.after.backInStockDate])).toEqual([
      ['COF-GUA-ANT-500G', '2027-03-14'],
      ['TEA-JPN-SEN-100G', '2027-03-04'],
    ]);
  });

  it('refuses 3/4/2027 in a UK store, saying how to keep ISO dates; reads 14/3/2027', async () => {
    const imp = await uk.importFile(
      'sku,back_in_stock_date\r\nCOF-GUA-ANT-500G,14/3/2027\r\nTEA-JPN-SEN-100G,3/4/2027\r\n',
    );
    expect(imp.preview.errors).toEqual([
      {
        row: 3,
        column: 'back_in_stock_date',
        value: '3/4/2027',
        reason: expect.stringMatching(
          /^could be 3 April 2027 or 4 March 2027: write the date as YYYY-MM-DD \(2027-04-03 for 3 April 2027\)\. To keep dates as YYYY-MM-DD, give the column the custom format yyyy-mm-dd/,
        ),
      },
    ]);
    expect(imp.preview.changes).toEqual([
      expect.objectContaining({
        sku: 'COF-GUA-ANT-500G',
        after: expect.objectContaining({ backInStockDate: '2027-03-14' }),
      }),
    ]);
  });

  it('suggests the SKU a lower-case one means', async () => {
    const imp = await us.importFile('sku,stock\ncof-eth-yir-1kg,30\n');
    expect(imp.preview.errors).toEqual([
      {
        row: 2,
        column: 'sku',
        value: 'cof-eth-yir-1kg',
        reason:
          'SKU "cof-eth-yir-1kg" is not the SKU of any item assigned to Backorder; did you mean "COF-ETH-YIR-1KG"? SKUs must match exactly, capital letters included',
      },
    ]);
  });
});
