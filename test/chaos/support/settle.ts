/**
 * Waiting for the system to be quiet after the last input, bounded. An input is an operation, a
 * fault's end, a merchant change, or a delivery of a platform event our operations caused (a retry of
 * one that failed during an outage reaches the app up to minutes later). Quiet means: no platform
 * call by the app, no delivery, no email, no new log entry or outbox row for a while, and no retry
 * still due. The run watches at least until `quietWithinMs` after the last input (invariant 4).
 */
import type { MailCatcher } from '../../../core/mail/catcher';
import type { DeliveryRecord } from '../../../emulator';
import type { AppDb } from './app-db';
import type { Platform } from './platform';
import type { Profile } from './profile';

export interface Settled {
  /** The last operation, fault end or merchant change. */
  inputsEndedAt: number;
  /** The same, or a later delivery of an event our operations caused. */
  lastInputAt: number;
  lastActivityAt: number;
  endedAt: number;
  quiet: boolean;
  retriesPending: number;
}

const QUIET_FOR_MS = 15_000;
const WATCH_PAST_MS = 10_000;

/** Deliveries whose last attempt failed and that the emulator will try again, with when. */
export function retriesDue(deliveries: DeliveryRecord[], delaysMs: number[]): number[] {
  const last = new Map<string, DeliveryRecord>();
  for (const d of deliveries) last.set(d.id, d);
  return [...last.values()]
    .filter((d) => !d.ok && d.attempt <= delaysMs.length)
    .map((d) => Date.parse(d.at) + delaysMs[d.attempt - 1]!);
}

export async function settle(
  platform: Platform,
  db: AppDb,
  mail: MailCatcher,
  profile: Profile,
  inputsEndedAt: number,
  log: (line: string) => void,
): Promise<Settled> {
  const deadline = inputsEndedAt + profile.settleLimitMs;
  const { emulator } = platform;
  let signature = '';
  let lastActivityAt = Date.now();
  let lastInputAt = inputsEndedAt;
  let lastLog = Date.now();
  for (;;) {
    let marks = `db unreachable ${Date.now()}`;
    try {
      marks = await db.marks();
    } catch {
      // counted as activity: the app's side cannot be seen
    }
    const now = Date.now();
    const next = `${emulator.exchanges.length}/${emulator.deliveries.length}/${mail.messages.length}/${marks}`;
    if (next !== signature) [signature, lastActivityAt] = [next, now];
    for (const d of emulator.deliveries)
      if (platform.opPayloads.has(d.payload)) lastInputAt = Math.max(lastInputAt, Date.parse(d.at));
    const pending = retriesDue(emulator.deliveries, profile.retryDelaysMs).filter((due) => due <= deadline);
    const watched = now >= lastInputAt + profile.quietWithinMs + WATCH_PAST_MS;
    // Effects still in the outbox (an email a killed worker held) are work the app has yet to do.
    const undone = Number(marks.split('/')[2] ?? 0);
    const quiet = now - lastActivityAt >= QUIET_FOR_MS && pending.length === 0 && !(undone > 0);
    if ((watched && quiet) || now >= deadline)
      return {
        inputsEndedAt,
        lastInputAt,
        lastActivityAt,
        endedAt: now,
        quiet,
        retriesPending: pending.length,
      };
    if (now - lastLog >= 15_000) {
      lastLog = now;
      log(
        `settling: last input ${s(now - lastInputAt)} ago, last activity ${s(now - lastActivityAt)} ago, ` +
          `${pending.length} deliveries to retry, ${marks.split('/')[2] ?? '?'} effects in the outbox`,
      );
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
