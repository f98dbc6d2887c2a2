import Papa from 'papaparse';
import { mapColumns, type ColumnMap } from '../../../core/csv/columns';
import { dateOrderOf } from '../../../core/csv/date-cells';
import { readRow, unneutralise, type StagedRow } from '../../../core/csv/import-row';
import { StagedLines } from '../../../core/csv/staged-lines';
import { csvCell } from '../../../core/lib/csv';
import { blankFileValues } from '../../support/fixtures';

const map = mapColumns([
  'sku',
  'stock',
  'backorder_threshold',
  'incoming_stock',
  'back_in_stock_date',
  'backorder_enabled',
]) as ColumnMap;

describe('readRow', () => {
  it('reads every field, trimming spaces', () => {
    expect(readRow([' A-1 ', ' 3 ', '+4', '0', '2027-02-28', ' Yes '], map, 7)).toEqual({
      kind: 'row',
      errors: [],
      staged: {
        row: 7,
        sku: 'A-1',
        stock: 3,
        threshold: 4,
        incomingStock: 0,
        backInStockDate: '2027-02-28',
        clearDate: false,
        enabled: true,
        valid: true,
      },
    });
  });

  it('leaves blank cells (and cells missing at the end of a short row) unchanged', () => {
    const result = readRow(['A-1', '', '5'], map, 2);
    expect(result).toMatchObject({
      kind: 'row',
      errors: [],
      staged: { stock: null, threshold: 5, incomingStock: null, backInStockDate: null, enabled: null },
    });
  });

  it('skips a row of blank cells', () => {
    expect(readRow(['', ' ', ''], map, 3)).toEqual({ kind: 'blank' });
  });

  it('reads "none" as removing the back-in-stock date', () => {
    expect(readRow(['A-1', '', '', '', 'NONE', ''], map, 2)).toMatchObject({
      staged: { backInStockDate: null, clearDate: true },
    });
  });

  it.each([
    ['stock', ['A', '1.5'], 'must be a whole number (digits only, no decimals or separators)'],
    ['stock', ['A', '1,000'], 'must be a whole number (digits only, no decimals or separators)'],
    ['stock', ['A', '1000001'], 'must be between 0 and 1000000'],
    [
      'stock',
      ['A', '-3'],
      'must be 0 or more: stock is the count on the shelf (units owed to customers are in the backordered column)',
    ],
    ['backorder_threshold', ['A', '', '-1'], 'must be 0 or more'],
    ['incoming_stock', ['A', '', '', '-2'], 'must be 0 or more'],
    ['back_in_stock_date', ['A', '', '', '', '2026-02-29'], 'is not a real calendar date'],
    [
      'back_in_stock_date',
      ['A', '', '', '', '29.02.2028'],
      'must be a date written YYYY-MM-DD, or "none" to remove it',
    ],
    ['backorder_enabled', ['A', '', '', '', '', 'maybe'], 'must be yes or no (also true/false, 1/0, Y/N)'],
  ])('names the row, column, value and reason for a bad %s', (column, cells, reason) => {
    const result = readRow(cells, map, 9);
    const value = cells[cells.length - 1]!;
    expect(result).toMatchObject({ kind: 'row', errors: [{ row: 9, column, value, reason }] });
    expect(result.kind === 'row' && result.staged?.valid).toBe(false);
  });

  describe('dates as a spreadsheet saves them (M/D/YYYY in the US, D/M/YYYY elsewhere)', () => {
    const dateOf = (text: string, order: 'month-first' | 'day-first') =>
      readRow(['A', '', '', '', text], map, 6, order);

    it.each([
      ['3/14/2027', '2027-03-14'],
      ['03/04/2027', '2027-03-04'],
      ['12/5/2027', '2027-12-05'],
      ['2/29/2028', '2028-02-29'],
      // Only one reading is a date, whatever the order.
      ['14/3/2027', '2027-03-14'],
      ['2027-03-04', '2027-03-04'],
    ])('a store in the US reads %s as %s', (text, iso) => {
      expect(dateOf(text, 'month-first')).toMatchObject({
        errors: [],
        staged: { backInStockDate: iso, valid: true },
      });
    });

    it.each([
      ['14/3/2027', '2027-03-14'],
      ['31/12/2027', '2027-12-31'],
      ['3/14/2027', '2027-03-14'],
      ['5/5/2027', '2027-05-05'],
      ['2027-03-04', '2027-03-04'],
    ])('a store elsewhere reads %s, which can only be one day, as %s', (text, iso) => {
      expect(dateOf(text, 'day-first')).toMatchObject({ errors: [], staged: { backInStockDate: iso } });
    });

    it('a store elsewhere refuses 3/4/2027, naming both days and how to keep ISO dates', () => {
      expect(dateOf('3/4/2027', 'day-first')).toMatchObject({
        staged: { backInStockDate: null, valid: false },
        errors: [
          {
            row: 6,
            column: 'back_in_stock_date',
            value: '3/4/2027',
            reason:
              'could be 3 April 2027 or 4 March 2027: write the date as YYYY-MM-DD (2027-04-03 for 3 April 2027). To keep dates as YYYY-MM-DD, give the column the custom format yyyy-mm-dd in Excel (Format Cells → Custom) before saving the CSV',
          },
        ],
      });
    });

    it.each([
      ['2/30/2027', 'is not a real calendar date'],
      ['13/13/2027', 'is not a real calendar date'],
      ['3/14/27', 'must be a date written YYYY-MM-DD, or "none" to remove it. To keep dates as YYYY-MM-DD'],
    ])('refuses %s in either store', (text, reason) => {
      for (const order of ['month-first', 'day-first'] as const) {
        expect(dateOf(text, order)).toMatchObject({
          errors: [{ value: text, reason: expect.stringContaining(reason) }],
        });
      }
    });

    it("reads the order from the store's country: month first in the US and its territories only", () => {
      expect(['US', 'us', 'PR'].map(dateOrderOf)).toEqual(['month-first', 'month-first', 'month-first']);
      expect(['GB', 'CA', 'DE', 'AU', '', null, undefined].map(dateOrderOf)).toEqual(
        Array(7).fill('day-first'),
      );
    });
  });

  it('refuses a row with more cells than the header', () => {
    const result = readRow(['A', '1', '2', '3', '', 'no', 'extra'], map, 4);
    expect(result).toMatchObject({
      errors: [
        {
          row: 4,
          column: '',
          value: 'extra',
          reason: expect.stringContaining('7 cells but the header has 6'),
        },
      ],
    });
  });

  it('refuses an empty SKU and stages nothing for the row', () => {
    expect(readRow(['', '5'], map, 5)).toEqual({
      kind: 'row',
      staged: null,
      errors: [{ row: 5, column: 'sku', value: '', reason: expect.stringContaining('is empty') }],
    });
  });

  it('reads back a SKU the export neutralised against formula injection', () => {
    expect(unneutralise("'-SKU")).toBe('-SKU');
    expect(unneutralise("'=1+1")).toBe('=1+1');
    expect(unneutralise("'plain")).toBe("'plain");
    expect(readRow(["'+44-A", '1'], map, 2)).toMatchObject({ staged: { sku: '+44-A' } });
  });

  it('reads back every SKU as the export wrote it, those starting with apostrophes too', () => {
    // `'=A` must not come back as `=A`, another item's SKU.
    const skus = ["'=A", '=A', "''=A", "'", "''", "'plain", "'-", '-', "'\tx", '@home', 'plain'];
    for (const sku of skus) {
      const [cell] = Papa.parse<string[]>(csvCell(sku), { delimiter: ',' }).data[0]!;
      expect(unneutralise(cell!)).toBe(sku);
    }
    expect(csvCell("'=A")).toBe("''=A");
    expect(csvCell("'plain")).toBe("'plain");
  });
});

