/**
 * The per-store Redis hash where stock webhooks leave their reports for the next stock pass. A report
 * replaces an older one for the same product (by the platform's `created_at`, then by arrival); a
 * pass takes the hash whole (see stock-refresh.worker.ts).
 */
import type IORedis from 'ioredis';
import type { StockReport } from '../core/use-cases/ingest-platform-change.use-case';

/**
 * KEYS: waiting reports, newest count stamp seen per product. ARGV: the report's field, the report,
 * its stamp (seconds, ms), and the field its stamp is kept under ('' for none). A count older than the
 * newest seen for its product (even one already applied and gone from the waiting hash) is dropped: a
 * late count never overwrites a newer one. Stamps are validated before they get here (whole
 * seconds, whole milliseconds); a stored stamp that is not two whole numbers (written by an older
 * version) is taken as no stamp, so it can never wedge its product.
 */
const OFFER = `
local nc, nr = tonumber(ARGV[3]), tonumber(ARGV[4])
if ARGV[5] ~= '' then
  local seen = redis.call('hget', KEYS[2], ARGV[5])
  if seen then
    local c, r = string.match(seen, '^(%d+):(%d+)$')
    if c and (tonumber(c) > nc or (tonumber(c) == nc and tonumber(r) > nr)) then return 0 end
  end
  redis.call('hset', KEYS[2], ARGV[5], ARGV[3] .. ':' .. ARGV[4])
  -- A store reinstalled after an uninstall set the stamps to expire: they are kept again.
  redis.call('persist', KEYS[2])
end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
return 1`;

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

/** Three days: longer than the platform retries a webhook delivery. */
const SEEN_AFTER_UNINSTALL_SECONDS = 3 * 24 * 3600;

export interface StockReports {
  /** Keeps the report, unless it is a count older than one already seen for its product (false). */
  offer(storeId: number, report: StockReport): Promise<boolean>;
  /** The reports of an unfinished pass if there are any, else the waiting ones. */
  take(storeId: number): Promise<StockReport[]>;
  /** The taken reports are applied. */
  done(storeId: number): Promise<void>;
  any(storeId: number): Promise<boolean>;
  /**
   * The store is uninstalled: its waiting reports go, and the stamps seen expire once the platform
   * can no longer retry a delivery (48 h), so a late one still can't overwrite a newer count.
   */
  forget(storeId: number): Promise<void>;
}

export function stockReports(redis: IORedis, prefix: string): StockReports {
  const key = (storeId: number) => `${prefix}:stock-reports:${storeId}`;
  const inflight = (storeId: number) => `${prefix}:stock-reports:${storeId}:in-flight`;
  const seen = (storeId: number) => `${prefix}:stock-reports:${storeId}:seen`;
  // An edit is read again whatever it said, so one waits per product; every count and change waits
  // on its own (a count pays units owed, a change adds up: merging two would lose one).
  const field = (r: StockReport) =>
    r.kind === 'drift' ? `drift|${r.productId}` : `${r.kind}|${r.productId}|${r.variantId ?? ''}|${r.key}`;
  const stampField = (r: StockReport) =>
    r.kind === 'level' ? `stock|${r.productId}|${r.variantId ?? ''}` : '';
  return {
    offer: async (storeId, report) =>
      1 ===
      (await redis.eval(
        OFFER,
        2,
        key(storeId),
        seen(storeId),
        field(report),
        JSON.stringify(report),
        String(Math.trunc(report.createdAt)),
        String(Math.trunc(report.receivedAt)),
        stampField(report),
      )),
    take: async (storeId) => {
      const flat = (await redis.eval(TAKE, 2, key(storeId), inflight(storeId))) as string[];
      return flat.filter((_, i) => i % 2 === 1).map((json) => JSON.parse(json) as StockReport);
    },
    done: async (storeId) => void (await redis.del(inflight(storeId))),
    any: async (storeId) => (await redis.exists(key(storeId), inflight(storeId))) > 0,
    forget: async (storeId) => {
      await redis.del(key(storeId), inflight(storeId));
      await redis.expire(seen(storeId), SEEN_AFTER_UNINSTALL_SECONDS);
    },
  };
}
