/**
 * One data row of an import file, checked cell by cell. A blank cell leaves the item's value as it
 * is; a cell that cannot be read becomes an error naming the row (as a spreadsheet numbers it), the
 * column (as the file names it), the value and the reason. Plain functions rather than a zod schema
 * per row: a million rows must parse in seconds, and each reason names exactly what is wrong.
 */
import { isRealDate } from '../domain/dates';
import { copyText } from '../lib/copy-text';
import { NEUTRALISED } from '../lib/csv';
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

/** Whole numbers: stock may go negative (oversold), the counts not. Made once, not per row. */
const stockNumber = (text: string) => integer(text, -LIMITS.stock, LIMITS.stock);
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

/** The staging table's columns, in the order of a staged line. */
export const STAGED_COLUMNS =
  '"row", sku, stock, threshold, incoming_stock, back_in_stock_date, clear_date, enabled, valid';

const TAB = 9;
const NEWLINE = 10;
const BACKSLASH = 92;
const NULL_TEXT = '\\N';

/**
 * Staged rows as lines of COPY text (`STAGED_COLUMNS` order), written byte by byte into one growing
 * buffer: building each line as a string and encoding the batch cost 0.3 s more for a million rows
 * (measured).
 */
export class StagedLines {
  private buf = Buffer.allocUnsafe(1 << 18);
  private len = 0;

  get size(): number {
    return this.len;
  }

  /** The lines written since the last take, in a buffer of their own. */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.len));
    this.len = 0;
    return out;
  }

  /** A row as `readRow` staged it. */
  add(r: StagedRow): void {
    const n = (v: number | null) => (v === null ? '' : String(v));
    this.line(
      r.row,
      r.sku,
      n(r.stock),
      n(r.threshold),
      n(r.incomingStock),
      r.backInStockDate ?? '',
      r.clearDate,
      r.enabled,
      r.valid,
    );
  }

  /**
   * The fast path for the common row, every cell clean: writes the row without building a
   * `StagedRow` and answers true, or writes nothing and answers false for any row `readRow` must look
   * at (a blank or short SKU cell, spaces around a value, an alias spelling, a bad value, a `none`
   * date, extra cells). For a row it takes it writes exactly what `add` writes for `readRow`'s.
   */
  addClean(cells: string[], map: ColumnMap, row: number): boolean {
    if (cells.length > map.names.length) return false;
    const sku = cells[map.index.sku!] ?? '';
    if (sku === '' || sku.charCodeAt(0) === 39 || !trimmed(sku)) return false;
    const stock = cellAt(cells, map.index.stock);
    const threshold = cellAt(cells, map.index.threshold);
    const incoming = cellAt(cells, map.index.incomingStock);
    if (
      !cleanInteger(stock, -LIMITS.stock, LIMITS.stock) ||
      !cleanInteger(threshold, 0, LIMITS.count) ||
      !cleanInteger(incoming, 0, LIMITS.count)
    )
      return false;
    const day = cellAt(cells, map.index.backInStockDate);
    if (day !== '' && !(day.length === 10 && ISO_SHAPE.test(day) && isRealDate(day))) return false;
    const flagText = cellAt(cells, map.index.enabled);
    const enabled = flagText === '' ? null : BOOLEANS.get(flagText);
    if (enabled === undefined) return false;
    this.line(row, sku, stock, threshold, incoming, day, false, enabled, true);
    return true;
  }

  /** One line; `''` for a number or date writes null (`\N`). */
  private line(
    row: number,
    sku: string,
    stock: string,
    threshold: string,
    incoming: string,
    day: string,
    clearDate: boolean,
    enabled: boolean | null,
    valid: boolean,
  ): void {
    this.room(sku.length * 3 + 80);
    this.digits(row);
    this.text(sku);
    this.ascii(stock === '' ? NULL_TEXT : stock);
    this.ascii(threshold === '' ? NULL_TEXT : threshold);
    this.ascii(incoming === '' ? NULL_TEXT : incoming);
    this.ascii(day === '' ? NULL_TEXT : day);
    this.ascii(clearDate ? 't' : 'f');
    this.ascii(enabled === null ? NULL_TEXT : enabled ? 't' : 'f');
    this.ascii(valid ? 't' : 'f');
    this.buf[this.len - 1] = NEWLINE;
  }

  private room(bytes: number): void {
    if (this.len + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + bytes));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** A whole number of 0 or more, then a tab. */
  private digits(n: number): void {
    const b = this.buf;
    let end = this.len;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) end++;
    for (let at = end, rest = n; at >= this.len; at--, rest = Math.floor(rest / 10)) b[at] = 48 + (rest % 10);
    b[end + 1] = TAB;
    this.len = end + 2;
  }

  /** Text known to be ASCII needing no escape (a number, a date, a flag, `\N`), then a tab. */
  private ascii(text: string): void {
    const b = this.buf;
    let at = this.len;
    for (let i = 0; i < text.length; i++) b[at++] = text.charCodeAt(i);
    b[at] = TAB;
    this.len = at + 1;
  }

  /** Any text, escaped for COPY (`copyText`) and written as UTF-8, then a tab. */
  private text(text: string): void {
    const b = this.buf;
    let at = this.len;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) {
        this.len += b.write(copyText(text), this.len, 'utf8');
        b[this.len++] = TAB;
        return;
      }
      if (c === BACKSLASH || c === TAB || c === NEWLINE || c === 13) {
        b[at++] = BACKSLASH;
        b[at++] = c === BACKSLASH ? BACKSLASH : c === TAB ? 116 : c === NEWLINE ? 110 : 114;
      } else b[at++] = c;
    }
    b[at] = TAB;
    this.len = at + 1;
  }
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
 * A blank cell, or a whole number in range written as `String(n)` writes it (no `+`, no leading
 * zeros, no `-0`), so that its text is its COPY text.
 */
function cleanInteger(text: string, min: number, max: number): boolean {
  if (text === '') return true;
  if (text.length > 8) return false;
  const negative = text.charCodeAt(0) === 45;
  const at = negative ? 1 : 0;
  // "", "-", "-0", leading zeros: readRow's business.
  if (text.length === at || (text.charCodeAt(at) === 48 && text.length > at + 1) || text === '-0')
    return false;
  let n = 0;
  for (let k = at; k < text.length; k++) {
    const digit = text.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return false;
    n = n * 10 + digit;
  }
  if (negative) n = -n;
  return !(n < min || n > max || (n < 0 && min === 0));
}
