/**
 * A failed run's evidence per item, written as JSON under test/artifacts/ for whoever fixes it: one
 * timeline per SKU (warehouse counts, orders, the app's writes to the platform, the platform's figures
 * as sampled, the app's log entries), with its first and last state and what the store's history gives.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Evidence } from './evidence';
import type { Target } from './platform';

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts');

/** The entries of an API write (a batch body, or an adjustment's `items`) that are about `t`. */
function writesFor(body: unknown, t: Target): unknown[] {
  const entries = Array.isArray(body) ? body : ((body as { items?: unknown[] } | undefined)?.items ?? []);
  return entries.filter((x) => {
    const r = x as Record<string, unknown>;
    return t.trackBy === 'product'
      ? r.id === t.productId || r.product_id === t.productId || r.sku === t.sku
      : r.id === t.variantId || r.variant_id === t.variantId || r.sku === t.sku;
  });
}

export function writeDump(e: Evidence, seed: number): string {
  const t0 = e.loadStartedAt;
  const at = (ms: number) => Math.round(ms - t0);
  const items = e.targets.map((t) => {
    const itemId = e.final.get(t.sku)!.id;
    const timeline: Array<{ at: number; what: string; data?: unknown }> = [];
    for (const op of e.ops.filter((o) => o.sku === t.sku))
      timeline.push({
        at: at(op.at),
        what:
          op.kind === 'count'
            ? `warehouse count ${op.level}`
            : `order ${op.orderId ? `#${op.orderId}` : `refused (${op.refused})`} of ${op.quantity}`,
        data: { seq: op.seq, before: op.before, setBy: op.setBy, appAdded: op.appAdded },
      });
    for (const x of e.platform.emulator.exchanges) {
      if (x.method === 'GET' || Date.parse(x.at) < t0) continue;
      const mine = writesFor(x.requestBody, t);
      if (mine.length)
        timeline.push({
          at: at(Date.parse(x.at)),
          what: `app ${x.method} ${x.path} → ${x.status}`,
          data: mine,
        });
    }
    for (const s of e.history.get(t.sku) ?? [])
      timeline.push({
        at: at(s.at),
        what: `platform shows ${s.level}${s.purchasable ? '' : ' (purchase disabled)'}`,
      });
    for (const ev of e.events.filter((x) => x.itemId === itemId))
      timeline.push({ at: at(ev.at), what: `app log #${ev.id} ${ev.type}`, data: ev.data });
    for (const m of e.merchant.filter((x) => x.sku === t.sku))
      timeline.push({
        at: at(m.acceptedAt ?? m.attempts[0]?.at ?? t0),
        what: `merchant switch ${m.enabled ? 'on' : 'off'}`,
        data: m,
      });
    const ref = e.reference.get(t.sku)!;
    return {
      sku: t.sku,
      itemId,
      initial: e.initial.get(t.sku)!.state,
      final: e.final.get(t.sku)!.state,
      platform: e.sellable.get(t.sku),
      history: { platformOrder: ref.platform.state, knownOrder: ref.known.state },
      timeline: timeline.sort((a, b) => a.at - b.at),
    };
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `chaos-${e.profile.name}-seed-${seed}.json`);
  writeFileSync(
    file,
    JSON.stringify({ seed, profile: e.profile, faults: e.faults, settled: e.settled, items }, null, 1),
  );
  return file;
}

/** Every process's output of a failed run, one file each, for what the figures cannot say. */
export function writeLogs(
  app: { outputs(): Array<{ name: string; text: string }> },
  profile: string,
  seed: number,
) {
  const dir = path.join(ARTIFACTS, `chaos-${profile}-seed-${seed}-logs`);
  mkdirSync(dir, { recursive: true });
  for (const { name, text } of app.outputs())
    writeFileSync(path.join(dir, `${name.replace(/ /g, '-')}.log`), text);
  return dir;
}
