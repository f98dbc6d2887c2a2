/**
 * Dates and times as the store sees them: in its time zone (Settings), whatever the browser's zone.
 * The rules read back-in-stock dates the same way (core/domain/dates.ts): a date is reached once that
 * day has started in the store's zone.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string, at: Date): Record<string, string> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
}

/** Today's date (`YYYY-MM-DD`) in the store's zone. */
export function todayIn(timeZone: string, now: Date): string {
  const p = partsIn(timeZone, now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** `2026-01-31 18:05`: an instant as a clock in the store's zone shows it. */
export function formatInZone(iso: string, timeZone: string): string {
  const p = partsIn(timeZone, new Date(iso));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** True when the back-in-stock date has started in the store's zone (backorder stops on it). */
export function dateStarted(date: string, timeZone: string, now: Date): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && todayIn(timeZone, now) >= date;
}
