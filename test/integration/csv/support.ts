/**
 * A store with a few assigned products for the CSV tests, and the calls the admin makes for an
 * import: upload (raw or multipart), poll until parsed, confirm, export.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { adminClient, template } from '../../support/admin-client';
import { eventually, sessionFrom, startHarness, type Harness } from '../../support/app-harness';
import type { DbKind } from '../../support/databases';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'csv');
export const fixture = (name: string) => readFileSync(path.join(FIXTURES, name));

/** Simple products of the demo catalog that the tests assign (seeded stock in the comment). */
export const ASSIGNED = [
  'COF-ETH-YIR-1KG', // 42
  'COF-BRA-CER-1KG', // 64
  'COF-GUA-ANT-500G', // 25
  'TEA-JPN-SEN-100G', // 30
  'BRW-CHE-CLS-6', // 8
  'TEA-ASM-BRK-250G', // 54
  'TEA-ROO-VAN-100G', // 40
  'TEA-CHA-MAS-200G', // 22
];
/** Assigned, then unassigned: known to the app but no longer tracked. */
export const UNASSIGNED = 'GRD-HAR-SKP';

export interface CsvStore {
  h: Harness;
  hash: string;
  token: string;
  api: ReturnType<typeof adminClient>;
  /** Item as the admin API shows it, by SKU. */
  item(sku: string): Promise<Record<string, any>>;
  upload(body: Buffer | string, options?: { type?: string; fileName?: string }): Promise<Answer>;
  uploadForm(body: Buffer | string, fileName: string, field?: string): Promise<Answer>;
  /** Uploads and waits until the import leaves `parsing`. */
  importFile(body: Buffer | string): Promise<Record<string, any>>;
  waitParsed(id: string): Promise<Record<string, any>>;
  /**
   * Confirms: the answer is 202 `applying` and the import job applies it. Resolves with the import as
   * `GET /api/imports/:id` shows it once it has left `applying`.
   */
  confirm(id: string): Promise<Record<string, any>>;
  raw(method: string, path: string): Promise<{ status: number; headers: Headers; text: string }>;
  /**
   * Leaves the item owing `units` to customers, as a store gets there: a file counts its shelf empty
   * with a backorder threshold of `threshold` (backorder switches on), then an order on the platform
   * sells `units` on backorder. Resolves once the app has counted the sale.
   */
  owe(sku: string, units: number, threshold: number): Promise<void>;
  close(): Promise<void>;
}

export interface Answer {
  status: number;
  body: Record<string, any>;
}

export interface CsvStoreOptions {
  /** The store's country (ISO 3166-1 alpha-2) as its store information gives it; the emulator's default is US. */
  country?: string;
  /** Another store's harness to share (its app, database and emulator), which `close` leaves running. */
  harness?: Harness;
}

export async function startCsvStore(
  kind: DbKind,
  hash: string,
  names: Record<string, string> = {},
  options: CsvStoreOptions = {},
) {
  const h = options.harness ?? (await startHarness(kind));
  const store = h.emulator.createStore({
    hash,
    name: 'Ground Control Coffee',
    seed: 'demo',
    ...(options.country ? { country: options.country } : {}),
  });
  for (const [sku, name] of Object.entries(names)) {
    const product = store.products.find((p) => p.sku === sku)!;
    product.name = name;
  }
  const token = sessionFrom((await h.emulator.install(hash)).body);
  const api = adminClient(h.appUrl, token);
  expect((await api.put('/api/settings', { ownerEmail: 'owner@groundcontrol.test' })).status).toBe(200);
  expect((await api.post('/api/templates', template())).status).toBe(201);
  const idOf = (sku: string) => String(store.products.find((p) => p.sku === sku)!.id);
  const assigned = await api.post('/api/assignments', {
    productIds: [...ASSIGNED, UNASSIGNED].map(idOf),
  });
  expect(assigned.status).toBe(201);
  expect((await api.delete(`/api/assignments/${idOf(UNASSIGNED)}`)).status).toBe(200);

  const auth = { authorization: `Bearer ${token}` };
  const answer = async (res: Response): Promise<Answer> => {
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  };
  const s: CsvStore = {
    h,
    hash,
    token,
    api,
    item: async (sku) => {
      const found = (await api.get(`/api/items?q=${encodeURIComponent(sku)}&limit=250`)).body.items;
      return found.find((i: Record<string, any>) => i.sku === sku);
    },
    upload: async (body, options = {}) =>
      answer(
        await fetch(
          `${h.appUrl}/api/imports${options.fileName ? `?fileName=${encodeURIComponent(options.fileName)}` : ''}`,
          {
            method: 'POST',
            headers: { ...auth, 'content-type': options.type ?? 'text/csv' },
            body: new Uint8Array(Buffer.from(body)),
          },
        ),
      ),
    uploadForm: async (body, fileName, field = 'file') => {
      const form = new FormData();
      form.append(field, new Blob([new Uint8Array(Buffer.from(body))], { type: 'text/csv' }), fileName);
      return answer(await fetch(`${h.appUrl}/api/imports`, { method: 'POST', headers: auth, body: form }));
    },
    waitParsed: async (id) =>
      eventually(
        async () => {
          const got = await api.get(`/api/imports/${id}`);
          return got.body.status !== 'parsing' ? got.body : null;
        },
        15_000,
        `import ${id} parsed`,
      ),
    confirm: async (id) => {
      const sent = await api.post(`/api/imports/${id}/confirm`, {});
      expect(sent).toMatchObject({ status: 202, body: { id, status: 'applying' } });
      return eventually(
        async () => {
          const got = await api.get(`/api/imports/${id}`);
          return got.body.status !== 'applying' ? got.body : null;
        },
        30_000,
        `import ${id} applied`,
      );
    },
    importFile: async (body) => {
      const sent = await s.upload(body);
      expect(sent.status).toBe(202);
      return s.waitParsed(sent.body.id);
    },
    raw: async (method, p) => {
      const res = await fetch(`${h.appUrl}${p}`, { method, headers: auth });
      // Buffer keeps a BOM that res.text() would drop.
      return {
        status: res.status,
        headers: res.headers,
        text: Buffer.from(await res.arrayBuffer()).toString(),
      };
    },
    owe: async (sku, units, threshold) => {
      const imp = await s.importFile(
        `sku,stock,backorder_threshold,backorder_enabled\n${sku},0,${threshold},yes\n`,
      );
      expect((await s.confirm(imp.id)).status).toBe('applied');
      const emulated = h.emulator.store(hash)!;
      const product = () => emulated.products.find((p) => p.sku === sku)!;
      await eventually(() => product().inventory_level === threshold, 15_000, `${sku}: room published`);
      emulated.placeOrder({
        lines: [{ sku, quantity: units }],
        customerEmail: 'waiting@example.com',
        shippingCountry: 'NL',
      });
      await eventually(
        async () => (await s.item(sku))?.backordered === units,
        15_000,
        `${sku}: sale counted`,
      );
    },
    close: async () => {
      if (!options.harness) await h.close();
    },
  };
  await eventually(async () => (await s.item(ASSIGNED[0]!))?.stock === 42, 10_000, 'items assigned');
  return s;
}

/** The app's CSV output as rows of cells (papaparse, as a spreadsheet would read it). */
export function rowsOf(csv: string): string[][] {
  return Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}