describe('StagedLines', () => {
  const rows: string[][] = [
    ['A-1', '5', '10', '0', '2027-02-28', 'yes'],
    ['A-2', '3', '', '', '', ''],
    ['A-3', '4', '0', '12', '', 'n'],
    ['tab\there', '1', '1', '1', '', 'false'],
    ['back\\slash', '1000000', '1000000', '1000000', '2028-02-29', '1'],
    ['Größe-M', '0', '', '', '', 'no'],
    // Rows the fast path leaves to readRow (which accepts some and refuses others):
    [' A-4', '1', '', '', '', ''],
    ['A-5', ' 1', '', '', '', ''],
    ["'+44", '1', '', '', '', ''],
    ['A-6', '1.5', '', '', '', ''],
    ['A-7', '1000001', '', '', '', ''],
    ['A-8', '', '-1', '', '', ''],
    ['A-9', '', '', '', '2027-02-30', ''],
    ['A-10', '', '', '', 'none', ''],
    ['A-11', '', '', '', '', 'Yes'],
    ['A-12', '', '', '', '', 'constructor'],
    ['A-13', '1', '', '', '', '', 'extra'],
    ['', '1', '', '', '', ''],
    ['A-14', '+', '', '', '', ''],
    ['A-16', '+4', '', '', '', ''],
    ['A-17', '', '007', '', '', ''],
    ['A-18', '', '', '-0', '', ''],
    ['A-19', '-', '', '', '', ''],
    ['A-20', '-3', '', '', '', ''],
    ['A-15\u00a0', '1', '', '', '', ''],
  ];

  it('writes staged rows as COPY text: nulls, escapes, UTF-8', () => {
    const lines = new StagedLines();
    const row = (r: Partial<StagedRow>): StagedRow => ({
      row: 2,
      sku: 'A-1',
      ...blankFileValues,
      valid: true,
      ...r,
    });
    lines.add(
      row({
        row: 1234567,
        stock: -3,
        threshold: 0,
        incomingStock: 12,
        backInStockDate: '2027-02-28',
        enabled: true,
      }),
    );
    lines.add(row({ sku: 'tab\tback\\slash\r\nend', clearDate: true, enabled: false, valid: false }));
    lines.add(row({ sku: 'Größe-M\t€', row: 0 }));
    expect(lines.take().toString('utf8')).toBe(
      '1234567\tA-1\t-3\t0\t12\t2027-02-28\tf\tt\tt\n' +
        '2\ttab\\tback\\\\slash\\r\\nend\t\\N\t\\N\t\\N\t\\N\tt\tf\tf\n' +
        '0\tGröße-M\\t€\t\\N\t\\N\t\\N\t\\N\tf\t\\N\tt\n',
    );
    expect(lines.size).toBe(0);
  });

  it('stages exactly what readRow stages for the rows it takes, and takes only clean rows', () => {
    const taken: number[] = [];
    rows.forEach((cells, i) => {
      const fast = new StagedLines();
      if (!fast.addClean(cells, map, i + 2)) {
        expect(fast.size).toBe(0);
        return;
      }
      taken.push(i);
      const read = readRow(cells, map, i + 2);
      expect(read).toMatchObject({ kind: 'row', errors: [] });
      const slow = new StagedLines();
      slow.add((read as { staged: StagedRow }).staged);
      expect(fast.take().toString('utf8')).toBe(slow.take().toString('utf8'));
    });
    expect(taken).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('refuses "constructor" and other names of object properties as yes/no', () => {
    const read = readRow(['A-12', '', '', '', '', 'constructor'], map, 2);
    expect(read).toMatchObject({ errors: [{ column: 'backorder_enabled', value: 'constructor' }] });
  });
});
