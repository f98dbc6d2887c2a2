/**
 * One data row of an import file, checked cell by cell. A blank cell leaves the item's value as it
 * is; a cell that cannot be read becomes an error naming the row (as a spreadsheet numbers it), the
 * column (as the file names it), the value and the reason. Plain functions rather than a zod schema
 * per row: a million rows must parse in seconds, and each reason names exactly what is wrong.
 */
import type { ImportError } from '../contract/admin-api';
import { NEUTRALISED } from '../lib/csv';
import type { ColumnMap, ImportField } from './columns';
import { readDate, type DateOrder } from './date-cells';

export type { ImportError };

export interface StagedRow {
  row: number;
  sku: string;
  stock: number | null;
  threshold: number | null;
  incomingStock: number | null;
  backInStockDate: string | null;
  /** `none` in the date column removes the back-in-stock date. */
  clearDate: boolean;
  enabled: boolean | null;
  /** False when another cell of the row has an error: the row is kept only to check its SKU. */
  valid: boolean;
}

export const LIMITS = { stock: 1_000_000, count: 1_000_000 };

const INTEGER = /^[+-]?\d+$/;
// A Map, not an object literal: a cell reading "constructor" must not find Object.prototype's.
export const BOOLEANS = new Map<string, boolean>([
  ['yes', true],
  ['y', true],
  ['true', true],
  ['1', true],
  ['no', false],
  ['n', false],
  ['false', false],
  ['0', false],
]);

type Cell<T> = { value: T } | { reason: string };

function integer(text: string, min: number, max: number, negative = 'must be 0 or more'): Cell<number> {
  if (!INTEGER.test(text))
    return { reason: 'must be a whole number (digits only, no decimals or separators)' };
  const n = Number(text);
  if (n < 0 && min === 0) return { reason: negative };
  if (n < min || n > max) return { reason: `must be between ${min} and ${max}` };
  return { value: n };
}

/** Made once, not per row. */
const DATES: Record<DateOrder, (text: string) => Cell<string | 'none'>> = {
  'month-first': (text) => readDate(text, 'month-first'),
  'day-first': (text) => readDate(text, 'day-first'),
};

function flag(text: string): Cell<boolean> {
  const value = BOOLEANS.get(text.toLowerCase());
  return value === undefined ? { reason: 'must be yes or no (also true/false, 1/0, Y/N)' } : { value };
}

/** A SKU the export wrote with an apostrophe against formula injection reads back as it was. */
export function unneutralise(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

export type RowResult = { kind: 'blank' } | { kind: 'row'; staged: StagedRow | null; errors: ImportError[] };

const BLANK: RowResult = { kind: 'blank' };
const WHITESPACE = /^\s*$/;

/**
 * Reads one data row. Written for a million calls a file: no closures or arrays made per row, and
 * the `errors` of a clean row is a new empty array only because callers may push to it. `dates`: how
 * the store's spreadsheets write a slashed date (see date-cells.ts); ISO dates read the same either way.
 */
export function readRow(
  cells: string[],
  map: ColumnMap,
  row: number,
  dates: DateOrder = 'day-first',
): RowResult {
  let blank = true;
  for (let i = 0; i < cells.length && blank; i++) blank = WHITESPACE.test(cells[i]!);
  if (blank) return BLANK;
  const errors: ImportError[] = [];
  if (cells.length > map.names.length) {
    const extra = cells.slice(map.names.length).join(' | ');
    errors.push({
      row,
      column: '',
      value: shown(extra),
      reason: `the row has ${cells.length} cells but the header has ${map.names.length}; a value probably contains the delimiter and needs quotes`,
    });
  }
  const sku = unneutralise(cellOf(cells, map, 'sku'));
  if (sku === '')
    fail(
      errors,
      map,
      row,
      'sku',
      '',
      'is empty: rows are matched to items by SKU, so this row cannot be imported (give the product a SKU in BigCommerce, or remove the row)',
    );
  const stock = readCell(cells, map, row, errors, 'stock', stockNumber);
  const threshold = readCell(cells, map, row, errors, 'threshold', countNumber);
  const incomingStock = readCell(cells, map, row, errors, 'incomingStock', countNumber);
  const when = readCell(cells, map, row, errors, 'backInStockDate', DATES[dates]);
  const enabled = readCell(cells, map, row, errors, 'enabled', flag);
  const staged: StagedRow | null =
    sku === ''
      ? null
      : {
          row,
          sku,
          stock,
          threshold,
          incomingStock,
          backInStockDate: when === 'none' ? null : when,
          clearDate: when === 'none',
          enabled,
          valid: errors.length === 0,
        };
  return { kind: 'row', staged, errors };
}

function cellOf(cells: string[], map: ColumnMap, field: ImportField): string {
  const i = map.index[field];
  return i === undefined ? '' : (cells[i] ?? '').trim();
}

function fail(
  errors: ImportError[],
  map: ColumnMap,
  row: number,
  field: ImportField,
  value: string,
  reason: string,
) {
  errors.push({ row, column: map.names[map.index[field]!]!, value: shown(value), reason });
}

/**
 * Whole numbers of 0 or more. Stock is the count on the shelf, never negative: units owed to
 * customers are the export's read-only `backordered` column, and come off the count when it is
 * applied. Made once, not per row.
 */
const stockNumber = (text: string) =>
  integer(
    text,
    0,
    LIMITS.stock,
    'must be 0 or more: stock is the count on the shelf (units owed to customers are in the backordered column)',
  );
const countNumber = (text: string) => integer(text, 0, LIMITS.count);

function readCell<T>(
  cells: string[],
  map: ColumnMap,
  row: number,
  errors: ImportError[],
  field: ImportField,
  parse: (text: string) => Cell<T>,
): T | null {
  const text = cellOf(cells, map, field);
  if (text === '') return null;
  const result = parse(text);
  if ('reason' in result) {
    fail(errors, map, row, field, text, result.reason);
    return null;
  }
  return result.value;
}
