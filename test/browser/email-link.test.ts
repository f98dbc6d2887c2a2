/**
 * An owner email's "Open in Backorder" link, followed in Chromium, opens the store's control panel (the
 * emulator's, as BigCommerce's `/manage/app/{app id}/items/{id}`) with the app framed at that item:
 * the Products page holding it alone. After the product is unassigned, the same kind of link says so.
 * An item id of another store shows nothing. Fails on any console error or failed request.
 */
import path from 'node:path';
import type { Frame } from 'playwright-core';
import type { CaughtMail } from '../../core/mail/catcher';
import { template } from '../support/admin-client';
import { eventually, installApp, startHarness, type Harness } from '../support/app-harness';
import { ARTIFACTS, openBrowser, type BrowserSession } from './support';

const HASH = 'maillink1';
const OTHER = 'maillink2';
jest.setTimeout(120_000);

describe("an owner email's link in Chromium", () => {
  let h: Harness;
  let b: BrowserSession;
  let api: Awaited<ReturnType<typeof installApp>>['api'];

  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({ hash: HASH, name: 'Bean & Brew Supply Co.', seed: 'demo' });
    h.emulator.createStore({ hash: OTHER, seed: 'demo' });
    ({ api } = await installApp(h, HASH));
    expect((await api.put('/api/settings', { ownerEmail: 'owner@maillink.test' })).status).toBe(200);
    expect((await api.post('/api/templates', template())).status).toBe(201);
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await h?.close();
  });

  const linkOf = (mail: CaughtMail) => {
    const link = /^Open in Backorder: (\S+)$/m.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    expect(mail.html).toContain(`href='${link}'`);
    return link!;
  };

  async function appFrame(link: string): Promise<Frame> {
    await b.page.goto(link);
    const frame = await eventually(
      () => b.page.frames().find((f) => f.url().includes('/bigcommerce/load')),
      10_000,
      'the app frame',
    );
    await frame.getByRole('heading', { name: 'Backorder', level: 1 }).waitFor({ timeout: 10_000 });
    return frame;
  }

  it('opens the control panel with the app at the item, and says when it is no longer assigned', async () => {
    const [product, neighbour] = h.emulator
      .store(HASH)!
      .products.filter((p) => p.inventory_tracking === 'product' && p.sku && p.inventory_level > 0);
    h.emulator.store(HASH)!.setInventory(product!.sku, 0);
    // Out of stock, so the rules switch backorder on and the owner gets an email; its neighbour not.
    const productIds = [String(product!.id), String(neighbour!.id)];
    expect((await api.post('/api/assignments', { productIds })).status).toBe(201);
    const [enabled] = await h.mail.waitFor(1, 15_000);
    expect(enabled!.subject).toMatch(/^Backorder enabled: /);
    const item = (await api.get(`/api/items?q=${encodeURIComponent(product!.sku)}`)).body.items[0];
    const link = linkOf(enabled!);
    expect(link).toBe(
      `${h.emulator.url}/_emulator/stores/${HASH}/manage/app/${h.emulator.appId}/items/${item.id}`,
    );

    const frame = await appFrame(link);
    await frame.getByText('Showing the product this link opened.').waitFor({ timeout: 10_000 });
    await frame.getByRole('tab', { name: 'Products', selected: true }).waitFor();
    const rows = frame.locator('tbody tr');
    await eventually(async () => (await rows.count()) === 1, 10_000, 'one row');
    await rows.first().getByText(product!.sku).waitFor();
    await b.page.screenshot({ path: path.join(ARTIFACTS, 'email-link-item.png'), fullPage: true });
    // "Show all products" leaves the item for the whole list.
    await frame.getByRole('link', { name: 'Show all products' }).click();
    await eventually(async () => (await rows.count()) === 2, 10_000, 'both assigned products');
    await frame.getByText('Showing the product this link opened.').waitFor({ state: 'hidden' });

    // Unassigned since: its email's link opens the app saying so, not an empty table.
    expect((await api.delete(`/api/assignments/${product!.id}`)).status).toBe(200);
    const [unassigned] = (await h.mail.waitFor(2, 15_000)).slice(1);
    expect(unassigned!.subject).toMatch(/^Product unassigned: /);
    const gone = await appFrame(linkOf(unassigned!));
    await gone.getByText(/The product this link opened is no longer assigned to Backorder/).waitFor();
    expect(b.problems).toEqual([]);
  });

  it("shows no item of another store, whatever the link's id", async () => {
    const other = await installApp(h, OTHER);
    const p = h.emulator.store(OTHER)!.products.find((x) => x.inventory_tracking === 'product' && x.sku)!;
    expect((await other.api.post('/api/assignments', { productIds: [String(p.id)] })).status).toBe(201);
    const theirs = (await other.api.get(`/api/items?q=${encodeURIComponent(p.sku)}`)).body.items[0];
    expect((await other.api.get(`/api/items?item=${theirs.id}`)).body).toMatchObject({ total: 1 });
    expect((await api.get(`/api/items?item=${theirs.id}`)).body).toMatchObject({ items: [], total: 0 });
  });
});
