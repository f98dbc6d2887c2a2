/**
 * One data row of an import file, checked cell by cell. A blank cell leaves the item's value as it
 * is; a cell that cannot be read becomes an error naming the row (as a spreadsheet numbers it), the
 * column (as the file names it), the value and the reason. Plain functions rather than a zod schema
 * per row: a million rows must parse in seconds, and each reason names exactly what is wrong.
 */
import { isRealDate } from '../domain/dates';
import { copyText } from '../lib/copy-text';
import { FORMULA_START } from '../lib/csv';
import type { ColumnMap, ImportField } from './columns';

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

export interface ImportError {
  row: number;
  column: string;
  value: string;
  reason: string;
}

export const LIMITS = { stock: 1_000_000, count: 1_000_000 };

const INTEGER = /^[+-]?\d+$/;
const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
// A Map, not an object literal: a cell reading "constructor" must not find Object.prototype's.
const BOOLEANS = new Map<string, boolean>([
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

function integer(text: string, min: number, max: number): Cell<number> {
  if (!INTEGER.test(text))
    return { reason: 'must be a whole number (digits only, no decimals or separators)' };
  const n = Number(text);
  if (n < 0 && min === 0) return { reason: 'must be 0 or more' };
  if (n < min || n > max) return { reason: `must be between ${min} and ${max}` };
  return { value: n };
}

function date(text: string): Cell<string | 'none'> {
  if (text.toLowerCase() === 'none') return { value: 'none' };
  if (!ISO_SHAPE.test(text)) return { reason: 'must be a date written YYYY-MM-DD, or "none" to remove it' };
  if (!isRealDate(text)) return { reason: 'is not a real calendar date' };
  return { value: text };
}

function flag(text: string): Cell<boolean> {
  const value = BOOLEANS.get(text.toLowerCase());
  return value === undefined ? { reason: 'must be yes or no (also true/false, 1/0, Y/N)' } : { value };
}

/** A SKU the export wrote with an apostrophe against formula injection reads back as it was. */
export function unneutralise(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}

export type RowResult = { kind: 'blank' } | { kind: 'row'; staged: StagedRow | null; errors: ImportError[] };

const BLANK: RowResult = { kind: 'blank' };
const WHITESPACE = /^\s*$/;

/**
 * Reads one data row. Written for a million calls a file: no closures or arrays made per row, and
 * the `errors` of a clean row is a new empty array only because callers may push to it.
 */
export function readRow(cells: string[], map: ColumnMap, row: number): RowResult {
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
  if (sku === '') fail(errors, map, row, 'sku', '', 'is empty; every row needs the SKU of an assigned item');
  const stock = numberIn(cells, map, row, errors, 'stock', -LIMITS.stock);
  const threshold = numberIn(cells, map, row, errors, 'threshold', 0);
  const incomingStock = numberIn(cells, map, row, errors, 'incomingStock', 0);
  const when = readCell(cells, map, row, errors, 'backInStockDate', date);
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

/** A whole-number cell: stock may go down to `min` (negative: oversold), the counts to 0. */
function numberIn(
  cells: string[],
  map: ColumnMap,
  row: number,
  errors: ImportError[],
  field: 'stock' | 'threshold' | 'incomingStock',
  min: number,
): number | null {
  const text = cellOf(cells, map, field);
  if (text === '') return null;
  const result = integer(text, min, field === 'stock' ? LIMITS.stock : LIMITS.count);
  if ('reason' in result) {
    fail(errors, map, row, field, text, result.reason);
    return null;
  }
  return result.value;
}

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

/**
 * The fast path for the common row, every cell clean: the row as a line of COPY text (in the
 * staging table's column order) without building a `StagedRow`, or null for any row `readRow` must
 * look at (a blank or short SKU cell, spaces around a value, an alias spelling, a bad value, a
 * `none` date, extra cells). For a row it accepts it stages exactly what `readRow` would.
 */
export function cleanRowLine(cells: string[], map: ColumnMap, row: number): string | null {
  if (cells.length > map.names.length) return null;
  const sku = cells[map.index.sku!] ?? '';
  if (sku === '' || sku.charCodeAt(0) === 39 || !trimmed(sku)) return null;
  const stock = cleanInteger(cells, map.index.stock, -LIMITS.stock, LIMITS.stock);
  const threshold = cleanInteger(cells, map.index.threshold, 0, LIMITS.count);
  const incoming = cleanInteger(cells, map.index.incomingStock, 0, LIMITS.count);
  if (stock === null || threshold === null || incoming === null) return null;
  const day = cellAt(cells, map.index.backInStockDate);
  if (day !== '' && !(day.length === 10 && ISO_SHAPE.test(day) && isRealDate(day))) return null;
  const flagText = cellAt(cells, map.index.enabled);
  const enabled = flagText === '' ? null : BOOLEANS.get(flagText);
  if (enabled === undefined) return null;
  const flag = enabled === null ? '\\N' : enabled ? 't' : 'f';
  return stagingLine(row, sku, stock, threshold, incoming, day === '' ? '\\N' : day, 'f', flag, 't');
}

/** The staging table's columns, in the order of a staged line. */
export const STAGED_COLUMNS =
  '"row", sku, stock, threshold, incoming_stock, back_in_stock_date, clear_date, enabled, valid';

/** One staged row as a line of COPY text (`STAGED_COLUMNS` order). */
export function stagedLine(r: StagedRow): string {
  const n = (v: number | null) => (v === null ? '\\N' : String(v));
  const flag = (v: boolean | null) => (v === null ? '\\N' : v ? 't' : 'f');
  return stagingLine(
    r.row,
    r.sku,
    n(r.stock),
    n(r.threshold),
    n(r.incomingStock),
    r.backInStockDate ?? '\\N',
    flag(r.clearDate),
    flag(r.enabled),
    flag(r.valid),
  );
}

/** The line itself: every value but the SKU already in COPY text. */
function stagingLine(
  row: number,
  sku: string,
  stock: string,
  threshold: string,
  incoming: string,
  date: string,
  clearDate: string,
  enabled: string,
  valid: string,
): string {
  return `${row}\t${copyText(sku)}\t${stock}\t${threshold}\t${incoming}\t${date}\t${clearDate}\t${enabled}\t${valid}\n`;
}

function cellAt(cells: string[], i: number | undefined): string {
  return i === undefined ? '' : (cells[i] ?? '');
}

/** No whitespace at either end: the cell reads the same trimmed. */
function trimmed(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  if (first <= 32 || last <= 32) return false;
  return (first < 128 && last < 128) || text === text.trim();
}

/**
 * The cell as COPY text (`\N` when blank) when it is a whole number in range written as `String(n)`
 * writes it (no `+`, no leading zeros, no `-0`), else null.
 */
function cleanInteger(cells: string[], i: number | undefined, min: number, max: number): string | null {
  const text = cellAt(cells, i);
  if (text === '') return '\\N';
  if (text.length > 8) return null;
  const negative = text.charCodeAt(0) === 45;
  const at = negative ? 1 : 0;
  // "", "-", "-0", leading zeros: readRow's business.
  if (text.length === at || (text.charCodeAt(at) === 48 && text.length > at + 1) || text === '-0')
    return null;
  let n = 0;
  for (let k = at; k < text.length; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return null;
    n = n * 10 + digit;
  }
  if (negative) n = -n;
  return n < min || n > max || (n < 0 && min === 0) ? null : text;
}
