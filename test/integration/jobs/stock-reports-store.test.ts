/**
 * The per-store stock-report hashes on real Redis: what an uninstall leaves behind.
 */
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { stockReports } from '../../../jobs/stock-reports';
import type { StockReport } from '../../../core/use-cases/ingest-platform-change.use-case';

describe('stockReports', () => {
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  afterAll(async () => redis.quit());

  const report = (value: number, createdAt: number): StockReport => ({
    kind: 'level',
    productId: '7',
    value,
    key: `delivery-${value}-${createdAt}`,
    createdAt,
    receivedAt: Date.now(),
  });

  it('keeps every count and every change of a product: none is merged into another', async () => {
    const prefix = `test-reports-${randomBytes(4).toString('hex')}`;
    const reports = stockReports(redis, prefix);
    await reports.offer(1, report(5, 100));
    await reports.offer(1, report(4, 101));
    await reports.offer(1, { ...report(-2, 101), kind: 'delta' });
    await reports.offer(1, { ...report(-2, 101), kind: 'delta', key: 'another delivery' });
    const taken = await reports.take(1);
    expect(taken.map((r) => [r.kind, r.value]).sort()).toEqual([
      ['delta', -2],
      ['delta', -2],
      ['level', 4],
      ['level', 5],
    ]);
    await redis.del(...(await redis.keys(`${prefix}:*`)));
  });

  it("keeps every edit's delivery, so each is settled when the pass reads the product", async () => {
    const prefix = `test-reports-${randomBytes(4).toString('hex')}`;
    const reports = stockReports(redis, prefix);
    const edit = (key: string): StockReport => ({ ...report(0, 100), kind: 'drift', key });
    await reports.offer(1, edit('edit-1'));
    await reports.offer(1, edit('edit-2'));
    expect((await reports.take(1)).map((r) => r.key).sort()).toEqual(['edit-1', 'edit-2']);
    await redis.del(...(await redis.keys(`${prefix}:*`)));
  });

  it('forgets an uninstalled store: its waiting reports go at once, another store keeps its own', async () => {
    const prefix = `test-reports-${randomBytes(4).toString('hex')}`;
    const reports = stockReports(redis, prefix);
    await reports.offer(1, report(5, 100));
    await reports.offer(2, report(9, 100));
    expect(await reports.any(1)).toBe(true);

    await reports.forget(1);
    expect(await reports.any(1)).toBe(false);
    expect(await reports.take(1)).toEqual([]);
    expect(await reports.take(2)).toEqual([expect.objectContaining({ value: 9 })]);
    await redis.del(...(await redis.keys(`${prefix}:*`)));
  });
});
