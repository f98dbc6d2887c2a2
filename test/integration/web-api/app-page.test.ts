/**
 * The embed's page: /bigcommerce/load answers the built admin (web/dist) with the session token in
 * its meta tag; the hashed assets are served with a year-long immutable cache; a missing one is a 404.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { appPage, webDistDir } from '../../../server/app-page';
import { startHarness, type Harness } from '../../support/app-harness';

const built = existsSync(path.join(webDistDir(), 'index.html'));

(built ? describe : describe.skip)('the admin page in the embed', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({ hash: 'pagestore', seed: 'empty' });
  });
  afterAll(async () => h?.close());

  it('serves the built admin with the session token, and its assets cached for good', async () => {
    const page = (await h.emulator.install('pagestore')).body as string;
    expect(page).toMatch(/<meta name="backorder-session" content="[\w-]+\.[\w-]+\.[\w-]+">/);
    expect(page).toContain('<div id="root"></div>');
    const script = /<script type="module" crossorigin src="(\/app\/assets\/[^"]+\.js)"/.exec(page)?.[1];
    expect(script).toBeDefined();
    const js = await fetch(`${h.appUrl}${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(readdirSync(path.join(webDistDir(), 'assets')).length).toBeGreaterThan(1);
    expect((await fetch(`${h.appUrl}/app/assets/no-such-chunk.js`)).status).toBe(404);
  });

  it('keeps the page, which carries a session token, out of every cache', async () => {
    const jwt = h.emulator.signedPayload('pagestore');
    const load = await fetch(`${h.appUrl}/bigcommerce/load?signed_payload_jwt=${encodeURIComponent(jwt)}`);
    expect(load.status).toBe(200);
    expect(load.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the admin page without a build', () => {
  it('says how to build it instead of a blank page, and escapes what it shows', () => {
    const page = appPage(
      { sessionToken: 'a.b.c', storeName: 'Tom & "Jerry"', userEmail: 'o@x.test' },
      path.join(__dirname, 'no-such-dist'),
    );
    expect(page).toContain('<meta name="backorder-session" content="a.b.c">');
    expect(page).toContain('npm run build');
    expect(page).toContain('Tom &amp; &quot;Jerry&quot;');
    expect(page).toContain('role="alert"');
  });
});
