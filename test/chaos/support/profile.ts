/**
 * What a fault run does, from the environment: `CHAOS_PROFILE` (full, the run; quick, a short
 * one for `npm test` later), then `CHAOS_RUNS`, `CHAOS_OPS`, `CHAOS_RATE`, `CHAOS_SEED`,
 * `CHAOS_FAULTS` (on/off) and `CHAOS_RETRY_S` (the emulator's webhook retry delays, seconds, comma
 * separated) override it.
 */

/** BigCommerce retries a failed delivery after 60 s, 180 s, 300 s, … (about 48 hours in all). */
export const BIGCOMMERCE_RETRIES_S = [60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

export interface Profile {
  name: 'full' | 'quick';
  runs: number;
  ops: number;
  /** Operations a second. */
  rate: number;
  seed: number;
  faults: boolean;
  kills: number;
  redisOutageMs: number;
  postgresOutageMs: number;
  hangMs: number;
  retryDelaysMs: number[];
  /** The system must be quiet this long after its last input (invariant 4). */
  quietWithinMs: number;
  /** Settling gives up this long after the last input. */
  settleLimitMs: number;
  /** The items the load works on. */
  items: number;
  threshold: number;
  switchCondition: number;
}

const PROFILES: Record<Profile['name'], Omit<Profile, 'runs' | 'seed'>> = {
  full: {
    name: 'full',
    ops: 5000,
    rate: 100,
    faults: true,
    kills: 2,
    redisOutageMs: 20_000,
    postgresOutageMs: 20_000,
    hangMs: 10_000,
    retryDelaysMs: BIGCOMMERCE_RETRIES_S.map((s) => s * 1000),
    quietWithinMs: 60_000,
    settleLimitMs: 240_000,
    items: 30,
    threshold: 20,
    switchCondition: 0,
  },
  // Slower, with shorter faults, so that they still fall within the load.
  quick: {
    name: 'quick',
    ops: 600,
    rate: 25,
    faults: true,
    kills: 1,
    redisOutageMs: 5000,
    postgresOutageMs: 5000,
    hangMs: 3000,
    // BigCommerce's schedule scaled down, so a short run does not wait a minute for its retries.
    retryDelaysMs: [10, 30, 60, 120, 300].map((s) => s * 1000),
    quietWithinMs: 60_000,
    settleLimitMs: 240_000,
    items: 30,
    threshold: 20,
    switchCondition: 0,
  },
};

function int(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
  return value;
}

export function readProfile(): Profile {
  const name = process.env.CHAOS_PROFILE ?? 'full';
  if (name !== 'full' && name !== 'quick') throw new Error('CHAOS_PROFILE must be full or quick');
  const base = PROFILES[name];
  const faults = process.env.CHAOS_FAULTS ?? 'on';
  if (!['on', 'off', '1', '0', 'true', 'false'].includes(faults))
    throw new Error('CHAOS_FAULTS must be on or off');
  const retries = process.env.CHAOS_RETRY_S;
  return {
    ...base,
    runs: int('CHAOS_RUNS', 1),
    ops: int('CHAOS_OPS', base.ops),
    rate: int('CHAOS_RATE', base.rate),
    seed: int('CHAOS_SEED', Math.floor(Math.random() * 1_000_000), 0),
    faults: ['on', '1', 'true'].includes(faults),
    retryDelaysMs: retries ? retries.split(',').map((s) => Number(s) * 1000) : base.retryDelaysMs,
  };
}
