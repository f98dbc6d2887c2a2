/**
 * BigCommerce may take a batch only in part (207 Multi-status): what it saved is published, what it
 * left out stays unpublished and is written again, without the merchant doing anything more.
 */
import { template } from '../../support/admin-client';
import { eventually, installApp, startHarness, type Harness } from '../../support/app-harness';
import { demoStoreViews, type AdminClient } from '../../support/demo-store';

const HASH = 'partial1';

describe('a batch the platform takes only in part', () => {
  let h: Harness;
  let api: AdminClient;

  beforeAll(async () => {
    // Retries come quickly here: the test waits for the one that writes the left-out listing again.
    h = await startHarness('postgres', { jobs: { backoffMs: 200 } });
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    ({ api } = await installApp(h, HASH));
    expect((await api.post('/api/templates', template())).status).toBe(201);
  });
  afterAll(async () => h?.close());

  const { store, simple, item } = demoStoreViews(HASH, () => ({ h, api }));
  const productPuts = () =>
    h.emulator.exchanges.filter((e) => e.method === 'PUT' && e.path.endsWith('/v3/catalog/products'));

  it('publishes what was saved, and writes what was left out again until it is saved', async () => {
    const [a, b] = simple();
    for (const p of [a!, b!]) store().setInventory(p.sku, 0);
    expect((await api.post('/api/assignments', { productIds: [String(a!.id), String(b!.id)] })).status).toBe(
      201,
    );
    const product = (id: number) => store().productById(id)!;
    await eventually(
      () => product(a!.id).inventory_level === 3 && product(b!.id).inventory_level === 3,
      10_000,
      'room published',
    );
    const [itemA, itemB] = [await item(a!.sku), await item(b!.sku)];
    store().saveFailures.set(b!.id, 'The URL could not be saved.');
    const before = productPuts().length;

    for (const i of [itemA, itemB])
      expect((await api.patch(`/api/items/${i.id}`, { enabled: false })).status).toBe(200);
    await eventually(
      () => product(a!.id).availability === 'disabled' && product(a!.id).inventory_level === 0,
      15_000,
      'A published',
    );
    // The part left out is logged with the platform's reason...
    await eventually(
      () =>
        h.logs.some(
          (l) =>
            l.includes('platform took a write only in part') && l.includes('The URL could not be saved.'),
        ),
      15_000,
      'the partial success logged',
    );
    // ...and written again, alone (what was saved is not written twice), while the platform refuses it.
    await eventually(
      () => productPuts().filter((e) => e.status === 207).length >= 2,
      15_000,
      'B written again',
    );
    expect(product(b!.id).availability).toBe('available');

    // ...until the platform saves it.
    store().saveFailures.delete(b!.id);
    await eventually(() => product(b!.id).availability === 'disabled', 15_000, 'B published');
    const ids = productPuts()
      .slice(before)
      .map((e) => (e.requestBody as Array<{ id: number }>).map((x) => x.id));
    expect(ids.slice(1).every((sent) => sent.length === 1 && sent[0] === b!.id)).toBe(true);
  });
});
