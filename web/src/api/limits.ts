/**
 * The server's validation rules, checked by every form before it sends: the limits and the words
 * come from the admin contract (core/contract/admin-api.ts) the server's schemas use, so a form
 * refuses what the server would refuse, with the same words.
 */
import { isRealDate, LIMITS, RULE_WORDS as W } from '../../../core/contract/admin-api';

export { isRealDate, LIMITS };

export type Problem = string | undefined;

export function wholeNumber(raw: string, min: number, max: number): Problem {
  if (raw.trim() === '') return W.required;
  const n = Number(raw);
  if (!Number.isFinite(n) || !Number.isInteger(n)) return W.wholeNumber;
  if (n < min) return min === 0 ? W.notNegative : W.atLeast(min);
  if (n > max) return W.atMost(max);
  return undefined;
}

export const countProblem = (raw: string) => wholeNumber(raw, LIMITS.count.min, LIMITS.count.max);

export function textProblem(value: string, max: number, required = false): Problem {
  const v = value.trim();
  if (required && v.length === 0) return W.required;
  if (v.length > max) return W.atMostChars(max);
  return undefined;
}

export const dateProblem = (value: string): Problem =>
  value === '' || isRealDate(value) ? undefined : W.realDate;

export const emailProblem = (value: string): Problem =>
  value.trim() === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) ? undefined : W.email;

export function timeZoneProblem(zone: string): Problem {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return W.timeZone;
  }
}

/** Keeps only the problems that exist. */
export function problems<T extends Record<string, Problem>>(all: T): Partial<Record<keyof T, string>> {
  const out: Partial<Record<keyof T, string>> = {};
  for (const [k, v] of Object.entries(all)) if (v) out[k as keyof T] = v;
  return out;
}
