/**
 * The per-store Redis hash where stock webhooks leave their reports for the next stock pass: one field
 * per delivery (an edit, one per product), so nothing is merged; a pass takes the hash whole (see
 * stock-refresh.worker.ts). A count older than one already applied is not dropped here: the app puts
 * it in its place among the item's changes (`core/domain/replay.ts`).
 */
import type IORedis from 'ioredis';
import type { StockReport } from '../core/use-cases/ingest-platform-change.use-case';

/**
 * A pass takes the waiting reports into an in-flight hash and deletes it only once they are applied:
 * a pass killed half-way leaves it, and the next pass (passes never overlap) finishes it first.
 */
const TAKE = `
if redis.call('exists', KEYS[2]) == 0 then
  if redis.call('exists', KEYS[1]) == 0 then return {} end
  redis.call('rename', KEYS[1], KEYS[2])
end
return redis.call('hgetall', KEYS[2])`;

export interface StockReportTarget {
  productId: string;
  variantId?: string;
}

export interface StockReports {
  /** Keeps the reports for the next pass (one write however many). */
  offer(storeId: number, ...reports: StockReport[]): Promise<void>;
  /** The reports of an unfinished pass if there are any, else the waiting ones. */
  take(storeId: number): Promise<StockReport[]>;
  /** The taken reports are applied. */
  done(storeId: number): Promise<void>;
  any(storeId: number): Promise<boolean>;
  /** The products (and variants) with counts or changes waiting or in flight. */
  waiting(storeId: number): Promise<StockReportTarget[]>;
  /** The store is uninstalled: its waiting reports go. */
  forget(storeId: number): Promise<void>;
}

export function stockReports(redis: IORedis, prefix: string): StockReports {
  const key = (storeId: number) => `${prefix}:stock-reports:${storeId}`;
  const inflight = (storeId: number) => `${prefix}:stock-reports:${storeId}:in-flight`;
  // Every report waits on its own (a count pays units owed, a change adds up: merging two would lose
  // one), edits too: the pass reads a product once however many edits wait, but each delivery must be
  // there to be settled, or it would wait for the sweep to hand it back.
  const field = (r: StockReport) => `${r.kind}|${r.productId}|${r.variantId ?? ''}|${r.key}`;
  return {
    offer: async (storeId, ...reports) => {
      if (reports.length === 0) return;
      await redis.hset(key(storeId), Object.fromEntries(reports.map((r) => [field(r), JSON.stringify(r)])));
    },
    take: async (storeId) => {
      const flat = (await redis.eval(TAKE, 2, key(storeId), inflight(storeId))) as string[];
      return flat.filter((_, i) => i % 2 === 1).map((json) => JSON.parse(json) as StockReport);
    },
    done: async (storeId) => void (await redis.del(inflight(storeId))),
    any: async (storeId) => (await redis.exists(key(storeId), inflight(storeId))) > 0,
    waiting: async (storeId) => {
      const fields = [...(await redis.hkeys(key(storeId))), ...(await redis.hkeys(inflight(storeId)))];
      return fields.flatMap((f) => {
        const [kind, productId, variantId] = f.split('|');
        if (kind === 'drift' || !productId) return [];
        return [{ productId, ...(variantId ? { variantId } : {}) }];
      });
    },
    forget: async (storeId) => void (await redis.del(key(storeId), inflight(storeId))),
  };
}
