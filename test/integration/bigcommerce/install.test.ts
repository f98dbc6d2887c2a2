/**
 * Install, load, uninstall and re-install through the real BigCommerce client against the emulator,
 * as a merchant's control panel drives them.
 */
import { sql } from 'drizzle-orm';
import { signHs256 } from '../../../core/security/jwt';
import {
  CLIENT_ID,
  CLIENT_SECRET,
  eventually,
  sessionFrom,
  startHarness,
  type Harness,
} from '../../support/app-harness';

const HASH = 'inst4ll';

describe('installing the app on a BigCommerce store', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({
      hash: HASH,
      name: 'Ground Control Coffee',
      timeZone: 'Europe/Amsterdam',
      seed: 'demo',
    });
  });
  afterAll(async () => h?.close());

  const get = (path: string) => fetch(`${h.appUrl}${path}`);
  const session = (token: string) =>
    fetch(`${h.appUrl}/api/session`, { headers: { Authorization: `Bearer ${token}` } });
  const jwt = (claims: Record<string, unknown>, secret = CLIENT_SECRET) => {
    const now = Math.floor(Date.now() / 1000);
    return signHs256(
      {
        aud: CLIENT_ID,
        iss: 'bc',
        sub: `stores/${HASH}`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        jti: 'j1',
        user: { id: 1, email: 'owner@example.com' },
        owner: { id: 1, email: 'owner@example.com' },
        ...claims,
      },
      secret,
    );
  };

  it('installs through OAuth: the app answers with itself and sets the store up', async () => {
    const answer = await h.emulator.install(HASH);
    expect(answer.status).toBe(200);
    const token = sessionFrom(answer.body);
    const me = await session(token);
    expect(me.status).toBe(200);
    expect(((await me.json()) as any).store).toMatchObject({ platform: 'bigcommerce', platformId: HASH });

    // The store-setup job registers every webhook, each with the store's secret header, and reads the store's details.
    const hooks = await eventually(
      () => (h.emulator.store(HASH)!.hooks.length >= 8 ? h.emulator.store(HASH)!.hooks : null),
      10_000,
      'webhooks',
    );
    expect(hooks.map((x) => x.scope).sort()).toEqual([
      'store/app/uninstalled',
      'store/order/created',
      'store/product/created',
      'store/product/deleted',
      'store/product/inventory/updated',
      'store/product/updated',
      'store/sku/deleted',
      'store/sku/inventory/updated',
    ]);
    expect(
      hooks.every(
        (x) => x.destination === `${h.appUrl}/webhooks/bigcommerce` && x.headers?.['x-backorder-token'],
      ),
    ).toBe(true);
    const named = await eventually(
      async () => ((await (await session(token)).json()) as any).store.name === 'Ground Control Coffee',
      10_000,
      'store name',
    );
    expect(named).toBe(true);
  });

  it('keeps no access token, webhook secret or client secret in plain text', async () => {
    const tokens = h.emulator.store(HASH)!.accessTokens.map((t) => t.token);
    expect(tokens.length).toBeGreaterThan(0);
    const hookSecrets = h.emulator.store(HASH)!.hooks.map((x) => x.headers!['x-backorder-token']!);
    const rows = await h.runtime.database.db.execute(sql`select row_to_json(s)::text as row from stores s`);
    const dump = JSON.stringify((rows as unknown as { rows: unknown[] }).rows);
    for (const secret of [...tokens, ...hookSecrets, CLIENT_SECRET]) expect(dump).not.toContain(secret);
    expect(dump).toContain('v1:');
  });

  it('loads for a signed, current JWT and hands the page a session token', async () => {
    const res = await get(`/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH)}`);
    expect(res.status).toBe(200);
    expect((await session(sessionFrom(await res.text()))).status).toBe(200);
  });

  it.each([
    ['forged (wrong secret)', () => jwt({}, 'not-the-secret'), 'bad signature'],
    ['expired', () => jwt({ exp: Math.floor(Date.now() / 1000) - 120 }), 'expired'],
    ['for another app (audience)', () => jwt({ aud: 'another-client' }), 'wrong audience'],
    ['from another issuer', () => jwt({ iss: 'evil' }), 'wrong issuer'],
    ['not valid yet', () => jwt({ nbf: Math.floor(Date.now() / 1000) + 600 }), 'not valid yet'],
  ])('refuses a %s JWT with 401 and the reason', async (_name, make, reason) => {
    for (const path of ['load', 'uninstall', 'remove-user']) {
      const res = await get(`/bigcommerce/${path}?signed_payload_jwt=${make()}`);
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.message).toContain(reason);
    }
  });

  it('refuses the admin API without a valid session token', async () => {
    expect((await fetch(`${h.appUrl}/api/session`)).status).toBe(401);
    expect((await session('nonsense')).status).toBe(401);
  });

  it('adds a user at load and removes them at remove-user', async () => {
    const user = { id: 55, email: 'staff@example.com' };
    const res = await get(`/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH, user)}`);
    expect(res.status).toBe(200);
    const users = async () =>
      rowsOf(await h.runtime.database.db.execute(sql`select platform_user_id from store_users order by 1`));
    expect(await users()).toEqual(expect.arrayContaining([{ platform_user_id: '55' }]));
    expect(
      (await get(`/bigcommerce/remove-user?signed_payload_jwt=${h.emulator.signedPayload(HASH, user)}`))
        .status,
    ).toBe(200);
    expect(await users()).not.toEqual(expect.arrayContaining([{ platform_user_id: '55' }]));
  });

  it('uninstalls: the token is dropped, the data kept, old sessions stop working; re-install brings it back', async () => {
    const before = await get(`/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH)}`);
    const oldSession = sessionFrom(await before.text());
    const idBefore = rowsOf(
      await h.runtime.database.db.execute(sql`select id from stores where platform_id = ${HASH}`),
    )[0];

    expect((await h.emulator.uninstall(HASH)).status).toBe(200);
    const row = rowsOf(
      await h.runtime.database.db.execute(
        sql`select status, access_token_enc from stores where platform_id = ${HASH}`,
      ),
    )[0];
    expect(row).toEqual({ status: 'uninstalled', access_token_enc: null });
    expect((await session(oldSession)).status).toBe(401);
    expect((await get(`/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH)}`)).status).toBe(
      401,
    );

    const again = await h.emulator.install(HASH);
    expect(again.status).toBe(200);
    expect((await session(sessionFrom(again.body))).status).toBe(200);
    const idAfter = rowsOf(
      await h.runtime.database.db.execute(sql`select id from stores where platform_id = ${HASH}`),
    )[0];
    expect(idAfter).toEqual(idBefore);
  });

  it('logged nothing secret during all of this', () => {
    const logs = h.logs.join('');
    expect(logs).toContain('store installed');
    for (const secret of [...h.emulator.store(HASH)!.accessTokens.map((t) => t.token), CLIENT_SECRET])
      expect(logs).not.toContain(secret);
  });
});

/** Raw query rows, as both drivers return them. */
function rowsOf(result: unknown): Array<Record<string, unknown>> {
  return (result as { rows: Array<Record<string, unknown>> }).rows;
}
