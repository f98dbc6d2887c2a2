/**
 * The load: `ops` operations at `rate` a second over the items, 60 % warehouse counts and 40 %
 * shopper orders of 1–3 units, drawn from a seeded generator. Items differ as real ones do: some are
 * sold out (counts mostly 0), some run low, some are well stocked, so every status and the threshold
 * are reached. An item a merchant change is about to touch is left alone from then on.
 */
import type { Platform, PlatformOp, Target } from './platform';

export type Demand = 'sold-out' | 'low' | 'healthy';

/** A warehouse count for an item of this kind, from two draws in [0, 1). */
export function warehouseLevel(demand: Demand, u: number, v: number): number {
  if (demand === 'sold-out') return u < 0.85 ? 0 : 1 + Math.floor(v * 3);
  if (demand === 'low') return Math.floor(v * 7);
  return 8 + Math.floor(v * 33);
}

/** Each target's kind, a third of each, shuffled by the seed. */
export function demands(targets: Target[], random: () => number): Map<string, Demand> {
  const kinds: Demand[] = targets.map((_, i) => (['sold-out', 'low', 'healthy'] as const)[i % 3]!);
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j]!, kinds[i]!];
  }
  return new Map(targets.map((t, i) => [t.sku, kinds[i]!]));
}

export interface LoadRun {
  startedAt: number;
  endedAt: number;
  ops: PlatformOp[];
}

export interface LoadOptions {
  ops: number;
  rate: number;
  random: () => number;
  demand: Map<string, Demand>;
  /** SKUs the load must leave alone (a merchant change is made on them). */
  reserved: Set<string>;
  progress?: (done: number) => void;
}

export async function runLoad(platform: Platform, targets: Target[], o: LoadOptions): Promise<LoadRun> {
  const interval = 1000 / o.rate;
  const startedAt = Date.now();
  const ops: PlatformOp[] = [];
  for (let i = 0; i < o.ops; i++) {
    const due = startedAt + i * interval;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // Every draw is made whatever is reserved, so one seed gives the same sequence of choices.
    const pick = targets[Math.floor(o.random() * targets.length)]!;
    const [isCount, u, v, q] = [o.random() < 0.6, o.random(), o.random(), o.random()];
    const target = o.reserved.has(pick.sku) ? free(targets, o.reserved, pick) : pick;
    if (!target) continue;
    ops.push(
      isCount
        ? platform.count(target, warehouseLevel(o.demand.get(target.sku)!, u, v))
        : platform.order(target, 1 + Math.floor(q * 3)),
    );
    if (o.progress && (i + 1) % 500 === 0) o.progress(i + 1);
  }
  return { startedAt, endedAt: Date.now(), ops };
}

/** The next item after `pick` that no merchant change holds. */
function free(targets: Target[], reserved: Set<string>, pick: Target): Target | undefined {
  const start = targets.indexOf(pick);
  for (let k = 1; k < targets.length; k++) {
    const t = targets[(start + k) % targets.length]!;
    if (!reserved.has(t.sku)) return t;
  }
  return undefined;
}
