/**
 * The rows of an import as PostgreSQL's COPY text, the way the parse stages them: a row read and
 * checked (`readRow`) is written as it is; a row of the export's shape with clean cells takes a fast
 * path that checks and writes in one go, byte for byte the same line.
 */
import { isRealDate } from '../domain/dates';
import { copyText } from '../lib/copy-text';
import type { ColumnMap } from './columns';
import { ISO_SHAPE } from './date-cells';
import { BOOLEANS, LIMITS, type StagedRow } from './import-row';

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
      !cleanInteger(stock, 0, LIMITS.stock) ||
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
