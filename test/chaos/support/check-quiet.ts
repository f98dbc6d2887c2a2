/**
 * Invariant 4: the system is quiet within a minute of its last input: after that, no platform write
 * by the app, no new count entry (`on-hand`), no webhook caused by the app's own writes. And no echo
 * loop while it ran: the app counts about one stock count per warehouse count (target ≤ 1.05).
 */
import type { Check, Evidence } from './evidence';

export const EVENTS_PER_COUNT_TARGET = 1.05;

export function checkQuiet(e: Evidence): Check {
  const { settled, profile } = e;
  const quietFrom = settled.lastInputAt + profile.quietWithinMs;
  const writes = e.platform.emulator.exchanges.filter(
    (x) => x.method !== 'GET' && Date.parse(x.at) >= quietFrom,
  );
  const counted = e.events.filter((x) => x.type === 'on-hand' && x.at >= quietFrom);
  const echoes = e.platform.appEvents.filter((x) => x.at >= quietFrom);
  const warehouseCounts = e.ops.filter((op) => op.kind === 'count').length;
  const onHand = e.eventTypes['on-hand'] ?? 0;
  const perCount = warehouseCounts ? onHand / warehouseCounts : 0;
  const after = (at: number) => `+${((at - settled.lastInputAt) / 1000).toFixed(1)} s`;
  const violations: string[] = [];
  if (!settled.quiet)
    violations.push(
      `not quiet ${((settled.endedAt - settled.lastInputAt) / 1000).toFixed(0)} s after the last input ` +
        `(last activity ${after(settled.lastActivityAt)}, ${settled.retriesPending} deliveries still to retry)`,
    );
  if (writes.length > 0)
    violations.push(
      `${writes.length} platform writes by the app after +${profile.quietWithinMs / 1000} s, e.g. ` +
        writes
          .slice(0, 3)
          .map((x) => `${x.method} ${x.path} at ${after(Date.parse(x.at))}`)
          .join(', '),
    );
  if (counted.length > 0)
    violations.push(
      `${counted.length} count entries (on-hand) after +${profile.quietWithinMs / 1000} s, e.g. ` +
        counted
          .slice(0, 3)
          .map((x) => `item ${x.itemId} level ${x.data.level} at ${after(x.at)}`)
          .join(', '),
    );
  if (echoes.length > 0)
    violations.push(
      `${echoes.length} webhooks caused by the app's own writes after +${profile.quietWithinMs / 1000} s, e.g. ` +
        echoes
          .slice(0, 3)
          .map((x) => `${x.payload.scope} at ${after(x.at)}`)
          .join(', '),
    );
  if (perCount > EVENTS_PER_COUNT_TARGET)
    violations.push(
      `${onHand} stock counts applied for ${warehouseCounts} warehouse counts: ${perCount.toFixed(2)} a count ` +
        `(target ≤ ${EVENTS_PER_COUNT_TARGET}): the app counts its own writes`,
    );
  const allWrites = e.platform.emulator.exchanges.filter(
    (x) => x.method !== 'GET' && Date.parse(x.at) >= e.loadStartedAt,
  );
  return {
    name: '4. quiet within a minute of the last input',
    pass: violations.length === 0,
    figures: [
      `count events per warehouse count: ${perCount.toFixed(2)} (${onHand} / ${warehouseCounts}; target ≤ ${EVENTS_PER_COUNT_TARGET})`,
      `app's platform writes during the run: ${allWrites.length} calls; events its writes fired: ${e.platform.appEvents.filter((x) => x.at >= e.loadStartedAt).length}`,
    ],
    violations,
  };
}
