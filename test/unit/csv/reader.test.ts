/** The streaming reader on the real fixture files, with chunks small enough to split every record. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileProblem, readCsvRecords } from '../../../core/csv/reader';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'csv');

async function read(file: string, chunkBytes = 5, maxRecordChars = 10_000) {
  const rows: Array<[number, string[]]> = [];
  const problems: Array<{ row: number; reason: string }> = [];
  for await (const batch of readCsvRecords(file, { chunkBytes, maxRecordChars })) {
    batch.records.forEach((r, i) => rows.push([batch.firstRow + i, r]));
    problems.push(...batch.problems);
  }
  return { rows, problems };
}

function temp(content: string | Buffer): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'csv-reader-')), 'f.csv');
  writeFileSync(file, content);
  return file;
}

describe('readCsvRecords', () => {
  it.each([1, 3, 7, 64, 1 << 20])('reads a BOM + CRLF file the same in chunks of %i bytes', async (chunk) => {
    const { rows } = await read(path.join(FIXTURES, 'accepted/export-shape-bom-crlf.csv'), chunk);
    expect(rows.map(([n, r]) => [n, r[0], r[4]])).toEqual([
      [1, 'sku', 'stock'],
      [2, 'COF-ETH-YIR-1KG', '40'],
      [3, 'COF-BRA-CER-1KG', '60'],
    ]);
  });

  it('detects semicolons and tabs', async () => {
    expect((await read(path.join(FIXTURES, 'accepted/semicolon.csv'))).rows[1]).toEqual([
      2,
      ['COF-ETH-YIR-1KG', '41', '4'],
    ]);
    expect((await read(path.join(FIXTURES, 'accepted/tab.tsv'))).rows[2]).toEqual([
      3,
      ['TEA-JPN-SEN-100G', '28', '0'],
    ]);
  });

  it('keeps quoted delimiters, doubled quotes and line breaks in one cell, numbering records as rows', async () => {
    const { rows } = await read(path.join(FIXTURES, 'accepted/quoted.csv'), 4);
    expect(rows.slice(1, 3)).toEqual([
      [2, ['COF-ETH-YIR-1KG', 'Beans, whole; "fresh"\nroasted weekly', '37', '2027-05-05']],
      [3, ['COF-BRA-CER-1KG', 'Two\nline\nname', '58', '']],
    ]);
  });

  it('reports a quote that is never closed once, at its row', async () => {
    const { problems } = await read(path.join(FIXTURES, 'rejected/unclosed-quote.csv'), 4);
    expect(problems).toEqual([{ row: 2, reason: expect.stringContaining('never closed') }]);
  });

  it('stops at a record longer than the limit instead of holding the rest of the file', async () => {
    const file = temp(`sku,name\nA,"${'x'.repeat(5000)}`);
    await expect(read(file, 512, 1000)).rejects.toThrow(/Row 2 runs on for more than 1000 characters/);
  });

  it('refuses a spreadsheet (.xlsx) as not text, naming the row where it stops being text', async () => {
    const failure = read(path.join(FIXTURES, 'rejected/spreadsheet.xlsx'), 1 << 20);
    await expect(failure).rejects.toBeInstanceOf(FileProblem);
    await expect(failure).rejects.toMatchObject({
      code: 'not_text',
      message: expect.stringMatching(/^Row 1 /),
    });
  });

  it.each([1, 5, 64, 1 << 16])(
    'reads Excel\'s "CSV" (Windows-1252) with its characters, in chunks of %i bytes',
    async (chunk) => {
      const { rows } = await read(path.join(FIXTURES, 'accepted/excel-windows-1252.csv'), chunk);
      expect(rows.slice(1).map(([n, r]) => [n, r[0], r[3]])).toEqual([
        [2, 'CAFÉ-CRÈME-250G', 'Café crème “maison” – 250 g à 9 €'],
        [3, 'COF-ETH-YIR-1KG', 'Ethiopia Yirgacheffe – Whole Bean 1 kg'],
      ]);
    },
  );

  describe('names the row of a byte no text of the file can hold, never a byte offset', () => {
    // UTF-8 rows, then a row saved by something else in Windows-1252 ("é" as one byte), quoted
    // line breaks included so records and lines differ.
    const mixed = Buffer.concat([
      Buffer.from('sku,name\r\nA-1,"Café\r\ncrème"\r\nA-2,Thé\r\nA-3,caf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\nA-4,x\r\n'),
    ]);

    it.each([1, 4, 9, 1 << 16])(
      'a byte that is not UTF-8 in a UTF-8 file, in chunks of %i bytes',
      async (chunk) => {
        const failure = read(temp(mixed), chunk);
        await expect(failure).rejects.toMatchObject({
          code: 'not_text',
          message: expect.stringMatching(
            /^Row 4 has characters that are not UTF-8, though the rows before it are/,
          ),
        });
        await expect(failure).rejects.not.toThrow(/byte \d/);
      },
    );

    it('far into the file, past the first chunks', async () => {
      const start = 'sku,name\nA-0,Café\n' + 'A-1,x\n'.repeat(30_000);
      const failure = read(
        temp(Buffer.concat([Buffer.from(start), Buffer.from([0x41, 0x2c, 0xe9, 0x0a])])),
        1 << 16,
      );
      await expect(failure).rejects.toThrow(/^Row 30003 has characters that are not UTF-8/);
    });

    it.each([1, 7, 1 << 16])('a NUL byte, in chunks of %i bytes', async (chunk) => {
      const file = temp(
        Buffer.concat([Buffer.from('sku,stock\nA-1,1\nA-2,'), Buffer.from([0]), Buffer.from('2\n')]),
      );
      await expect(read(file, chunk)).rejects.toMatchObject({
        code: 'not_text',
        message: expect.stringMatching(/^Row 3 holds a NUL byte/),
      });
    });
  });

  it('refuses an empty file', async () => {
    await expect(read(path.join(FIXTURES, 'rejected/empty.csv'))).rejects.toMatchObject({
      code: 'empty_file',
    });
  });
});
