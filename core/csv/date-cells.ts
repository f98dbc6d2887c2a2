/**
 * A back-in-stock date cell. The export writes `YYYY-MM-DD`, but a spreadsheet that opens the file
 * shows those dates in its own short format and saves them so: `3/14/2027` from Excel in the US,
 * `14/03/2027` in most other places. A slashed date is read when it can mean one day only: in a
 * store whose country writes the month first (the US and its territories) always month first;
 * elsewhere only when one of its two numbers is over 12. `3/4/2027` in a store elsewhere could be
 * either, so it is an error that says how to keep ISO dates. The country is the store's as the
 * platform gives it (BigCommerce's store information; its `date_format` is how the control panel
 * displays dates, not how the merchant's spreadsheet writes them). A store whose country is not
 * known yet reads dates as elsewhere: it refuses the ambiguous ones, it never guesses.
 */
import { isRealDate } from '../domain/dates';

export type DateOrder = 'month-first' | 'day-first';

export type DateCell = { value: string | 'none' } | { reason: string };

/** Countries whose spreadsheets write the month first (Windows' en-US short date, `M/d/yyyy`). */
const MONTH_FIRST = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);

export function dateOrderOf(country: string | null | undefined): DateOrder {
  return country && MONTH_FIRST.has(country.toUpperCase()) ? 'month-first' : 'day-first';
}

export const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

const KEEP_ISO =
  'To keep dates as YYYY-MM-DD, give the column the custom format yyyy-mm-dd in Excel (Format Cells → Custom) before saving the CSV';
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export function readDate(text: string, order: DateOrder): DateCell {
  if (text.toLowerCase() === 'none') return { value: 'none' };
  if (ISO_SHAPE.test(text))
    return isRealDate(text) ? { value: text } : { reason: 'is not a real calendar date' };
  const slashed = SLASHED.exec(text);
  if (!slashed) {
    const hint = text.includes('/') ? `. ${KEEP_ISO}` : '';
    return { reason: `must be a date written YYYY-MM-DD, or "none" to remove it${hint}` };
  }
  const [a, b, year] = [Number(slashed[1]), Number(slashed[2]), slashed[3]!];
  const monthFirst = isoDate(year, a, b);
  const dayFirst = isoDate(year, b, a);
  if (!monthFirst && !dayFirst) return { reason: 'is not a real calendar date' };
  if (order === 'month-first') return { value: (monthFirst ?? dayFirst)! };
  if (monthFirst && dayFirst && monthFirst !== dayFirst) {
    return {
      reason: `could be ${spoken(dayFirst)} or ${spoken(monthFirst)}: write the date as YYYY-MM-DD (${dayFirst} for ${spoken(dayFirst)}). ${KEEP_ISO}`,
    };
  }
  return { value: (dayFirst ?? monthFirst)! };
}

function isoDate(year: string, month: number, day: number): string | null {
  const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isRealDate(text) ? text : null;
}

/** `2027-04-03` as "3 April 2027". */
function spoken(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]} ${year}`;
}
