/**
 * What the Templates and Settings pages say is true: a template's usage counts the products (and
 * variants) of the calling store it was applied to, re-applying it reaches those products and is
 * logged, and every Settings change is in Activity, from and to, with who made it. Store B sees none
 * of store A's.
 */
import { adminClient, template } from '../../support/admin-client';
import { installApp, startHarness, type Harness } from '../../support/app-harness';

describe('templates in use and settings in Activity', () => {
  let h: Harness;
  let a: ReturnType<typeof adminClient>;
  let b: ReturnType<typeof adminClient>;

  beforeAll(async () => {
    h = await startHarness('postgres');
    for (const hash of ['tsa', 'tsb']) h.emulator.createStore({ hash, seed: 'demo' });
    ({ api: a } = await installApp(h, 'tsa'));
    ({ api: b } = await installApp(h, 'tsb'));
  });
  afterAll(async () => h?.close());

  const products = (hash: string) => h.emulator.store(hash)!.products;
  const usageOf = async (api: typeof a, name: string) =>
    (await api.get('/api/templates')).body.templates.find((t: { name: string }) => t.name === name)?.usage;

  it('counts the products and variants a template was applied to, in the calling store only', async () => {
    const standard = (await a.post('/api/templates', template({ name: 'Standard' }))).body;
    expect(standard.usage).toEqual({ products: 0, items: 0 });
    const simple = products('tsa').filter((p) => p.inventory_tracking === 'product');
    const byVariant = products('tsa').find(
      (p) => p.inventory_tracking === 'variant' && p.variants.length > 1,
    )!;
    const ids = [simple[0]!.id, simple[1]!.id, byVariant.id].map(String);
    expect((await a.post('/api/assignments', { productIds: ids, templateId: standard.id })).status).toBe(201);
    const usage = { products: 3, items: 2 + byVariant.variants.length };
    expect(await usageOf(a, 'Standard')).toEqual(usage);
    expect((await a.get(`/api/templates/${standard.id}`)).body.usage).toEqual(usage);

    // B's template of the same name, on one product of B's: its own count, and A's is unchanged.
    const bStandard = (await b.post('/api/templates', template({ name: 'Standard' }))).body;
    const bProduct = products('tsb').find((p) => p.inventory_tracking === 'product')!;
    await b.post('/api/assignments', { productIds: [String(bProduct.id)], templateId: bStandard.id });
    expect(await usageOf(b, 'Standard')).toEqual({ products: 1, items: 1 });
    expect(await usageOf(a, 'Standard')).toEqual(usage);

    // Unassigning a product takes it out of the count.
    expect((await a.delete(`/api/assignments/${simple[1]!.id}`)).status).toBe(200);
    expect(await usageOf(a, 'Standard')).toEqual({ products: 2, items: 1 + byVariant.variants.length });
  });

  it('re-applies an edited template to its products and logs the re-apply', async () => {
    const t = (await a.get('/api/templates')).body.templates.find(
      (x: { name: string }) => x.name === 'Standard',
    );
    const edited = template({
      name: 'Standard',
      stock: { threshold: 9, incomingStock: 4, backInStockDate: 'none' },
    });
    const saved = await a.put(`/api/templates/${t.id}`, edited);
    expect(saved.status).toBe(200);
    expect(saved.body.usage).toEqual(t.usage);
    const thresholds = async () =>
      ((await a.get('/api/items?limit=100')).body.items as Array<{ templateId: number; threshold: number }>)
        .filter((i) => i.templateId === t.id)
        .map((i) => i.threshold);
    expect(new Set(await thresholds())).toEqual(new Set([3]));

    const res = await a.post(`/api/templates/${t.id}/apply`, {});
    expect(res.body).toEqual({ items: t.usage.items, refused: [] });
    expect(new Set(await thresholds())).toEqual(new Set([9]));
    const [entry] = (await a.get('/api/events?type=template-applied')).body.events;
    expect(entry).toMatchObject({
      itemId: null,
      actor: { kind: 'user' },
      data: { templateId: t.id, name: 'Standard', items: t.usage.items, refused: 0 },
    });
    expect((await b.get('/api/events?type=template-applied')).body.events).toEqual([]);
  });

  it('logs every Settings change, from and to, once, in the calling store only', async () => {
    const before = (await a.get('/api/settings')).body;
    const save = await a.put('/api/settings', {
      switchCondition: 2,
      ownerEmail: 'owner@tsa.test',
      timeZone: 'Europe/Amsterdam',
      notifyOwner: before.notifyOwner,
    });
    expect(save.status).toBe(200);
    const logged = async (api: typeof a) => (await api.get('/api/events?type=settings')).body.events;
    const [first] = await logged(a);
    expect(first).toMatchObject({
      itemId: null,
      actor: { kind: 'user' },
      data: {
        from: {
          switchCondition: before.switchCondition,
          ownerEmail: before.ownerEmail,
          timeZone: before.timeZone,
        },
        to: { switchCondition: 2, ownerEmail: 'owner@tsa.test', timeZone: 'Europe/Amsterdam' },
      },
    });
    // A setting saved with the value it had is not a change.
    expect(first.data.to).not.toHaveProperty('notifyOwner');

    // The default template, by name; saving the same values again logs nothing.
    const spring = (await a.post('/api/templates', template({ name: 'Spring', isDefault: false }))).body;
    expect((await a.put('/api/settings', { defaultTemplateId: spring.id })).status).toBe(200);
    const [second] = await logged(a);
    expect(second.data).toEqual({
      from: { defaultTemplateId: before.defaultTemplateId, defaultTemplate: 'Standard' },
      to: { defaultTemplateId: spring.id, defaultTemplate: 'Spring' },
    });
    const templates = (await a.get('/api/templates')).body.templates;
    expect(
      templates.filter((t: { isDefault: boolean }) => t.isDefault).map((t: { name: string }) => t.name),
    ).toEqual(['Spring']);
    await a.put('/api/settings', { defaultTemplateId: spring.id, switchCondition: 2 });
    expect(await logged(a)).toHaveLength(2);
    expect(await logged(b)).toEqual([]);
  });
});
