/**
 * Store isolation: store B's session token on store A's ids gets 404 and changes nothing. The routes
 * are enumerated from the router, so a new /api route without a case here fails this test.
 */
import type { Router } from 'express';
import { adminRoutes } from '../../../server/admin.routes';
import { adminClient, template } from '../../support/admin-client';
import { eventually, sessionFrom, startHarness, type Harness } from '../../support/app-harness';

type Client = ReturnType<typeof adminClient>;
interface Ids {
  templateId: number;
  itemId: number;
  productId: string;
  /** An import of A's, in preview (confirmable). */
  importId: string;
  sku: string;
}

/** Calls that do not answer JSON (CSV), or send CSV, with B's token. */
let bToken = '';
let appUrl = '';
async function rawB(method: string, path: string, body?: string) {
  const res = await fetch(`${appUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${bToken}`, 'content-type': 'text/csv' },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : { text },
  };
}

/** For every admin route: what B tries on A's data, and how to see that A's data is untouched. */
const CASES: Record<string, (b: Client, a: Ids) => Promise<{ status: number; body: Record<string, any> }>> = {
  'GET /api/session': (b) => b.get('/api/session'),
  'POST /api/session/renew': (b) => b.post('/api/session/renew', {}),
  'GET /api/settings': (b) => b.get('/api/settings'),
  'PUT /api/settings': (b, a) => b.put('/api/settings', { defaultTemplateId: a.templateId }),
  'GET /api/templates': (b) => b.get('/api/templates'),
  'POST /api/templates': (b) => b.post('/api/templates', template({ name: 'B only' })),
  'GET /api/templates/:id': (b, a) => b.get(`/api/templates/${a.templateId}`),
  'PUT /api/templates/:id': (b, a) => b.put(`/api/templates/${a.templateId}`, template({ name: 'hijacked' })),
  'DELETE /api/templates/:id': (b, a) => b.delete(`/api/templates/${a.templateId}`),
  'POST /api/templates/:id/apply': (b, a) => b.post(`/api/templates/${a.templateId}/apply`, {}),
  'GET /api/catalog': (b) => b.get('/api/catalog'),
  'POST /api/assignments': (b, a) =>
    b.post('/api/assignments', { productIds: [a.productId], templateId: a.templateId }),
  'GET /api/assignments/:productId': (b, a) => b.get(`/api/assignments/${a.productId}`),
  'DELETE /api/assignments/:productId': (b, a) => b.delete(`/api/assignments/${a.productId}`),
  'GET /api/unassigned': (b) => b.get('/api/unassigned'),
  'POST /api/unassigned/:id/purchasable': (b, a) => b.post(`/api/unassigned/${a.itemId}/purchasable`, {}),
  'GET /api/items': (b) => b.get('/api/items'),
  'PATCH /api/items/:id': (b, a) => b.patch(`/api/items/${a.itemId}`, { enabled: true, threshold: 99 }),
  'GET /api/events': (b, a) => b.get(`/api/events?itemId=${a.itemId}`),
  'GET /api/overview': (b) => b.get('/api/overview'),
  'GET /api/items/export.csv': async () => {
    const res = await rawB('GET', '/api/items/export.csv');
    // B has no assigned items: the header row only.
    expect(String(res.body.text).trim().split('\r\n')).toHaveLength(1);
    return res;
  },
  // B names A's SKU: B has no such item, so B's own import reports it and A's item is untouched.
  'POST /api/imports': (_b, a) => rawB('POST', '/api/imports', `sku,stock\n${a.sku},999\n`),
  'GET /api/imports/:id': (b, a) => b.get(`/api/imports/${a.importId}`),
  'GET /api/imports/:id/errors.csv': (_b, a) => rawB('GET', `/api/imports/${a.importId}/errors.csv`),
  'POST /api/imports/:id/confirm': (b, a) => b.post(`/api/imports/${a.importId}/confirm`, {}),
  'DELETE /api/imports/:id': (b, a) => b.delete(`/api/imports/${a.importId}`),
};

export function routesOf(router: Router): string[] {
  return router.stack.flatMap((layer): string[] => {
    // A router mounted inside (e.g. the imports routes) is enumerated too.
    const nested = (layer.handle as unknown as { stack?: unknown }).stack;
    if (!layer.route) return nested ? routesOf(layer.handle as unknown as Router) : [];
    return Object.keys((layer.route as unknown as { methods: Record<string, boolean> }).methods).map(
      (m) => `${m.toUpperCase()} ${layer.route!.path}`,
    );
  });
}

describe('store isolation', () => {
  let h: Harness;
  let a: Client;
  let b: Client;
  let ids: Ids;

  beforeAll(async () => {
    h = await startHarness('pglite');
    for (const hash of ['storea', 'storeb']) h.emulator.createStore({ hash, seed: 'demo' });
    const aToken = sessionFrom((await h.emulator.install('storea')).body);
    a = adminClient(h.appUrl, aToken);
    bToken = sessionFrom((await h.emulator.install('storeb')).body);
    b = adminClient(h.appUrl, bToken);
    appUrl = h.appUrl;
    const tpl = await a.post('/api/templates', template());
    const productId = String(h.emulator.store('storea')!.products[0]!.id);
    expect((await a.post('/api/assignments', { productIds: [productId] })).status).toBe(201);
    const items = await eventually(async () => (await a.get('/api/items')).body.items, 10_000, 'items');
    const sku = items[0].sku as string;
    const upload = await fetch(`${h.appUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${aToken}`, 'content-type': 'text/csv' },
      body: `sku,stock\n${sku},5\n`,
    });
    const importId = ((await upload.json()) as { id: string }).id;
    await eventually(async () => (await a.get(`/api/imports/${importId}`)).body.status === 'preview');
    ids = { templateId: tpl.body.id, itemId: items[0].id, productId, importId, sku };
  });
  afterAll(async () => h?.close());

  it('has a case for every admin route', () => {
    const routes = routesOf(adminRoutes({ config: { session: { maxAgeSeconds: 60 } } } as never));
    expect(routes.sort()).toEqual(Object.keys(CASES).sort());
  });

  it("answers B with 404 for A's ids, or with B's own data only, and changes nothing of A's", async () => {
    const before = await snapshot(a, ids.importId);
    for (const [route, call] of Object.entries(CASES)) {
      const res = await call(b, ids);
      if (route.includes(':')) expect({ route, status: res.status }).toEqual({ route, status: 404 });
      else
        expect({
          route,
          leaked: JSON.stringify(res.body).includes(`"id":${ids.itemId},"productId"`),
        }).toEqual({ route, leaked: false });
    }
    expect(await snapshot(a, ids.importId)).toEqual(before);
  });
});

async function snapshot(a: Client, importId: string) {
  const [settings, templates, items, imported] = await Promise.all([
    a.get('/api/settings'),
    a.get('/api/templates'),
    a.get('/api/items'),
    a.get(`/api/imports/${importId}`),
  ]);
  return {
    settings: settings.body,
    templates: templates.body,
    imported: imported.body,
    items: items.body.items.map((i: Record<string, unknown>) => ({ ...i, updatedAt: undefined })),
  };
}
