/**
 * The faults of a run: worker SIGKILLs (the worker restarted 3 s later, as a supervisor would), a
 * Redis outage (killed, back empty), a PostgreSQL outage (fast shutdown, started again), and a hung
 * Redis (SIGSTOP, then SIGCONT). They follow each other through the load (a hung Redis, a Redis
 * outage, a PostgreSQL outage, with kills before and after), and past its end when the load is
 * shorter than they are. A merchant change is made during each outage.
 */
import type { AdminClient } from '../../support/demo-store';
import type { AppProcesses } from './app';
import { makeChange, type MerchantChange } from './merchant';
import type { PostgresCluster } from './postgres';
import type { Profile } from './profile';
import type { RedisServer } from './redis';

export type FaultKind = 'worker SIGKILL' | 'Redis outage' | 'PostgreSQL outage' | 'hung Redis';

export interface PlannedFault {
  kind: FaultKind;
  /** From the start of the load. */
  at: number;
  durationMs: number;
}

export interface FaultRecord extends PlannedFault {
  startedAt: number;
  recoveredAt: number;
  note: string;
}

const RESTART_AFTER_MS = 3000;
const MERCHANT_AFTER_MS = 3000;
/** A merchant change must reach the platform and the inbox this soon after the backend is back. */
export const MERCHANT_WITHIN_MS = 120_000;

export function planFaults(profile: Profile, loadMs: number): PlannedFault[] {
  if (!profile.faults) return [];
  // The hang first, while the flood is on (its deliveries pile up behind it); kills before the
  // outages and after them, alternately.
  const kinds: Array<[FaultKind, number]> = [
    ['hung Redis', profile.hangMs],
    ['Redis outage', profile.redisOutageMs],
    ['PostgreSQL outage', profile.postgresOutageMs],
  ];
  for (let k = 0; k < profile.kills; k++)
    kinds.splice(k % 2 === 0 ? 0 : kinds.length, 0, ['worker SIGKILL', RESTART_AFTER_MS]);
  const busy = kinds.reduce((sum, [, ms]) => sum + ms, 0);
  const gap = Math.max(2000, (loadMs * 0.9 - busy) / kinds.length);
  let at = Math.min(3000, loadMs * 0.05);
  return kinds.map(([kind, durationMs]) => {
    const fault = { kind, at, durationMs };
    at += durationMs + gap;
    return fault;
  });
}

export interface FaultTargets {
  redis: RedisServer;
  postgres: PostgresCluster;
  app: AppProcesses;
  api: AdminClient;
  /** The merchant change for each outage, in plan order. */
  changes: MerchantChange[];
  lastSeq: () => number;
  log: (line: string) => void;
}

/** Runs the plan from `start`; resolves when every fault is over and every merchant change settled. */
export async function runFaults(
  plan: PlannedFault[],
  start: number,
  t: FaultTargets,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  const changesMade: Array<Promise<void>> = [];
  const outages = [...t.changes];
  let worker = 0;
  for (const fault of plan) {
    await sleepUntil(start + fault.at);
    const startedAt = Date.now();
    let note: string;
    if (fault.kind === 'worker SIGKILL') {
      const index = worker++ % t.app.workers.length;
      await t.app.killWorker(index);
      await sleepUntil(startedAt + fault.durationMs);
      const tries = await t.app.restartWorker(index, startedAt + 180_000);
      note = `worker ${index + 1}${tries > 1 ? `, ${tries} tries to restart` : ''}`;
    } else {
      const change = outages.find((c) => c.during === fault.kind);
      await (fault.kind === 'Redis outage'
        ? t.redis.kill()
        : fault.kind === 'PostgreSQL outage'
          ? t.postgres.stop()
          : Promise.resolve(t.redis.pause()));
      const giveUpAt = startedAt + fault.durationMs + MERCHANT_WITHIN_MS;
      if (change)
        changesMade.push(
          sleep(Math.min(MERCHANT_AFTER_MS, fault.durationMs / 3)).then(() =>
            makeChange(t.api, change, giveUpAt, t.lastSeq),
          ),
        );
      await sleepUntil(startedAt + fault.durationMs);
      await (fault.kind === 'Redis outage'
        ? t.redis.restart()
        : fault.kind === 'PostgreSQL outage'
          ? t.postgres.start()
          : Promise.resolve(t.redis.resume()));
      if (change) change.recoveredAt = Date.now();
      note = change ? `merchant switches ${change.sku} ${change.enabled ? 'on' : 'off'}` : '';
    }
    const record = { ...fault, startedAt, recoveredAt: Date.now(), note };
    records.push(record);
    t.log(
      `${fault.kind} ${((startedAt - start) / 1000).toFixed(1)}–${((record.recoveredAt - start) / 1000).toFixed(1)} s ${note}`,
    );
  }
  await Promise.all(changesMade);
  return records;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const sleepUntil = (at: number) => sleep(Math.max(0, at - Date.now()));
