/**
 * An operator following one request through the logs: the id a request came with (or was given) is
 * in its answer, and the worker's lines for the jobs it queued carry it, however the job was queued
 * (a webhook filing a stock report, an admin write relayed through the outbox). Web and workers run
 * in one process here, as `npm start` runs them; the lines are the logger's JSON.
 */
import { deliverInventoryCount } from '../../../emulator';
import { template } from '../../support/admin-client';
import { CLIENT_SECRET, eventually, type Harness } from '../../support/app-harness';
import { demoStoreViews, startWithDemoStore, type AdminClient } from '../../support/demo-store';

const HASH = 'reqid1';

describe('request ids in the logs of the jobs a request queues', () => {
  let h: Harness;
  let api: AdminClient;
  let hookToken: string;

  beforeAll(async () => {
    ({ h, api, hookToken } = await startWithDemoStore('postgres', { hash: HASH }));
    expect((await api.post('/api/templates', template())).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const { store, simple, item } = demoStoreViews(HASH, () => ({ h, api }));
  const lines = () => h.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
  /** The worker's lines for jobs of `queue` queued under `requestId`. */
  const jobLines = (requestId: string, queue: string) =>
    lines().filter((l) => l.requestId === requestId && l.queue === queue && typeof l.jobId === 'string');

  // Nothing waiting: a store's drain job queued now is this request's, not one queued earlier.
  const idle = async () => {
    const q = h.runtime.queues.queues;
    for (const queue of [q.ingest, q.stockRefresh, q.platformSync]) {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  };

  it('answers with the id the request came with, or a fresh one when that is not safe to log', async () => {
    const kept = await fetch(`${h.appUrl}/healthz`, { headers: { 'x-request-id': 'lb-7f3a' } });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a');
    const replaced = await fetch(`${h.appUrl}/healthz`, { headers: { 'x-request-id': 'a b"c' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const none = await fetch(`${h.appUrl}/healthz`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries an admin write’s id into the platform write it queued through the outbox', async () => {
    const [p] = simple();
    store().setInventory(p!.sku, 0);
    await eventually(idle, 20_000, 'queues idle');
    const res = await api.post(
      '/api/assignments',
      { productIds: [String(p!.id)] },
      { 'x-request-id': 'assign-1' },
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('assign-1');
    await eventually(async () => (await item(p!.sku))?.status === 'backorder', 15_000, 'on backorder');
    const done = await eventually(
      () => jobLines('assign-1', 'platform-sync').find((l) => l.msg === 'platform-sync done'),
      15_000,
      'the platform-sync job’s lines',
    );
    expect(done.jobId).toMatch(/^sync\./);
  });

  it('carries a webhook’s id into the stock pass it queued, and from there into what that pass queues', async () => {
    const [, p] = simple();
    store().setInventory(p!.sku, 40);
    expect((await api.post('/api/assignments', { productIds: [String(p!.id)] })).status).toBe(201);
    await eventually(async () => (await item(p!.sku))?.stock === 40, 15_000, 'assigned');
    await eventually(idle, 20_000, 'queues idle');

    const status = await deliverInventoryCount({
      url: `${h.appUrl}/webhooks/bigcommerce`,
      clientSecret: CLIENT_SECRET,
      hookToken,
      hash: HASH,
      productId: p!.id,
      value: 0,
      headers: { 'x-request-id': 'abc123' },
    });
    expect(status).toBe(200);
    const done = await eventually(
      () => jobLines('abc123', 'stock-refresh').find((l) => l.msg === 'stock-refresh done'),
      15_000,
      'the stock pass’s lines',
    );
    expect(done).toMatchObject({ level: 'debug', requestId: 'abc123', queue: 'stock-refresh' });
    expect(
      h.logs.find((l) => l.includes('"msg":"stock-refresh done"') && l.includes('"requestId":"abc123"')),
    ).toBeDefined();
    // The count put the item on backorder: the platform write the pass queued carries the id too.
    await eventually(
      () => jobLines('abc123', 'platform-sync').find((l) => l.msg === 'platform-sync done'),
      15_000,
      'the platform write queued by the stock pass',
    );
  });
});
