/**
 * A product, or one variant of a product, deleted on BigCommerce stops being tracked, from its webhook
 * or, when that webhook was missed, from the failed write: either way the store's other items keep
 * being published, and the Activity says why.
 */
import { findStore } from '../../../core/db/stores.repo';
import { hasUnpublishedItems } from '../../../core/use-cases/publish-store-items.use-case';
import { template } from '../../support/admin-client';
import { eventually, type Harness } from '../../support/app-harness';
import { demoStoreViews, startWithDemoStore, type AdminClient } from '../../support/demo-store';

const HASH = 'gone1';

describe('a product or variant deleted on the platform', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    ({ h, api } = await startWithDemoStore('pglite', { hash: HASH }));
    expect((await api.post('/api/templates', template())).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const { store, simple, item } = demoStoreViews(HASH, () => ({ h, api }));
  const assign = async (p: { id: number; sku: string }) => {
    store().setInventory(p.sku, 0);
    expect((await api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    await eventually(() => store().productById(p.id)!.inventory_level === 3, 10_000, 'room published');
    return item(p.sku);
  };
  const remove = (id: number) =>
    fetch(`${h.emulator.url}/_emulator/stores/${HASH}/products/${id}`, { method: 'DELETE' });
  const removeVariant = (id: number, variantId: number) =>
    fetch(`${h.emulator.url}/_emulator/stores/${HASH}/products/${id}/variants/${variantId}`, {
      method: 'DELETE',
    });
  const deletedLog = async (itemId: number, type = 'product-deleted') =>
    (await api.get(`/api/events?itemId=${itemId}&type=${type}`)).body.events;
  /** A product tracked per variant, each of its first three variants assigned with its room published. */
  const assignVariants = async (skip: number) => {
    const product = store().products.filter(
      (p) => p.inventory_tracking === 'variant' && p.variants.length >= 3,
    )[skip]!;
    const variants = product.variants.slice(0, 3);
    for (const v of variants) store().setInventory(v.sku, 0);
    // BigCommerce stamps whole seconds: room sent in the counts' second would leave the ledger unsure,
    // and the level read back later would find a deletion before the path a test is about.
    await new Promise((resolve) => setTimeout(resolve, 1001 - (Date.now() % 1000)));
    expect((await api.post('/api/assignments', { productIds: [String(product.id)] })).status).toBe(201);
    const level = (id: number) =>
      store()
        .productById(product.id)!
        .variants.find((v) => v.id === id)!;
    await eventually(
      () => variants.every((v) => level(v.id).inventory_level === 3),
      10_000,
      'room published',
    );
    const items = await Promise.all(variants.map((v) => item(v.sku)));
    return { product, variants, items, level };
  };

  it('untracks it when its webhook arrives', async () => {
    const [p] = simple();
    const before = await assign(p!);
    expect((await remove(p!.id)).status).toBe(204);
    await eventually(async () => (await item(p!.sku)) === undefined, 10_000, 'untracked');
    expect(await deletedLog(before.id)).toHaveLength(1);
  });

  it('untracks only the variant when its store/sku/deleted arrives', async () => {
    const { product, variants, items } = await assignVariants(0);
    expect((await removeVariant(product.id, variants[1]!.id)).status).toBe(204);
    await eventually(async () => (await item(variants[1]!.sku)) === undefined, 10_000, 'variant untracked');
    expect((await deletedLog(items[1].id, 'variant-deleted')).map((e: any) => e.data.reason)).toEqual([
      "The variant was deleted from the store's catalog.",
    ]);
    // The product's other variants are still followed.
    expect((await item(variants[0]!.sku))?.id).toBe(items[0].id);
    expect((await item(variants[2]!.sku))?.id).toBe(items[2].id);
  });

  it('untracks a variant from the refused batch when its webhook was missed, publishing the rest', async () => {
    const { product, variants, items, level } = await assignVariants(1);
    for (const hook of store().hooks)
      if (hook.scope === 'store/sku/deleted' || hook.scope === 'store/product/deleted')
        hook.is_active = false;
    const [first, deleted, last] = variants;
    expect((await removeVariant(product.id, deleted!.id)).status).toBe(204);

    // Switched off by hand: each variant's purchase goes off in one variants batch, which the platform
    // refuses naming the deleted one (422 batch_errors).
    for (const i of [1, 0, 2])
      expect((await api.patch(`/api/items/${items[i].id}`, { enabled: false })).status).toBe(200);
    const off = (id: number) => level(id).purchasing_disabled && level(id).inventory_level === 0;
    await eventually(() => off(first!.id) && off(last!.id), 15_000, 'the rest of the batch published');
    await eventually(
      async () => (await item(deleted!.sku)) === undefined,
      15_000,
      'deleted variant untracked',
    );
    const [entry] = await deletedLog(items[1].id, 'variant-deleted');
    expect(entry.data.reason).toBe(
      "The variant is no longer in the store's catalog, found when the platform refused a write for it: " +
        `"Variant not found: Variant ${deleted!.id} does not exist."`,
    );
    // The refusal is logged with BigCommerce's reasons, not as a bare "422".
    expect(
      h.logs.some(
        (l) =>
          l.includes('PUT /v3/catalog/variants: 422') && l.includes(`Variant ${deleted!.id} does not exist.`),
      ),
    ).toBe(true);
  });

  it('publishes the rest of an unassignment past a variant deleted without its webhook', async () => {
    const { product, variants, level } = await assignVariants(2);
    for (const hook of store().hooks) if (hook.scope === 'store/sku/deleted') hook.is_active = false;
    const [first, deleted, last] = variants;
    expect((await removeVariant(product.id, deleted!.id)).status).toBe(204);

    // Unassigned, the product's items are no longer tracked but their writes are still to go out.
    expect((await api.delete(`/api/assignments/${product.id}`)).status).toBe(200);
    const off = (id: number) => level(id).purchasing_disabled && level(id).inventory_level === 0;
    await eventually(() => off(first!.id) && off(last!.id), 15_000, 'the rest of the unassignment published');
    // The deleted variant's own write is dropped (there is nothing to write to), not sent again and again.
    const store1 = (await findStore(h.runtime.database.db, 'bigcommerce', HASH))!;
    await eventually(
      async () => !(await hasUnpublishedItems(h.runtime.database.db, store1.id)),
      15_000,
      'nothing left to publish',
    );
  });

  it('untracks it from the failed write when the webhook was missed, and publishes the rest', async () => {
    const [, a, b] = simple();
    const itemA = await assign(a!);
    const itemB = await assign(b!);
    for (const hook of store().hooks) if (hook.scope === 'store/product/deleted') hook.is_active = false;
    expect((await remove(b!.id)).status).toBe(204);

    // Both change; their writes would go out in one batch, which the platform refuses for B.
    expect((await api.patch(`/api/items/${itemB.id}`, { threshold: 6 })).status).toBe(200);
    expect((await api.patch(`/api/items/${itemA.id}`, { threshold: 6 })).status).toBe(200);
    await eventually(() => store().productById(a!.id)!.inventory_level === 6, 15_000, 'A published');
    // B goes when a write for it fails, or a read of its level no longer finds it.
    await eventually(async () => (await item(b!.sku)) === undefined, 15_000, 'B untracked');
    expect(await deletedLog(itemB.id)).toHaveLength(1);
  });
});
