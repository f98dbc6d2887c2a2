/**
 * The merchant's walk-through in a real browser: the emulator's control panel, Install, then the four
 * setup steps in the embedded admin (switch condition, template, assign products, import stock), then
 * a warehouse stock drop in the emulator that the Products page shows without a reload. Fails on any
 * console error or failed request; saves a screenshot of every page under test/artifacts/.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { eventually, startHarness, type Harness } from '../support/app-harness';
import { ARTIFACTS, openBrowser, type BrowserSession } from './support';

const HASH = 'browser1';
jest.setTimeout(180_000);

describe('the embedded admin in Chromium', () => {
  let h: Harness;
  let b: BrowserSession;

  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({ hash: HASH, name: 'Bean & Brew Supply Co.', seed: 'demo' });
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await h?.close();
  });

  /** The whole control panel, with the iframe grown to the admin's full height. */
  async function shoot(page: Page, frame: Frame, name: string) {
    // Browser-side code as strings: the test's tsconfig has no DOM types (server code shares it).
    const height = Number(await frame.evaluate('document.documentElement.scrollHeight'));
    await page.evaluate(`document.getElementById('app-frame').style.height = '${height}px'`);
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    await page.evaluate(`document.getElementById('app-frame').style.height = ''`);
  }

  async function tab(frame: Frame, title: string) {
    await frame.getByRole('tab', { name: title, exact: true }).click();
  }

  async function toast(frame: Frame, text: string | RegExp) {
    const alert = frame.getByRole('alert').filter({ hasText: text });
    await alert.first().waitFor({ timeout: 10_000 });
    // Dismiss it so the next step's screenshot and toast stand alone.
    await alert
      .first()
      .getByRole('button')
      .first()
      .click()
      .catch(() => undefined);
  }

  it('walks a merchant through setup and shows a stock drop without a reload', async () => {
    try {
      await walkThrough();
    } catch (err) {
      await b.page
        .screenshot({ path: path.join(ARTIFACTS, 'failure.png'), fullPage: true })
        .catch(() => undefined);
      throw new Error(
        `${(err as Error).message}\nbrowser problems so far:\n${b.problems.join('\n') || 'none'}`,
        { cause: err },
      );
    }
  });

  async function walkThrough() {
    const { page, problems } = b;
    const product = h.emulator
      .store(HASH)!
      .products.find((p) => p.inventory_tracking === 'product' && p.inventory_level >= 3 && p.sku)!;
    expect(product).toBeDefined();

    // The control panel, before the app is installed: Install runs the OAuth flow.
    await page.goto(`${h.emulator.url}/_emulator/stores/${HASH}/admin`);
    await page.getByRole('button', { name: 'Install' }).click();
    await page.locator('#app-frame').waitFor();
    const frame = await eventually(
      () => page.frames().find((f) => /\/bigcommerce\/(load|auth)/.test(f.url())),
      10_000,
      'the app frame',
    );
    await frame.getByRole('heading', { name: 'Backorder', level: 1 }).waitFor({ timeout: 10_000 });

    // Overview: the setup checklist with nothing done yet.
    await frame.getByText('Set up Backorder').waitFor();
    await frame.getByText('0 of 4 done').waitFor();
    await shoot(page, frame, '01-overview-new');

    // Keyboard: the page tabs are in the tab order (BigDesign skips the active one); Enter opens one.
    await frame.getByRole('tab', { name: 'Overview', exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await frame.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await tab(frame, 'Overview');

    // Step 1: the switch condition.
    await frame.locator('[data-step="settings"]').getByRole('link').click();
    const level = frame.getByLabel('Switch to backorder at stock level');
    await level.fill('0');
    await frame.getByLabel('Send notifications to').fill('owner@beanandbrew.test');
    await frame.getByRole('button', { name: 'Save settings' }).click();
    await toast(frame, 'Settings saved.');
    await shoot(page, frame, '02-settings');

    // Step 2: a template, with the live storefront preview.
    await tab(frame, 'Templates');
    await frame.getByRole('button', { name: 'Create template' }).click();
    await frame.getByLabel('Template name').fill('Standard backorder');
    await frame.getByLabel('Button text').fill('Pre-order: ships in 2 weeks');
    await frame.getByTestId('preview-product-message').waitFor();
    await expectText(
      frame.getByRole('button', { name: 'Pre-order: ships in 2 weeks', includeHidden: true }),
      'Pre-order: ships in 2 weeks',
    );
    await frame.getByLabel('Threshold (units)').fill('5');
    await shoot(page, frame, '03-template-editor');
    await frame.getByRole('button', { name: 'Save template' }).click();
    await toast(frame, 'Template “Standard backorder” created.');
    await frame
      .getByRole('row', { name: /Standard backorder/ })
      .getByText('Default')
      .waitFor();
    await shoot(page, frame, '04-templates');

    // Step 3: assign a product from the catalog.
    await tab(frame, 'Assign products');
    await frame.getByLabel('Search products').fill(product.sku);
    await frame.getByRole('button', { name: 'Search', exact: true }).click();
    const row = frame.getByRole('row', { name: new RegExp(escapeRe(product.name)) });
    await row.waitFor();
    // BigDesign's checkbox hides the native input behind its styled label: click what a merchant sees.
    await row.locator('label').first().click();
    await expectChecked(row.getByRole('checkbox'));
    await frame.getByRole('button', { name: 'Assign 1 selected' }).click();
    await toast(frame, /1 product assigned/);
    await row.getByText('Assigned', { exact: true }).waitFor();
    // Products with options list their variants under them.
    await frame.getByLabel('Search products').fill('Hario');
    await frame.getByRole('button', { name: 'Search', exact: true }).click();
    await frame
      .getByRole('list', { name: /Variants of/ })
      .first()
      .waitFor();
    await shoot(page, frame, '05-assign');

    // Step 4: import stock. The export downloads through the API (token, Blob); a file with an unknown
    // SKU previews its error and cannot be confirmed; the fixed file previews one change and applies.
    await tab(frame, 'Import / export');
    const download = page.waitForEvent('download');
    await frame.getByRole('button', { name: 'Download CSV' }).click();
    const exported = await readFile((await (await download).path())!, 'utf8');
    expect(exported.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/^sku,/);
    expect(exported).toContain(product.sku);
    await toast(frame, 'Export downloaded.');
    const upload = frame.getByLabel('CSV file to import');
    await upload.setInputFiles({
      name: 'stock-with-typo.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`sku,backorder_threshold,incoming_stock\n${product.sku},6,12\nNO-SUCH-SKU,6,12\n`),
    });
    await frame.getByText(/1 row with errors/).waitFor({ timeout: 20_000 });
    await frame.getByRole('cell', { name: 'NO-SUCH-SKU', exact: true }).waitFor();
    expect(await frame.getByRole('button', { name: /Import 1 change/ }).isDisabled()).toBe(true);
    await shoot(page, frame, '06-import-preview-errors');
    await frame.getByRole('button', { name: 'Discard' }).click();
    await toast(frame, /Import discarded/);
    await upload.setInputFiles({
      name: 'stock.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`sku,backorder_threshold,incoming_stock\n${product.sku},6,12\n`),
    });
    await frame.getByRole('cell', { name: /Threshold: 5 → 6/ }).waitFor({ timeout: 20_000 });
    // The preview names the product, not only its SKU.
    await frame.getByRole('cell', { name: product.name, exact: true }).waitFor();
    await shoot(page, frame, '07-import-preview');
    await frame.getByRole('button', { name: 'Import 1 change' }).click();
    await toast(frame, 'Import applied.');
    await frame.getByText(/Saved: 1 changed/).waitFor();
    await shoot(page, frame, '08-import-applied');

    // Products: the item is in stock, backorder off, with the imported limits.
    await tab(frame, 'Products');
    const item = frame.getByRole('row', { name: new RegExp(escapeRe(product.name)) });
    await item.getByText('In stock', { exact: true }).waitFor();
    await expectText(item.getByText(/of 6 allowed/), '0 of 6 allowed');
    await item.getByText('+12 incoming', { exact: true }).waitFor();
    await shoot(page, frame, '09-products-in-stock');

    // A warehouse count drops the stock to 0 in the emulator (webhook → engine): the page polls.
    await eventually(() => h.emulator.store(HASH)!.hooks.length >= 7, 10_000, 'webhooks registered');
    await page.getByText('Emulator tools').click();
    const tools = page.locator('form[data-tool="inventory"]');
    await tools.getByLabel('SKU').fill(product.sku);
    await tools.getByLabel('Stock').fill('0');
    await tools.getByRole('button', { name: 'Set stock' }).click();
    await page.locator('#tool-result').filter({ hasText: /^200/ }).waitFor();
    await item.getByText('Backorder', { exact: true }).waitFor({ timeout: 20_000 });

    // A shopper orders 2 on backorder (once the room of 6 reached the platform): the bar follows.
    await eventually(
      () => h.emulator.store(HASH)!.productById(product.id)!.inventory_level === 6,
      15_000,
      'backorder room published',
    );
    const order = page.locator('form[data-tool="orders"]');
    await order.getByLabel('SKU').fill(product.sku);
    await order.getByLabel('Qty').fill('2');
    await order.getByRole('button', { name: 'Place order' }).click();
    await page
      .locator('#tool-result')
      .filter({ hasText: /^20\d/ })
      .filter({ hasNotText: '"level"' })
      .waitFor();
    await item.getByText('2 of 6 allowed').waitFor({ timeout: 20_000 });
    // Three labelled figures, as the platform sells them: nothing on the shelf, 2 owed, 4 sellable —
    // never the signed stock of -2.
    const header = (await frame.getByRole('columnheader').allTextContents()).map((t) => t.trim());
    expect(header).toEqual(expect.arrayContaining(['On hand', 'On backorder', 'Sellable']));
    const cells = (await item.getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(cells).toEqual(expect.arrayContaining(['0+12 incoming', '2 of 6 allowed', '4']));
    expect(cells.join(' ')).not.toMatch(/-2/);
    expect(h.emulator.store(HASH)!.productById(product.id)!.inventory_level).toBe(4);
    // Fold the emulator's tools away so the screenshots show the admin, not the order's raw JSON.
    await page.evaluate(`document.getElementById('tool-result').textContent = ''`);
    await page.getByText('Emulator tools').click();
    await shoot(page, frame, '10-products-backorder');

    // The activity log, filterable; Overview: setup complete, one item on backorder.
    await tab(frame, 'Activity');
    await frame.getByRole('cell', { name: 'Warehouse count' }).first().waitFor();
    await frame.getByRole('cell', { name: 'Import applied' }).first().waitFor();
    await shoot(page, frame, '11-activity');
    await tab(frame, 'Overview');
    await frame.getByText('Setup complete').waitFor();
    await frame.getByRole('link', { name: 'On backorder: 1' }).waitFor();
    await frame.getByText('Today: 2 units on backorder').waitFor();
    await shoot(page, frame, '12-overview');

    // A 1280×800 laptop: the control panel leaves the frame ~1000 px; no page scrolls sideways.
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const [title, name] of [
      ['Products', '13-laptop-products'],
      ['Templates', '14-laptop-templates'],
      ['Overview', '15-laptop-overview'],
    ] as const) {
      await tab(frame, title);
      await frame.getByRole('heading', { level: 2 }).first().waitFor();
      await frame.locator('table').first().waitFor();
      const overflow = await frame.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect({ page: title, overflow }).toEqual({ page: title, overflow: 0 });
      await shoot(page, frame, name);
    }

    expect(problems).toEqual([]);
  }
});

async function expectChecked(locator: { isChecked(): Promise<boolean> }) {
  expect(await locator.isChecked()).toBe(true);
}

async function expectText(locator: { textContent(): Promise<string | null> }, text: string) {
  expect((await locator.textContent())?.trim()).toBe(text);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
