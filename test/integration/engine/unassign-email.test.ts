/**
 * Unassigning a product with variants sends its owner one email, with every variant's stock data in
 * its CSV: also when a second notify job for the same notice (the minute sweep's) runs at the same
 * time as the first. Real PostgreSQL, Redis, SMTP on loopback and the emulator.
 */
import { sql } from 'drizzle-orm';
import { template } from '../../support/admin-client';
import { eventually, installApp, startHarness, type Harness } from '../../support/app-harness';
import { sizedProduct } from '../../support/emulator-products';

const HASH = 'unassign1';

describe('the unassign email', () => {
  let h: Harness;
  let api: Awaited<ReturnType<typeof installApp>>['api'];

  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({ hash: HASH, seed: 'empty' });
    h.emulator.setRateLimit(null);
    ({ api } = await installApp(h, HASH));
    expect((await api.put('/api/settings', { ownerEmail: 'owner@unassign.test' })).status).toBe(200);
    expect((await api.post('/api/templates', template())).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const pendingNotices = async () =>
    (
      (await h.runtime.database.db.execute(
        sql`select id from outbox where type = 'notify-owner' and dispatched_at is null order by id`,
      )) as unknown as { rows: Array<{ id: number | string }> }
    ).rows.map((r) => Number(r.id));

  /** A product of three sizes in stock (no email at assignment), assigned. */
  async function assignedTee(sku: string) {
    const made = await fetch(`${h.emulator.url}/_emulator/stores/${HASH}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        sizedProduct({ name: `Tee ${sku}`, sku, price: 20, inventory_tracking: 'variant' }, [
          ['S', `${sku}-S`, 5],
          ['M', `${sku}-M`, 6],
          ['L', `${sku}-L`, 7],
        ]),
      ),
    });
    expect(made.status).toBe(201);
    const productId = String(((await made.json()) as { id: number }).id);
    expect((await api.post('/api/assignments', { productIds: [productId] })).status).toBe(201);
    await eventually(
      async () => (await api.get(`/api/items?q=${sku}`)).body.items.length === 3,
      10_000,
      'three variants assigned',
    );
    return productId;
  }

  /** Every notice sent, then a while for a late one (a second email would come within it). */
  async function settledMail(before: number) {
    await h.mail.waitFor(before + 1, 15_000);
    await eventually(async () => (await pendingNotices()).length === 0, 15_000, 'every notice sent');
    await new Promise((r) => setTimeout(r, 2500));
    return h.mail.messages.slice(before);
  }

  function expectOneEmailOfThreeVariants(mails: typeof h.mail.messages, sku: string) {
    expect(mails.map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Product unassigned: Tee .* and 2 other variants$/),
    ]);
    // The body lists each variant's figures, not only the first one's.
    for (const size of ['S', 'M', 'L']) expect(mails[0]!.text).toContain(`SKU: ${sku}-${size} · On hand:`);
    const [csv] = mails[0]!.attachments;
    expect(csv).toMatchObject({ contentType: 'text/csv' });
    const lines = csv!.content
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toMatch(/^sku,product_id,variant_id,name,stock,backordered,/);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual([`${sku}-L`, `${sku}-M`, `${sku}-S`]);
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[4])
        .sort(),
    ).toEqual(['5', '6', '7']);
  }

  it('is one email listing every variant', async () => {
    const productId = await assignedTee('TEE1');
    const before = h.mail.messages.length;
    expect((await api.delete(`/api/assignments/${productId}`)).body).toEqual({
      unassigned: 3,
      keptPurchasable: 0,
      purchaseDisabled: 3,
    });
    expectOneEmailOfThreeVariants(await settledMail(before), 'TEE1');
  });

  it('is one email when two notify jobs race for it', async () => {
    const productId = await assignedTee('TEE2');
    const notify = h.runtime.queues.queues.notify;
    // Held until both jobs for each notice are queued, then taken at once by the worker's slots.
    await notify.pause();
    try {
      const before = h.mail.messages.length;
      expect((await api.delete(`/api/assignments/${productId}`)).body).toEqual({
        unassigned: 3,
        keptPurchasable: 0,
        purchaseDisabled: 3,
      });
      const notices = await pendingNotices();
      expect(notices.length).toBeGreaterThan(0);
      // The sweep's job for a notice whose first job seems lost: a second id, the same notice.
      for (const id of notices) await notify.add('notify', { outboxId: id }, { jobId: `race.${id}` });
      await notify.resume();
      expectOneEmailOfThreeVariants(await settledMail(before), 'TEE2');
    } finally {
      await notify.resume();
    }
  });
});
