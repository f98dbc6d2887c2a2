/**
 * The switch condition is a level, not only a crossing: saving a new store condition applies it to the
 * assigned products at once (a job, one summary email, the platform told through the usual sync), and
 * editing an item's own condition applies it to that item. A switch the merchant set by hand stays.
 */
import { getEffect } from '../../../core/db/outbox.repo';
import { getSettings } from '../../../core/db/settings.repo';
import { findStore } from '../../../core/db/stores.repo';
import type { Actor } from '../../../core/domain/types';
import {
  applySwitchCondition,
  changeSettings,
} from '../../../core/use-cases/change-switch-condition.use-case';
import type { RelayQueues } from '../../../core/use-cases/relay-outbox.use-case';
import { template } from '../../support/admin-client';
import { eventually, type Harness } from '../../support/app-harness';
import { demoStoreViews, startWithDemoStore, type AdminClient } from '../../support/demo-store';

const HASH = 'level1';

describe('the switch condition as a level', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    ({ h, api } = await startWithDemoStore('postgres', { hash: HASH }));
    const settings = await api.put('/api/settings', { ownerEmail: 'owner@level.test', switchCondition: 0 });
    expect(settings.body.switchConditionApply).toBeNull();
    const t = template({ stock: { threshold: 7, incomingStock: 0, backInStockDate: 'none' } });
    expect((await api.post('/api/templates', t)).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const { store, simple, item } = demoStoreViews(HASH, () => ({ h, api }));
  const level = (productId: number) => store().productById(productId)!.inventory_level;
  /** Saves the store's switch condition and waits until the job has applied it. */
  const saveCondition = async (switchCondition: number) => {
    const saved = await api.put('/api/settings', { switchCondition });
    expect(saved.status).toBe(200);
    expect(saved.body.switchConditionApply).toMatchObject({ status: 'applying', to: switchCondition });
    return eventually(
      async () => {
        const apply = (await api.get('/api/settings')).body.switchConditionApply;
        return apply.status === 'applied' ? apply : null;
      },
      15_000,
      `switch condition ${switchCondition} applied`,
    );
  };

  it('raised, switches on the products at or below it; lowered, switches off those it switched on', async () => {
    const [a, b, c] = simple();
    for (const p of [a!, b!, c!]) store().setInventory(p.sku, 3);
    const ids = [a!, b!, c!].map((p) => String(p.id));
    expect((await api.post('/api/assignments', { productIds: ids })).status).toBe(201);
    const byHand = await item(c!.sku);
    expect(byHand).toMatchObject({ stock: 3, enabled: false, status: 'in_stock' });
    // The merchant switches C on by hand: above the condition it still sells its 3 units only.
    const toggled = await api.patch(`/api/items/${byHand.id}`, { enabled: true });
    expect(toggled.body).toMatchObject({ enabled: true, status: 'in_stock' });
    await h.mail.waitFor(1);
    const mailBefore = h.mail.messages.length;

    // Raised to 5: A and B switch on now (one summary email), C's room opens as well.
    expect(await saveCondition(5)).toEqual({
      status: 'applied',
      from: 0,
      to: 5,
      switchedOn: 2,
      switchedOff: 0,
    });
    for (const p of [a!, b!, c!])
      expect(await item(p.sku)).toMatchObject({ stock: 3, enabled: true, status: 'backorder' });
    await eventually(
      () => [a!, b!, c!].every((p) => level(p.id) === 10),
      10_000,
      'the backorder room of 7 published',
    );
    const [raised] = await h.mail.waitFor(mailBefore + 1).then((m) => m.slice(mailBefore));
    expect(raised).toMatchObject({ to: ['owner@level.test'] });
    expect(raised!.subject).toBe(
      'Switch condition 0 → 5: backorder switched on for 2 products, off for 0 products',
    );
    expect(raised!.text).toContain('Backorder switched on: 2');
    // Its link opens the app's Products page in the store's control panel (the emulator's here).
    expect(raised!.text).toContain(
      `Open in Backorder: ${h.emulator.url}/_emulator/stores/${HASH}/manage/app/${h.emulator.appId}/items\n`,
    );
    const log = (await api.get(`/api/events?itemId=${(await item(a!.sku)).id}&type=switch-condition`)).body;
    expect(log.events[0]).toMatchObject({
      actor: { kind: 'user' },
      data: { from: { enabled: false, status: 'in_stock' }, to: { enabled: true, status: 'backorder' } },
    });

    // Lowered back to 0: A and B switch off, their room withdrawn; C stays on as the merchant set it.
    expect(await saveCondition(0)).toMatchObject({ from: 5, to: 0, switchedOn: 0, switchedOff: 2 });
    for (const p of [a!, b!]) expect(await item(p.sku)).toMatchObject({ enabled: false, status: 'in_stock' });
    expect(await item(c!.sku)).toMatchObject({ enabled: true, status: 'in_stock' });
    await eventually(
      () => [a!, b!, c!].every((p) => level(p.id) === 3),
      10_000,
      'the backorder room withdrawn',
    );
    const [lowered] = await h.mail.waitFor(mailBefore + 2).then((m) => m.slice(mailBefore + 1));
    expect(lowered!.subject).toBe(
      'Switch condition 5 → 0: backorder switched on for 0 products, off for 2 products',
    );
    // One email per change: the products it switched got none of their own.
    expect(h.mail.messages).toHaveLength(mailBefore + 2);
    const summary = (await api.get('/api/events?type=switch-condition-applied')).body.events;
    expect(summary.map((e: { data: unknown }) => e.data)).toEqual([
      { from: 5, to: 0, switchedOn: 0, switchedOff: 2 },
      { from: 0, to: 5, switchedOn: 2, switchedOff: 0 },
    ]);

    // Saving the same condition again applies nothing.
    expect((await api.put('/api/settings', { switchCondition: 0 })).body.switchConditionApply).toMatchObject({
      status: 'applied',
      from: 5,
    });
  });

  it('applies an item’s own switch condition when it is edited, and the store’s no longer moves it', async () => {
    const d = simple()[3]!;
    store().setInventory(d.sku, 3);
    expect((await api.post('/api/assignments', { productIds: [String(d.id)] })).status).toBe(201);
    const { id } = await item(d.sku);
    const mailBefore = h.mail.messages.length;

    const raised = await api.patch(`/api/items/${id}`, { switchAt: 4 });
    expect(raised.body).toMatchObject({ switchAt: 4, enabled: true, status: 'backorder' });
    await eventually(() => level(d.id) === 10, 10_000, 'its room published');
    const [on] = await h.mail.waitFor(mailBefore + 1).then((m) => m.slice(mailBefore));
    expect(on!.subject).toMatch(/^Backorder enabled: /);

    // The store's condition moves below its stock: it keeps its own.
    expect(await saveCondition(2)).toMatchObject({ switchedOn: 0, switchedOff: 0 });
    expect(await item(d.sku)).toMatchObject({ enabled: true, status: 'backorder' });

    const lowered = await api.patch(`/api/items/${id}`, { switchAt: 1 });
    expect(lowered.body).toMatchObject({ switchAt: 1, enabled: false, status: 'in_stock' });
    await eventually(() => level(d.id) === 3, 10_000, 'its room withdrawn');
    const [off] = await h.mail.waitFor(mailBefore + 2).then((m) => m.slice(mailBefore + 1));
    expect(off!.subject).toMatch(/^Backorder disabled: /);
    expect(off!.text).toContain('stock above the switch condition');

    expect((await api.patch(`/api/items/${id}`, { switchAt: 1.5 })).status).toBe(400);
  });

  it('applied again after failing midway, switches each product once and counts it once', async () => {
    // The job's steps by hand: saved without queueing, then applied a product a page, failing on the second.
    const db = h.runtime.database.db;
    const storeId = (await findStore(db, 'bigcommerce', HASH))!.id;
    const deps = { db, clock: () => new Date(), enqueueSwitchApply: async () => undefined };
    const owner: Actor = { kind: 'user', userId: 'owner' };
    const [a, b, c] = simple();
    expect((await item(a!.sku)).enabled).toBe(false);

    // A change replaced before its job ran does nothing: the newer one applies its level to everything.
    const replaced = (await changeSettings(deps, storeId, { switchCondition: 4 }, owner))!.switchApply!;
    const change = (await changeSettings(deps, storeId, { switchCondition: 5 }, owner))!.switchApply!;
    // Its summary counts from the last level applied in full.
    expect(change).toMatchObject({ status: 'applying', from: 2, to: 5 });
    const calls = { notify: [] as number[], sync: 0 };
    const relay: RelayQueues = {
      notify: async (id) => void calls.notify.push(id),
      sync: async () => void calls.sync++,
    };
    expect(
      await applySwitchCondition({ db, relay, clock: deps.clock }, storeId, replaced.id, 1),
    ).toBeUndefined();
    expect(calls.sync).toBe(0);

    const failing: RelayQueues = {
      ...relay,
      sync: async () => {
        if (++calls.sync === 2) throw new Error('Redis went away');
      },
    };
    await expect(
      applySwitchCondition({ db, relay: failing, clock: deps.clock }, storeId, change.id, 1),
    ).rejects.toThrow('Redis went away');
    // A and B switched on (B's platform write still waits in the outbox), C not reached yet.
    expect((await getSettings(db, storeId))!.switchApply).toMatchObject({
      status: 'applying',
      switchedOn: 2,
    });
    expect(await item(c!.sku)).toMatchObject({ enabled: true, status: 'in_stock' });

    const done = await applySwitchCondition({ db, relay, clock: deps.clock }, storeId, change.id, 1);
    expect(done).toMatchObject({ status: 'applied', from: 2, to: 5, switchedOn: 2, switchedOff: 0 });
    for (const p of [a!, b!, c!])
      expect(await item(p.sku)).toMatchObject({ enabled: true, status: 'backorder' });
    // One summary, queued once; the repeat found nothing left to do.
    expect(calls.notify).toHaveLength(1);
    expect((await getEffect(db, calls.notify[0]!))!.payload).toEqual({
      kind: 'switch-condition-applied',
      from: 2,
      to: 5,
      switchedOn: 2,
      switchedOff: 0,
    });
    expect(
      await applySwitchCondition({ db, relay, clock: deps.clock }, storeId, change.id, 1),
    ).toBeUndefined();
    expect(calls.notify).toHaveLength(1);
  });
});
