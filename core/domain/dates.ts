/**
 * Calendar dates in a store's time zone. Pure: the caller passes `now`.
 */
import { isRealDate } from '../contract/admin-api';
import type { IsoDate } from './types';

/** The API's date rule is the domain's: one definition (core/contract/admin-api.ts). */
export { isRealDate };

/** Formatters are costly to build and immutable once built, so one per zone is kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const known = formatters.get(timeZone);
  if (known) return known;
  if (timeZone.trim() === '')
    throw new Error('Time zone is empty; expected an IANA name like Europe/Amsterdam.');
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    throw new Error(`Unknown time zone "${timeZone}"; expected an IANA name like Europe/Amsterdam.`);
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

function partOf(parts: Intl.DateTimeFormatPart[], type: 'year' | 'month' | 'day'): string {
  const part = parts.find((p) => p.type === type);
  if (!part) throw new Error(`Date formatting gave no ${type}.`);
  return part.value;
}

/** Today's date (`YYYY-MM-DD`) at the instant `now`, as a clock in `timeZone` shows it. */
export function todayIn(timeZone: string, now: Date): IsoDate {
  const formatter = formatterFor(timeZone);
  if (Number.isNaN(now.getTime())) throw new Error('Cannot tell the date of an invalid time.');
  const parts = formatter.formatToParts(now);
  const year = partOf(parts, 'year').padStart(4, '0');
  return `${year}-${partOf(parts, 'month')}-${partOf(parts, 'day')}`;
}

/** True once the store's today is on or after `date`; a missing date is never reached. */
export function dateReached(date: IsoDate | null, timeZone: string, now: Date): boolean {
  if (date === null) return false;
  return todayIn(timeZone, now) >= date;
}
