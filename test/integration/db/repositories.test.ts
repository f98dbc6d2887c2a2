/**
 * The repository contract, run once on PostgreSQL and once on PGlite: same migrations, same queries,
 * same answers.
 */
import { and, eq, sql } from 'drizzle-orm';
import { pruneDeliveries, recordDelivery } from '../../../core/db/deliveries.repo';
import { listEvents } from '../../../core/db/events.repo';
import { listItems } from '../../../core/db/items-list.repo';
import { backorderTexts, getItem } from '../../../core/db/items.repo';
import { claimEffects } from '../../../core/db/outbox.repo';
import { outbox, stores } from '../../../core/db/schema';
import { getSettings, updateSettings } from '../../../core/db/settings.repo';
import {
  addUser,
  findStore,
  markUninstalled,
  removeUser,
  upsertInstalledStore,
} from '../../../core/db/stores.repo';
import {
  createTemplate,
  deleteTemplate,
  getDefaultTemplate,
  listTemplates,
  setDefaultTemplate,
  updateTemplate,
} from '../../../core/db/templates.repo';
import { applyItemEvent } from '../../../core/use-cases/apply-item-event.use-case';
import {
  applySwitchCondition,
  changeSettings,
} from '../../../core/use-cases/change-switch-condition.use-case';
import { recordJobFailure } from '../../../core/use-cases/record-job-failure.use-case';
import { runBackInStockSweep } from '../../../core/use-cases/run-back-in-stock-sweep.use-case';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';
import { defaults, makeItems, makeStore, pendingEffects, storeUsersOf } from '../../support/fixtures';

const system = { kind: 'system' } as const;
const user = { kind: 'user', userId: '7', email: 'amy@example.com' } as const;
const now = new Date('2026-11-24T12:00:00Z');

const template = {
  name: 'Standard',
  buttonText: 'Backorder now',
  productMessage: 'Ships in 2 weeks',
  cartMessage: 'Backordered',
  threshold: 20,
  incomingStock: 0,
  packingSlipNote: 'Ships separately',
};

