/**
 * A product, or one variant of a product, deleted on BigCommerce stops being tracked, from its webhook
 * or, when that webhook was missed, from the failed write: either way the store's other items keep
 * being published, and the Activity says why.
 */
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
