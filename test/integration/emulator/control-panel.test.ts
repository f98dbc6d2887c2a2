/**
 * The merchant's side: signed_payload_jwt claims, the control-panel page with the app's iframe, and the
 * Install button that runs the OAuth flow.
 */
import { createHmac } from 'node:crypto';
import { decodeJwt } from '../../../emulator';
import { appUrlsFrom, parseCli } from '../../../emulator/main';
import { CLIENT_ID, CLIENT_SECRET, control, startFixture, type Fixture } from './support';

function verifyHs256(token: string, secret: string): Record<string, unknown> {
  const [head, body, sig] = token.split('.') as [string, string, string];
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  expect(sig).toBe(expected);
  expect(JSON.parse(Buffer.from(head, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' });
  return JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
}

describe('emulator control panel', () => {
  let fx: Fixture;

  beforeAll(async () => {
    fx = await startFixture();
  });
  afterAll(() => fx.close());

  it('signs the payload JWT with the client secret and BigCommerce claims', () => {
    const store = fx.emu.createStore({ hash: 'jwtstore', seed: 'empty', ownerEmail: 'owner@jwt.example' });
    const before = Math.floor(Date.now() / 1000);
    const claims = verifyHs256(
      fx.emu.signedPayload('jwtstore', { id: 77, email: 'staff@jwt.example' }),
      CLIENT_SECRET,
    );
    expect(claims).toEqual({
      aud: CLIENT_ID,
      iss: 'bc',
      sub: 'stores/jwtstore',
      iat: expect.any(Number),
      nbf: expect.any(Number),
      exp: expect.any(Number),
      jti: expect.any(String),
      user: { id: 77, email: 'staff@jwt.example', locale: 'en-US' },
      owner: { id: store.data.owner.id, email: 'owner@jwt.example' },
      url: '/',
      channel_id: 1,
    });
    const iat = claims.iat as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(claims.exp).toBe(iat + 24 * 60 * 60);
    expect(claims.nbf as number).toBeLessThanOrEqual(iat);
    const owner = decodeJwt(fx.emu.signedPayload('jwtstore'), CLIENT_SECRET);
    expect(owner?.user).toEqual({ id: store.data.owner.id, email: 'owner@jwt.example', locale: 'en-US' });
    expect(decodeJwt(fx.emu.signedPayload('jwtstore'), 'wrong-secret')).toBeNull();
  });

  it('offers an Install button until the app is installed, then shows it in an iframe', async () => {
    fx.emu.createStore({ hash: 'panelstore', seed: 'demo' });
    const before = await control(fx.emu.url, 'GET', '/stores/panelstore/admin');
    expect(before.status).toBe(200);
    expect(before.body).toContain('Bean &amp; Brew Supply Co.');
    expect(before.body).not.toContain('<iframe');
    expect(before.body).toContain('action="/_emulator/stores/panelstore/install"');

    const install = await control(fx.emu.url, 'POST', '/stores/panelstore/install');
    expect(install.status).toBe(303);
    expect(install.headers.get('location')).toBe('/_emulator/stores/panelstore/admin');
    expect(fx.app.tokens.get('panelstore')).toBeDefined();

    const after = await control(fx.emu.url, 'GET', '/stores/panelstore/admin');
    expect(after.body).toMatch(/Apps[\s\S]*Backorder/);
    const src = /<iframe[^>]* src="([^"]+)"/.exec(after.body as string)?.[1]?.replace(/&amp;/g, '&');
    expect(src).toBeDefined();
    const url = new URL(src ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${fx.app.url}/load`);
    const claims = verifyHs256(url.searchParams.get('signed_payload_jwt') ?? '', CLIENT_SECRET);
    expect(claims.sub).toBe('stores/panelstore');
  });

  it("frames the app at a deep link on the app's page, /manage/app/{id}/…, as BigCommerce does", async () => {
    fx.emu.createStore({ hash: 'deepstore', seed: 'empty' });
    await control(fx.emu.url, 'POST', '/stores/deepstore/install');
    const claimsOf = (body: string) => {
      const src = /<iframe[^>]* src="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');
      return verifyHs256(new URL(src ?? '').searchParams.get('signed_payload_jwt') ?? '', CLIENT_SECRET);
    };
    const page = await control(fx.emu.url, 'GET', `/stores/deepstore/manage/app/${fx.emu.appId}/items/10`);
    expect(page.status).toBe(200);
    expect(claimsOf(page.body as string)).toMatchObject({ sub: 'stores/deepstore', url: '/items/10' });
    const start = await control(fx.emu.url, 'GET', `/stores/deepstore/manage/app/${fx.emu.appId}`);
    expect(claimsOf(start.body as string).url).toBe('/');
    const other = await control(fx.emu.url, 'GET', '/stores/deepstore/manage/app/999/items/10');
    expect(other.status).toBe(404);
  });

  it('says so when no app URLs are set', async () => {
    fx.emu.setAppUrls(undefined);
    try {
      fx.emu.createStore({ hash: 'nourls', seed: 'empty' });
      const page = await control(fx.emu.url, 'GET', '/stores/nourls/admin');
      expect(page.body).toContain('no app URLs');
      await expect(fx.emu.install('nourls')).rejects.toThrow(/app URLs/);
    } finally {
      fx.emu.setAppUrls(appUrlsFrom(fx.app.url));
    }
  });

  it('creates stores through the control API, idempotently', async () => {
    const first = await control(fx.emu.url, 'POST', '/stores', {
      hash: 'viacontrol',
      seed: 'demo',
      name: 'Control Co',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ hash: 'viacontrol', name: 'Control Co', products: 61 });
    const again = await control(fx.emu.url, 'POST', '/stores', { hash: 'viacontrol' });
    expect(again.status).toBe(200);
    const state = await control(fx.emu.url, 'GET', '/stores/viacontrol/state');
    expect(state.body.products).toHaveLength(61);
    const bad = await control(fx.emu.url, 'POST', '/stores', { hash: 'no spaces' });
    expect(bad.status).toBe(400);
  });

  it('parses CLI flags with the documented defaults', () => {
    const defaults = parseCli([]);
    expect(defaults.options).toMatchObject({
      port: 3001,
      host: '127.0.0.1',
      clientId: 'demo-client',
      clientSecret: 'demo-secret',
    });
    expect(defaults.store).toBe('demo');
    const custom = parseCli([
      '--port',
      '0',
      '--app-url',
      'http://localhost:3000/',
      '--rate-limit',
      '3/1000',
      '--no-store',
    ]);
    expect(custom.options.appUrls?.load).toBe('http://localhost:3000/load');
    expect(custom.options.rateLimit).toEqual({ quota: 3, windowMs: 1000 });
    expect(custom.store).toBeUndefined();
  });
});
