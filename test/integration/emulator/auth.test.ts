/**
 * The gateway and login host: X-Auth-Token checks, unknown stores, OAuth scopes, and the authorization
 * code exchange (single use, client secret checked).
 */
import { CLIENT_ID, CLIENT_SECRET, startFixture, storeApi, type Fixture, type Json } from './support';

describe('emulator auth', () => {
  let fx: Fixture;
  let token: string;

  beforeAll(async () => {
    fx = await startFixture();
    token = await fx.install('authstore', 'demo');
  });
  afterAll(() => fx.close());

  it('answers 401 with BigCommerce error body without a token and with a wrong one', async () => {
    for (const given of [undefined, 'not-a-real-token']) {
      const res = await storeApi(fx.emu.url, 'authstore', given)('GET', '/v3/catalog/products');
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        status: 401,
        title: expect.any(String),
        type: expect.stringContaining('api-status-codes'),
      });
      expect(res.headers.get('x-rate-limit-requests-quota')).toBe('150');
    }
  });

  it('does not accept a token issued for another store', async () => {
    const other = await fx.install('authother', 'empty');
    const res = await storeApi(fx.emu.url, 'authstore', other)('GET', '/v2/store');
    expect(res.status).toBe(401);
  });

  it('answers 404 for an unknown store', async () => {
    const res = await storeApi(fx.emu.url, 'nosuchstore', token)('GET', '/v2/store');
    expect(res.status).toBe(404);
    expect(res.body.status).toBe(404);
  });

  it('serves store information to a valid token', async () => {
    const res = await storeApi(fx.emu.url, 'authstore', token)('GET', '/v2/store');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: 'authstore',
      name: 'Bean & Brew Supply Co.',
      admin_email: 'owner+authstore@example.com',
      timezone: { name: 'America/Chicago', raw_offset: -21600, dst_offset: -18000, dst_correction: true },
    });
  });

  it('exchanges an authorization code once, with the token answer BigCommerce gives', async () => {
    fx.emu.createStore({ hash: 'codestore', seed: 'empty' });
    const received = fx.app.received.length;
    fx.app.reply = (req) => (req.path === '/auth' ? { status: 200, body: 'held' } : undefined);
    try {
      await fx.emu.install('codestore');
    } finally {
      fx.app.reply = () => undefined;
    }
    const callback = fx.app.received.slice(received).find((r) => r.path === '/auth');
    expect(callback?.query.get('context')).toBe('stores/codestore');
    expect(callback?.query.get('scope')).toContain('store_v2_products');
    const body = {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code: callback?.query.get('code'),
      scope: callback?.query.get('scope'),
      context: 'stores/codestore',
      grant_type: 'authorization_code',
      redirect_uri: `${fx.app.url}/auth`,
    };
    const exchange = (b: Record<string, unknown>) =>
      fetch(`${fx.emu.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(b),
      });

    const wrongSecret = await exchange({ ...body, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as Json).error).toBe('invalid_client');

    const first = await exchange(body);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as Json;
    expect(answer).toEqual({
      access_token: expect.stringMatching(/^[a-z0-9]{31}$/),
      scope: callback?.query.get('scope'),
      user: {
        id: expect.any(Number),
        username: 'owner+codestore@example.com',
        email: 'owner+codestore@example.com',
      },
      owner: {
        id: expect.any(Number),
        username: 'owner+codestore@example.com',
        email: 'owner+codestore@example.com',
      },
      context: 'stores/codestore',
      account_uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });

    const again = await exchange(body);
    expect(again.status).toBe(400);
    expect(((await again.json()) as Json).error).toBe('invalid_grant');

    const api = storeApi(fx.emu.url, 'codestore', answer.access_token);
    expect((await api('GET', '/v3/catalog/products')).status).toBe(200);
  });

  it('refuses endpoints outside the granted scopes with 403', async () => {
    const store = fx.emu.store('authstore');
    store?.accessTokens.push({
      token: 'readonlytoken',
      client_id: CLIENT_ID,
      scope: 'store_v2_products_read_only',
      user_id: 1,
      created_at: new Date().toISOString(),
      revoked: false,
    });
    const api = storeApi(fx.emu.url, 'authstore', 'readonlytoken');
    expect((await api('GET', '/v3/catalog/products?limit=1')).status).toBe(200);
    const write = await api('PUT', '/v3/catalog/products', [{ id: 112, name: 'Renamed' }]);
    expect(write.status).toBe(403);
    expect((await api('GET', '/v2/orders')).status).toBe(403);
  });

  it('revokes the token, removes hooks and auto-uninstall scripts on uninstall', async () => {
    const hash = 'gonestore';
    const own = await fx.install(hash, 'empty');
    const api = storeApi(fx.emu.url, hash, own);
    await api('POST', '/v3/hooks', { scope: 'store/app/uninstalled', destination: `${fx.app.url}/webhooks` });
    await api('POST', '/v3/content/scripts', {
      name: 'sf',
      src: 'https://cdn.example/sf.js',
      auto_uninstall: true,
      kind: 'src',
    });
    const result = await fx.emu.uninstall(hash);
    expect(result.status).toBe(200);
    const callback = fx.app.received.filter((r) => r.path === '/uninstall').at(-1);
    expect(callback?.query.get('signed_payload_jwt')).toBeTruthy();
    await fx.emu.whenIdle();
    const event = fx.app.webhooks().find((w) => w.payload.scope === 'store/app/uninstalled');
    expect(event?.payload).toMatchObject({ producer: `stores/${hash}`, data: { type: 'store' } });
    expect((await api('GET', '/v2/store')).status).toBe(401);
    expect(fx.emu.store(hash)?.hooks).toHaveLength(0);
    expect(fx.emu.store(hash)?.scripts).toHaveLength(0);
  });
});
