/**
 * What a merchant sees when something goes wrong, in Chromium: a Save with an empty required field says
 * so in a whole sentence at the field and at the button, both in view; an error toast stays clear of
 * the tab bar and closes. Fails on any console error or failed request but the refusal it provokes.
 */
import path from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { template } from '../support/admin-client';
import { eventually, installApp, startHarness, type Harness } from '../support/app-harness';
import { ARTIFACTS, openBrowser, type BrowserSession } from './support';

const HASH = 'browserforms';
jest.setTimeout(120_000);

describe('errors a merchant can see, in Chromium', () => {
  let h: Harness;
  let b: BrowserSession;
  let frame: Frame;

  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({ hash: HASH, name: 'Bean & Brew Supply Co.', seed: 'demo' });
    const { api } = await installApp(h, HASH);
    // A template some product uses: deleting it is refused (the error toast below).
    const standard = (await api.post('/api/templates', template({ name: 'Standard' }))).body;
    const product = h.emulator.store(HASH)!.products.find((p) => p.inventory_tracking === 'product')!;
    await api.post('/api/assignments', { productIds: [String(product.id)], templateId: standard.id });
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await h?.close();
  });

  /** The control panel with the app in its frame, freshly loaded (each test starts on its own). */
  async function openApp() {
    await b.page.goto(`${h.emulator.url}/_emulator/stores/${HASH}/admin`);
    frame = await eventually(
      () => b.page.frames().find((f) => /\/bigcommerce\/load/.test(f.url())),
      10_000,
      'the app frame',
    );
    await frame.getByRole('heading', { name: 'Backorder', level: 1 }).waitFor({ timeout: 10_000 });
    await frame.getByRole('tab', { name: 'Templates', exact: true }).click();
  }

  const shoot = (name: string) => b.page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });

  it('says why a Save did not save, in sentences at the field and at the button, both in view', async () => {
    await openApp();
    await frame.getByRole('button', { name: 'Create template' }).click();
    await frame.getByLabel('Template name').waitFor();
    // The merchant reaches Save at the end of the form, far below the name.
    const save = frame.getByRole('button', { name: 'Save template' });
    await save.scrollIntoViewIfNeeded();
    await save.click();
    const atField = frame.getByText('The template name is required.', { exact: true });
    const atButton = frame.getByTestId('form-actions').getByRole('alert');
    await atField.waitFor({ timeout: 5_000 });
    expect(await atButton.textContent()).toBe('Not saved. The template name is required.');
    await shoot('forms-01-save-problem');
    expect(await seen(b.page, atField)).toEqual({ inViewport: true, uncovered: true });
    expect(await seen(b.page, atButton)).toEqual({ inViewport: true, uncovered: true });
    expect(await frame.evaluate('document.activeElement && document.activeElement.name')).toBe('name');
  });

  it('shows an error toast clear of the tab bar, and closes it', async () => {
    await openApp();
    await frame.getByRole('button', { name: 'Delete Standard' }).click();
    await frame.getByRole('dialog').getByRole('button', { name: 'Delete template' }).click();
    const toast = frame.getByRole('alert').filter({ hasText: 'Could not delete the template' });
    await toast.waitFor({ timeout: 5_000 });
    await shoot('forms-02-error-toast');
    const tabs = await frame.getByRole('navigation', { name: 'Backorder pages' }).boundingBox();
    const box = await toast.boundingBox();
    expect(overlap(box!, tabs!)).toBe(false);
    expect(await seen(b.page, toast)).toEqual({ inViewport: true, uncovered: true });
    expect(await toast.textContent()).toContain(
      'This template is used by 1 item; assign it another template first.',
    );
    await toast.getByRole('button').first().click();
    await toast.waitFor({ state: 'detached', timeout: 2_000 });
    // The refusal (409, "in use") is the point; anything else the browser saw is a problem.
    const refusal = /(HTTP 409: DELETE|status of 409 \(Conflict\)).*\/api\/templates\/\d+\)?$/;
    expect(b.problems.filter((p) => !refusal.test(p))).toEqual([]);
  });
});

type Box = { x: number; y: number; width: number; height: number };

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Whether the element is inside the browser's viewport (through its frame) and is what the merchant
 * sees at its centre (not hidden under a bar, a toast or the frame's edge).
 */
async function seen(page: Page, locator: Locator) {
  const box = (await locator.boundingBox())!;
  const viewport = page.viewportSize()!;
  const inViewport =
    box.y >= 0 && box.x >= 0 && box.y + box.height <= viewport.height && box.x + box.width <= viewport.width;
  // Browser-side code: the element at its own centre, in its frame's coordinates.
  const uncovered = await locator.evaluate(
    (el: {
      getBoundingClientRect(): { left: number; top: number; width: number; height: number };
      contains(other: unknown): boolean;
      ownerDocument: { elementFromPoint(x: number, y: number): unknown };
    }) => {
      const r = el.getBoundingClientRect();
      const hit = el.ownerDocument.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return hit !== null && el.contains(hit);
    },
  );
  return { inViewport, uncovered };
}
