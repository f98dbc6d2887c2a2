/** One run's figures and the verdict of each invariant, as printed at the end of the run. */
import type { Check, Evidence } from './evidence';
import type { AppProcesses } from './app';

/** Violations shown per invariant (the rest are counted). */
const SHOWN = 8;

export function runFigures(e: Evidence, app: AppProcesses): string[] {
  const orders = e.ops.filter((op) => op.kind === 'order');
  const refused = orders.filter((op) => op.refused);
  const reasons = new Map<string, number>();
  for (const op of refused) reasons.set(op.refused!, (reasons.get(op.refused!) ?? 0) + 1);
  const seconds = (e.loadEndedAt - e.loadStartedAt) / 1000;
  const deliveries = e.platform.emulator.deliveries.filter((d) => Date.parse(d.at) >= e.loadStartedAt);
  const answered = deliveries.filter((d) => d.statusCode !== undefined);
  const ok = answered.filter((d) => d.ok).length;
  const retried = new Set(deliveries.filter((d) => d.attempt > 1).map((d) => d.id)).size;
  const errors = app
    .outputs()
    .map(({ name, text }) => `${name} ${(text.match(/ ERROR: |"level":"error"/g) ?? []).length}`)
    .join(', ');
  return [
    `operations: ${e.ops.length} in ${seconds.toFixed(1)} s (${(e.ops.length / seconds).toFixed(0)}/s): ` +
      `${e.ops.length - orders.length} warehouse counts, ${orders.length} orders`,
    `orders: ${orders.length - refused.length} accepted by the platform, ${refused.length} refused` +
      (refused.length ? ` (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')})` : ''),
    ...faultFigures(e),
    orderLag(e),
    `settle: ${e.settled.quiet ? 'quiet' : 'NOT quiet'}, last activity ${secs(e.settled.lastActivityAt - e.settled.inputsEndedAt)} ` +
      `after the last operation or fault (last input, retried deliveries included, at +${secs(e.settled.lastInputAt - e.settled.inputsEndedAt)})`,
    `items the platform showed as not purchasable at some point: ${[...e.history.values()].filter((h) => h.some((x) => !x.purchasable)).length}`,
    `deliveries to the app: ${deliveries.length} attempts, ${ok} answered 2xx, ${answered.length - ok} other answers, ` +
      `${deliveries.length - answered.length} unanswered; ${retried} webhooks retried`,
    `app log lines at error level: ${errors}`,
    `app log entries: ${Object.entries(e.eventTypes)
      .sort((a, b) => b[1] - a[1])
      .map(([t, n]) => `${t} ${n}`)
      .join(', ')}`,
  ];
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** When an accepted order became a `sale` entry in the app, by order id. */
function countedAt(e: Evidence): Map<number, number> {
  const at = new Map<number, number>();
  for (const ev of e.events)
    if (ev.type === 'sale' && !at.has(Number(ev.data.orderId))) at.set(Number(ev.data.orderId), ev.at);
  return at;
}

/** How long orders took to be counted: the whole run, p50 / p99 / max. */
function orderLag(e: Evidence): string {
  const at = countedAt(e);
  const lags = e.ops
    .filter((op) => op.orderId !== undefined && at.has(op.orderId))
    .map((op) => at.get(op.orderId!)! - op.at)
    .sort((a, b) => a - b);
  if (lags.length === 0) return 'order → sale entry: no order counted';
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]!;
  return `order → sale entry in the app: p50 ${secs(pct(0.5))}, p99 ${secs(pct(0.99))}, max ${secs(lags[lags.length - 1]!)}`;
}

/**
 * Each fault: when, how long, what the deliveries during it got, and how long orders placed in the
 * 10 s after it took to be counted (a lock left by a killed worker, a lost job, shows here).
 */
function faultFigures(e: Evidence): string[] {
  if (e.faults.length === 0) return ['faults: none'];
  const at = countedAt(e);
  return e.faults.map((f) => {
    const during = e.platform.emulator.deliveries.filter((d) => {
      const t = Date.parse(d.at);
      return t >= f.startedAt && t <= f.recoveredAt;
    });
    const ok = during.filter((d) => d.ok).length;
    const unanswered = during.filter((d) => d.statusCode === undefined).length;
    const after = e.ops.filter(
      (op) => op.orderId !== undefined && op.at >= f.recoveredAt && op.at < f.recoveredAt + 10_000,
    );
    const lags = after.map((op) => (at.get(op.orderId!) ?? Infinity) - op.at);
    const worst = lags.length ? Math.max(...lags) : undefined;
    return (
      `${f.kind} at ${secs(f.startedAt - e.loadStartedAt)} for ${secs(f.recoveredAt - f.startedAt)}` +
      `${f.note ? ` (${f.note})` : ''}: deliveries during it ${during.length} (${ok} 2xx, ${during.length - ok - unanswered} errors, ${unanswered} unanswered); ` +
      `orders in the 10 s after it counted within ${worst === undefined ? '–' : worst === Infinity ? 'never (some)' : secs(worst)}`
    );
  });
}

export function printRun(title: string, figures: string[], checks: Check[]): string {
  const lines = [`\n=== ${title} ===`, ...figures.map((f) => `  ${f}`)];
  for (const c of checks) {
    lines.push(`  [${c.pass ? 'pass' : 'FAIL'}] ${c.name}`);
    for (const f of c.figures) lines.push(`         ${f}`);
    for (const v of c.violations.slice(0, SHOWN)) lines.push(`         - ${v}`);
    if (c.violations.length > SHOWN) lines.push(`         … and ${c.violations.length - SHOWN} more`);
  }
  return lines.join('\n') + '\n';
}