describe.each(DB_KINDS)('repositories on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  describe('stores', () => {
    it('re-installing keeps the store, its settings and items, and takes the new token', async () => {
      const store = await makeStore(t.db, { platformId: 'abc123' });
      await updateSettings(t.db, store.id, { switchCondition: 3 });
      await makeItems(t.db, store.id, [{}]);
      await markUninstalled(t.db, store.id);
      const gone = await findStore(t.db, 'bigcommerce', 'abc123');
      expect(gone).toMatchObject({ status: 'uninstalled', accessTokenEnc: null });

      const again = await upsertInstalledStore(t.db, {
        platform: 'bigcommerce',
        platformId: 'abc123',
        accessTokenEnc: 'v1:new',
        scopes: 's',
        owner: { id: '1', email: 'owner@example.com' },
        user: { id: '9', email: 'bob@example.com' },
        defaults,
      });
      expect(again.id).toBe(store.id);
      expect(again).toMatchObject({ status: 'active', accessTokenEnc: 'v1:new', uninstalledAt: null });
      expect((await getSettings(t.db, store.id))?.switchCondition).toBe(3);
      expect((await listItems(t.db, store.id, page())).total).toBe(1);
      expect((await storeUsersOf(t.db, store.id)).map((u) => [u.platformUserId, u.role])).toEqual([
        ['1', 'owner'],
        ['9', 'user'],
      ]);
    });

    it('removes a user but never the owner', async () => {
      const store = await makeStore(t.db);
      await addUser(t.db, store.id, { id: '42', email: 'x@example.com' });
      expect(await removeUser(t.db, store.id, '42')).toBe(true);
      expect(await removeUser(t.db, store.id, '42')).toBe(false);
      expect(await removeUser(t.db, store.id, '1')).toBe(false);
      expect((await storeUsersOf(t.db, store.id)).map((u) => u.platformUserId)).toEqual(['1']);
    });

    it('creates settings from the app defaults at install', async () => {
      const store = await makeStore(t.db, { timeZone: 'Europe/Amsterdam' });
      expect(await getSettings(t.db, store.id)).toMatchObject({
        switchCondition: 0,
        notifyOwner: true,
        autoAssignNewProducts: false,
        timeZone: 'Europe/Amsterdam',
        defaultTemplateId: null,
      });
    });
  });

  describe('templates', () => {
    it('keeps one default per store and points the settings at it', async () => {
      const store = await makeStore(t.db);
      const a = await createTemplate(t.db, store.id, { ...template, name: 'A', isDefault: true });
      const b = await createTemplate(t.db, store.id, { ...template, name: 'B', isDefault: true });
      expect((await getDefaultTemplate(t.db, store.id))?.id).toBe(b.id);
      expect((await listTemplates(t.db, store.id)).find((x) => x.id === a.id)?.isDefault).toBe(false);
      expect((await getSettings(t.db, store.id))?.defaultTemplateId).toBe(b.id);
    });

    it('changes the default flag and the settings pointer together, whichever side is edited', async () => {
      const store = await makeStore(t.db);
      const a = await createTemplate(t.db, store.id, { ...template, name: 'A', isDefault: true });
      const b = await createTemplate(t.db, store.id, { ...template, name: 'B' });
      const state = async () => ({
        flagged: (await listTemplates(t.db, store.id)).filter((x) => x.isDefault).map((x) => x.id),
        pointer: (await getSettings(t.db, store.id))?.defaultTemplateId,
      });
      // Editing A as no longer the default leaves the store without one, on both sides.
      await updateTemplate(t.db, store.id, a.id, { isDefault: false });
      expect(await state()).toEqual({ flagged: [], pointer: null });
      await setDefaultTemplate(t.db, store.id, b.id);
      expect(await state()).toEqual({ flagged: [b.id], pointer: b.id });
      await setDefaultTemplate(t.db, store.id, null);
      expect(await state()).toEqual({ flagged: [], pointer: null });
    });

    it('refuses to delete a template in use, with the number of items using it', async () => {
      const store = await makeStore(t.db);
      const used = await createTemplate(t.db, store.id, { ...template, name: 'Used' });
      await makeItems(t.db, store.id, [{ templateId: used.id }, { templateId: used.id }]);
      expect(await deleteTemplate(t.db, store.id, used.id)).toEqual({
        deleted: false,
        reason: 'in_use',
        itemCount: 2,
      });
      const unused = await createTemplate(t.db, store.id, { ...template, name: 'Unused', isDefault: true });
      expect(await deleteTemplate(t.db, store.id, unused.id)).toEqual({ deleted: true });
      expect((await getSettings(t.db, store.id))?.defaultTemplateId).toBeNull();
    });

    it("never touches another store's template", async () => {
      const a = await makeStore(t.db);
      const b = await makeStore(t.db);
      const tpl = await createTemplate(t.db, a.id, { ...template });
      expect(await deleteTemplate(t.db, b.id, tpl.id)).toEqual({ deleted: false, reason: 'not_found' });
      expect(await listTemplates(t.db, a.id)).toHaveLength(1);
    });
  });

  describe('items', () => {
    it('pages, filters, searches and sorts, only within the store', async () => {
      const a = await makeStore(t.db);
      const b = await makeStore(t.db);
      await makeItems(
        t.db,
        a.id,
        Array.from({ length: 25 }, (_, i) => ({
          name: `Mug ${String(i).padStart(2, '0')}`,
          sku: `MUG-${i}`,
          stock: i,
        })),
      );
      await makeItems(t.db, a.id, [{ name: 'Teapot 100%', sku: 'TEA_1', status: 'unavailable' }]);
      await makeItems(t.db, b.id, [{ name: 'Mug of store B', sku: 'MUG-B' }]);

      const first = await listItems(t.db, a.id, page({ limit: 10 }));
      expect(first.total).toBe(26);
      expect(first.items).toHaveLength(10);
      const third = await listItems(t.db, a.id, page({ limit: 10, page: 3 }));
      expect(third.items.map((i) => i.name)).toEqual([
        'Mug 20',
        'Mug 21',
        'Mug 22',
        'Mug 23',
        'Mug 24',
        'Teapot 100%',
      ]);
      expect((await listItems(t.db, a.id, page({ q: 'mug' }))).total).toBe(25);
      expect((await listItems(t.db, a.id, page({ q: '100%' }))).items.map((i) => i.sku)).toEqual(['TEA_1']);
      expect((await listItems(t.db, a.id, page({ q: 'M_G' }))).total).toBe(0); // `_` is not a wildcard
      expect((await listItems(t.db, a.id, page({ status: 'unavailable' }))).items.map((i) => i.sku)).toEqual([
        'TEA_1',
      ]);
      const byStock = await listItems(t.db, a.id, page({ sort: 'stock', direction: 'desc', limit: 2 }));
      expect(byStock.items.map((i) => i.stock)).toEqual([24, 23]);
    });

    it('gives the storefront the texts of items on backorder, naming a variant only where stock is per variant', async () => {
      const store = await makeStore(t.db);
      const other = await makeStore(t.db);
      const texts = {
        buttonText: 'Backorder now',
        productMessage: 'Ships in 2 weeks',
        cartMessage: 'Backordered',
      };
      const onBackorder = { ...texts, status: 'backorder' as const, tracked: true };
      await makeItems(t.db, store.id, [
        { ...onBackorder, productId: '10', variantId: '11', trackBy: 'product' },
        { ...onBackorder, productId: '20', variantId: '21', trackBy: 'variant' },
        { ...texts, status: 'in_stock', tracked: true, productId: '20', variantId: '22', trackBy: 'variant' },
        { ...onBackorder, productId: '30', variantId: '31', trackBy: 'variant', tracked: false },
      ]);
      await makeItems(t.db, other.id, [
        { ...onBackorder, productId: '40', variantId: '41', trackBy: 'variant' },
      ]);
      const found = await backorderTexts(t.db, store.id, ['10', '20', '30', '40']);
      expect(found).toEqual([
        { productId: '10', variantId: null, ...texts },
        { productId: '20', variantId: '21', ...texts },
      ]);
    });

    it('re-assigning an item that exists leaves it as it is', async () => {
      const store = await makeStore(t.db);
      const [first] = await makeItems(t.db, store.id, [{ productId: '1', variantId: '2', stock: 4 }]);
      const again = await makeItems(t.db, store.id, [{ productId: '1', variantId: '2', stock: 99 }]);
      expect(again).toEqual([]);
      expect((await getItem(t.db, store.id, first!.id))?.stock).toBe(4);
    });
  });

  describe('applying an event', () => {
    it('writes the new state, the activity entry and the effects together', async () => {
      const store = await makeStore(t.db);
      const [it0] = await makeItems(t.db, store.id, [{ stock: 3, threshold: 5 }]);
      const applied = await applyItemEvent(
        t.db,
        store.id,
        it0!.id,
        { type: 'stock-level', key: 'd1', level: 0, actor: system },
        now,
      );
      expect(applied?.after).toMatchObject({ stock: 0, enabled: true, status: 'backorder', version: 2 });
      const effects = await pendingEffects(t.db, 10, store.id);
      expect(effects.map((e) => e.type).sort()).toEqual(['notify-owner', 'push-state']);
      expect(effects.find((e) => e.type === 'notify-owner')?.payload).toMatchObject({ kind: 'enabled' });
      const log = await listEvents(t.db, store.id, { itemId: it0!.id, limit: 10 });
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        type: 'stock-level',
        itemName: it0!.name,
        data: { level: 0, from: { stock: 3 }, to: { stock: 0, enabled: true } },
      });
    });

    it('applies the same event once', async () => {
      const store = await makeStore(t.db);
      const [it0] = await makeItems(t.db, store.id, [
        { stock: 0, threshold: 5, enabled: true, status: 'backorder' },
      ]);
      const sale = { type: 'sale', key: 'order-9:line-1', quantity: 2, orderId: '9', actor: system } as const;
      await applyItemEvent(t.db, store.id, it0!.id, sale, now);
      const again = await applyItemEvent(t.db, store.id, it0!.id, sale, now);
      expect(again?.changed).toBe(false);
      expect((await getItem(t.db, store.id, it0!.id))?.stock).toBe(-2);
    });

    it('refuses a manual enable when the threshold is used up, changing nothing', async () => {
      const store = await makeStore(t.db);
      const [it0] = await makeItems(t.db, store.id, [{ stock: -5, threshold: 5, status: 'unavailable' }]);
      const applied = await applyItemEvent(
        t.db,
        store.id,
        it0!.id,
        { type: 'manual-toggle', key: 'r1', enabled: true, actor: user },
        now,
      );
      expect(applied?.decision.rejected?.code).toBe('threshold_used_up');
      expect(await getItem(t.db, store.id, it0!.id)).toMatchObject({ enabled: false, version: 1 });
      expect(await listEvents(t.db, store.id, { itemId: it0!.id, limit: 5 })).toEqual([]);
    });

    it('cannot reach an item of another store', async () => {
      const a = await makeStore(t.db);
      const b = await makeStore(t.db);
      const [it0] = await makeItems(t.db, a.id, [{}]);
      expect(await applyItemEvent(t.db, b.id, it0!.id, { type: 'tick', key: 'x' }, now)).toBeUndefined();
    });

    it('serialises concurrent sales on one item: exactly the threshold counted, the rest reported as oversold, disabled once', async () => {
      const store = await makeStore(t.db);
      const [it0] = await makeItems(t.db, store.id, [
        { stock: 0, threshold: 10, enabled: true, status: 'backorder' },
      ]);
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          applyItemEvent(
            t.db,
            store.id,
            it0!.id,
            { type: 'sale', key: `o${i}`, quantity: 1, orderId: `o${i}`, actor: system },
            now,
          ),
        ),
      );
      const after = await getItem(t.db, store.id, it0!.id);
      expect(after).toMatchObject({ stock: -10, enabled: false, status: 'unavailable' });
      const oversold = await listEvents(t.db, store.id, { itemId: it0!.id, type: 'oversold', limit: 100 });
      expect(oversold).toHaveLength(20);
      const notes = (await pendingEffects(t.db, 100, store.id)).filter((e) => e.type === 'notify-owner');
      expect(notes.map((n) => n.payload)).toEqual([
        expect.objectContaining({ kind: 'disabled', reason: 'threshold_used_up' }),
      ]);
    });
  });

  describe('a changed switch condition', () => {
    it('is recorded with the settings, applied to the items that follow it, and summed up once', async () => {
      const store = await makeStore(t.db);
      const [low, byHand, own, high] = await makeItems(t.db, store.id, [
        { stock: 3, threshold: 5 },
        { stock: 3, threshold: 5, enabled: true, switchedBy: 'merchant' },
        { stock: 3, threshold: 5, switchAt: 1 },
        { stock: 9, threshold: 5 },
      ]);
      const queued: string[] = [];
      const deps = {
        db: t.db,
        clock: () => now,
        enqueueSwitchApply: async (_s: number, id: string) => void queued.push(id),
      };
      const saved = await changeSettings(deps, store.id, { switchCondition: 5, notifyOwner: false }, user);
      expect(saved).toMatchObject({ switchCondition: 5, notifyOwner: false });
      expect(saved!.switchApply).toMatchObject({
        status: 'applying',
        from: 0,
        to: 5,
        switchedOn: 0,
        actor: user,
      });
      expect(queued).toEqual([saved!.switchApply!.id]);
      // Saving other settings leaves the change as it is (and queues it again: a no-op while it runs).
      expect((await changeSettings(deps, store.id, { notifyOwner: true }, user))!.switchApply!.id).toBe(
        queued[0],
      );

      const relay = { notify: async () => undefined, sync: async () => undefined };
      const done = await applySwitchCondition({ db: t.db, relay, clock: () => now }, store.id, queued[0]!, 2);
      expect(done).toMatchObject({ status: 'applied', switchedOn: 1, switchedOff: 0 });
      const state = async (id: number) => (await getItem(t.db, store.id, id))!;
      expect(await state(low!.id)).toMatchObject({ enabled: true, switchedBy: 'rules', status: 'backorder' });
      expect(await state(byHand!.id)).toMatchObject({
        enabled: true,
        switchedBy: 'merchant',
        status: 'backorder',
      });
      expect(await state(own!.id)).toMatchObject({ enabled: false, status: 'in_stock' });
      expect(await state(high!.id)).toMatchObject({ enabled: false, status: 'in_stock' });
      // No email per item: one summary for the store, and the platform writes of the two items.
      const effects = await t.db.select().from(outbox).where(eq(outbox.storeId, store.id)).orderBy(outbox.id);
      expect(effects.map((e) => [e.itemId, e.type])).toEqual([
        [low!.id, 'push-state'],
        [byHand!.id, 'push-state'],
        [null, 'notify-owner'],
      ]);
      expect(effects[2]!.payload).toEqual({
        kind: 'switch-condition-applied',
        from: 0,
        to: 5,
        switchedOn: 1,
        switchedOff: 0,
      });
      const log = await listEvents(t.db, store.id, { type: 'switch-condition-applied', limit: 5 });
      expect(log.map((e) => [e.itemId, e.actor, e.data])).toEqual([
        [null, user, { from: 0, to: 5, switchedOn: 1, switchedOff: 0 }],
      ]);
      expect((await getSettings(t.db, store.id))!.switchApply).toMatchObject({ status: 'applied' });
    });
  });

  describe('the back-in-stock sweep', () => {
    it("applies the date rule on the store's own day, once", async () => {
      const store = await makeStore(t.db, { timeZone: 'Pacific/Auckland' });
      const [due] = await makeItems(t.db, store.id, [
        { stock: 0, threshold: 5, enabled: true, status: 'backorder', backInStockDate: '2026-11-25' },
      ]);
      // 2026-11-24T12:00Z is already the 25th in Auckland (UTC+13).
      const first = await runBackInStockSweep(sweepDeps(t), store.id);
      expect(first).toMatchObject({ itemsDue: 1, itemsChanged: 1 });
      expect(await getItem(t.db, store.id, due!.id)).toMatchObject({ enabled: false, status: 'unavailable' });
      const second = await runBackInStockSweep(sweepDeps(t), store.id);
      expect(second).toMatchObject({ itemsDue: 0, itemsChanged: 0 });
      const notes = (await pendingEffects(t.db, 10, store.id)).filter((e) => e.type === 'notify-owner');
      expect(notes.map((n) => n.payload)).toEqual([
        expect.objectContaining({ reason: 'back_in_stock_date' }),
      ]);
    });
  });

  describe('failed jobs in the activity log', () => {
    it('records a cause once an hour per store, not each time the sweep queues the work again', async () => {
      const store = await makeStore(t.db);
      const start = new Date(); // the log stamps entries with the database's clock
      let at = start;
      const deps = { db: t.db, clock: () => at };
      const refused = { queue: 'platformSync', code: 'platform_refused', message: 'Reinstall the app.' };
      expect(await recordJobFailure(deps, store.id, refused)).toBe(true);
      at = new Date(start.getTime() + 59 * 60_000);
      expect(await recordJobFailure(deps, store.id, refused)).toBe(false);
      expect(await recordJobFailure(deps, store.id, { ...refused, queue: 'storeSetup' })).toBe(true);
      at = new Date(start.getTime() + 61 * 60_000);
      expect(await recordJobFailure(deps, store.id, refused)).toBe(true);
      const log = await listEvents(t.db, store.id, { type: 'job-failed', limit: 10 });
      expect(log.map((e) => e.data.queue)).toEqual(['platformSync', 'storeSetup', 'platformSync']);
    });
  });

  describe('deliveries and the outbox', () => {
    it('knows a webhook delivery it has seen', async () => {
      const store = await makeStore(t.db);
      expect(await recordDelivery(t.db, store.id, 'wh-1', 'store/product/updated')).toBe(true);
      expect(await recordDelivery(t.db, store.id, 'wh-1', 'store/product/updated')).toBe(false);
    });

    it('forgets delivery ids and event keys older than the window, oldest first, never one still waiting', async () => {
      const store = await makeStore(t.db);
      const seen = (key: string) => recordDelivery(t.db, store.id, key, 'store/product/updated');
      for (const key of ['id:old-1', 'id:old-2', 'id:old-3', 'id:new-1']) await seen(key);
      // A delivery whose work is not done yet, older than them all: the inbox, kept.
      await recordDelivery(t.db, store.id, 'id:waiting', 'store/product/updated', { topic: 'x' });
      await t.db.execute(sql`
        update deliveries set received_at = now() - make_interval(days => 11 - substr(delivery_id, 8)::int)
        where store_id = ${store.id} and delivery_id like 'id:old-%'`);
      await t.db.execute(sql`
        update deliveries set received_at = now() - interval '30 days'
        where store_id = ${store.id} and delivery_id = 'id:waiting'`);
      expect(await pruneDeliveries(t.db, 7, 2)).toBe(2);
      // id:old-1 and id:old-2 (10 and 9 days) are forgotten: seen again, they count as new.
      expect(await seen('id:old-1')).toBe(true);
      expect(await seen('id:old-3')).toBe(false);
      expect(await pruneDeliveries(t.db, 7, 2)).toBe(1);
      expect(await seen('id:old-3')).toBe(true);
      expect(await seen('id:new-1')).toBe(false);
      expect(await pruneDeliveries(t.db, 7, 10)).toBe(0);
      expect(await seen('id:waiting')).toBe(false);
    });

    it('lets exactly one of many concurrent claimers dispatch an effect', async () => {
      const store = await makeStore(t.db);
      const [row] = await t.db.insert(outbox).values({ storeId: store.id, type: 'notify-owner' }).returning();
      const claims = await Promise.all(
        Array.from({ length: 8 }, () => claimEffects(t.db, [row!.id], 60_000)),
      );
      expect(claims.filter((claimed) => claimed.length > 0)).toHaveLength(1);
    });

    it('deletes a store with everything it owns', async () => {
      const store = await makeStore(t.db);
      await makeItems(t.db, store.id, [{}]);
      await t.db.delete(stores).where(and(eq(stores.id, store.id)));
      expect((await listItems(t.db, store.id, page())).total).toBe(0);
    });
  });
});

function page(overrides: Partial<Parameters<typeof listItems>[2]> = {}): Parameters<typeof listItems>[2] {
  return { page: 1, limit: 50, sort: 'name', direction: 'asc', ...overrides };
}

/** The sweep with queues that only record what they were asked to do. */
function sweepDeps(t: TestDatabase) {
  const relay = { notify: async () => undefined, sync: async () => undefined };
  return { db: t.db, relay, clock: () => now };
}
