/**
 * The server's validation rules (zod schemas in server/admin.routes.ts), mirrored once for every
 * form: a form refuses what the server would refuse, with the same words.
 */
export const LIMITS = {
  count: { min: 0, max: 1_000_000 },
  switchCondition: { min: -1_000_000, max: 1_000_000 },
  templateName: 100,
  buttonText: 60,
  productMessage: 255,
  cartMessage: 255,
  packingSlipNote: 500,
  search: 100,
  assignBatch: 250,
} as const;

export type Problem = string | undefined;

export function wholeNumber(raw: string, min: number, max: number): Problem {
  if (raw.trim() === '') return 'is required';
  const n = Number(raw);
  if (!Number.isFinite(n) || !Number.isInteger(n)) return 'must be a whole number';
  if (n < min) return min === 0 ? 'must be 0 or more' : `must be at least ${min}`;
  if (n > max) return `must be at most ${max}`;
  return undefined;
}

export const countProblem = (raw: string) => wholeNumber(raw, LIMITS.count.min, LIMITS.count.max);

export function textProblem(value: string, max: number, required = false): Problem {
  const v = value.trim();
  if (required && v.length === 0) return 'is required';
  if (v.length > max) return `must be at most ${max} characters`;
  return undefined;
}

export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const dateProblem = (value: string): Problem =>
  value === '' || isRealDate(value) ? undefined : 'must be a real date written YYYY-MM-DD';

export const emailProblem = (value: string): Problem =>
  value.trim() === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim())
    ? undefined
    : 'must be an email address';

export function timeZoneProblem(zone: string): Problem {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return 'must be an IANA time zone such as Europe/Amsterdam';
  }
}

/** Keeps only the problems that exist. */
export function problems<T extends Record<string, Problem>>(all: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const [k, v] of Object.entries(all)) if (v) out[k as keyof T] = v;
  return out;
}
