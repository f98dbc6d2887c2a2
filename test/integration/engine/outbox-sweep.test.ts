/**
 * The outbox sweep is the safety net for a notice whose first job never sends it: here, because
 * Redis still holds finished jobs under the ids a reset database hands out again (the demo's data
 * folder deleted, Redis kept). The sweep must queue the notice under a new job id, and it goes out.
 */
import { template } from '../../support/admin-client';
import { eventually, type Harness, installApp, startHarness } from '../../support/app-harness';

const HASH = 'sweep1';

describe('the outbox sweep', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness('pglite', { jobs: { outboxSweepAfterMs: 1000, scheduleEveryMs: 1000 } });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
  });
  afterAll(async () => h?.close());

  it('sends a notice whose first job id was already used', async () => {
    const notify = h.runtime.queues.queues.notify;
    // Finished jobs left by an earlier database: ids notify.1 … notify.40, for outbox rows long gone.
    for (let id = 1; id <= 40; id++)
      await notify.add('notify', { outboxId: 10_000 + id }, { jobId: `notify.${id}` });
    await eventually(
      async () => ((await notify.getJobCounts('completed')).completed ?? 0) >= 40,
      10_000,
      'old jobs',
    );

    const { api } = await installApp(h, HASH);
    expect((await api.put('/api/settings', { ownerEmail: 'owner@sweep.test' })).status).toBe(200);
    expect((await api.post('/api/templates', template())).status).toBe(201);
    const p = h.emulator.store(HASH)!.products.find((x) => x.inventory_tracking === 'product')!;
    h.emulator.store(HASH)!.setInventory(p.sku, 0);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);

    const [mail] = await h.mail.waitFor(1, 15_000);
    expect(mail!.to).toContain('owner@sweep.test');
    expect(mail!.subject).toMatch(/enabled|on backorder/i);
  });
});
