/**
 * Who may use the admin, and for how long: a removed user loses the session at once; a session is
 * renewed while the admin is open, up to its maximum age; a launch token and an install code are
 * taken once; a request that cannot be the platform's install gets 4xx without a call to the
 * platform; the embed page may be framed by the control panel only.
 */
import { sql } from 'drizzle-orm';
import { eventually, sessionFrom, startHarness, type Harness } from '../../support/app-harness';

const HASH = 'sess1on';
const STAFF = { id: 77, email: 'staff@example.com' };

describe('sessions and the platform callbacks', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('postgres');
    h.emulator.createStore({ hash: HASH, seed: 'demo' });
    expect((await h.emulator.install(HASH)).status).toBe(200);
    await eventually(() => h.emulator.store(HASH)!.hooks.length > 0, 10_000, 'set up');
  });
  afterEach(() => h.clock.reset());
  afterAll(async () => h?.close());

  const get = (path: string) => fetch(`${h.appUrl}${path}`);
  const api = (token: string, path = '/api/session', method = 'GET') =>
    fetch(`${h.appUrl}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  const load = async (user?: { id: number; email: string }) => {
    const res = await get(`/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH, user)}`);
    expect(res.status).toBe(200);
    return sessionFrom(await res.text());
  };
  const renew = async (token: string) => {
    const res = await api(token, '/api/session/renew', 'POST');
    return { status: res.status, body: (await res.json()) as { token: string; expiresAt: string } };
  };
  const message = async (res: Response) =>
    ((await res.json()) as { error: { message: string } }).error.message;

  it('ends a removed user’s session at once', async () => {
    const session = await load(STAFF);
    expect((await api(session)).status).toBe(200);
    const removed = await get(
      `/bigcommerce/remove-user?signed_payload_jwt=${h.emulator.signedPayload(HASH, STAFF)}`,
    );
    expect(removed.status).toBe(200);
    const after = await api(session);
    expect(after.status).toBe(401);
    expect(await message(after)).toMatch(/no longer have access/);
    expect((await renew(session)).status).toBe(401);
    // Opened again from the control panel (the platform still lets them in), they are back.
    expect((await api(await load(STAFF))).status).toBe(200);
  });

  it('takes a launch token once', async () => {
    const url = `/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH)}`;
    expect((await get(url)).status).toBe(200);
    const replay = await get(url);
    expect(replay.status).toBe(401);
    expect(await message(replay)).toMatch(/already used/);
    const removeUser = `/bigcommerce/remove-user?signed_payload_jwt=${h.emulator.signedPayload(HASH, STAFF)}`;
    expect((await get(removeUser)).status).toBe(200);
    expect((await get(removeUser)).status).toBe(401);
  });

  it('renews an open session silently, up to the maximum age and not past it', async () => {
    const start = Date.now();
    const hours = (n: number) => new Date(start + n * 3600_000);
    let token = await load();
    const { ttlSeconds, maxAgeSeconds } = h.config.session;
    expect([ttlSeconds, maxAgeSeconds]).toEqual([3600, 43_200]);

    // The Products tab polls; the admin renews every 45 minutes while it is open.
    for (let minute = 45; minute < 12 * 60; minute += 45) {
      h.clock.advanceTo(new Date(start + minute * 60_000));
      const before = token;
      const renewed = await renew(token);
      expect(renewed.status).toBe(200);
      token = renewed.body.token;
      expect(Date.parse(renewed.body.expiresAt)).toBeLessThanOrEqual(start + 12 * 3600_000 + 1000);
      expect((await api(token, '/api/items')).status).toBe(200);
      // The token it replaced still ends when it would have.
      h.clock.advanceTo(new Date(start + (minute - 45 + 61) * 60_000));
      expect((await api(before)).status).toBe(401);
      expect((await api(token)).status).toBe(200);
    }
    // Renewing at 11¾ hours still answers, but no later than 12 hours after the launch.
    h.clock.advanceTo(hours(11.9));
    const last = await renew(token);
    expect(last.status).toBe(200);
    expect(Math.abs(Date.parse(last.body.expiresAt) - (start + 12 * 3600_000))).toBeLessThan(5000);
    h.clock.advanceTo(hours(12.01));
    const over = await api(last.body.token);
    expect(over.status).toBe(401);
    expect(await message(over)).toBe('Your session has expired: reopen the app.');
    expect((await renew(last.body.token)).status).toBe(401);
  });

  it('refuses an install that cannot be the platform’s with 4xx, without calling the platform', async () => {
    const real = new URL(h.emulator.installUrl(HASH));
    const forms: Array<[string, Record<string, string>, RegExp]> = [
      ['no code', { code: '' }, /code/],
      ['a code with characters no code has', { code: "x' or 1=1 --" }, /code/],
      ['no context', { context: '' }, /context/],
      ['a context that is no store', { context: 'stores/../admin' }, /context/],
      ['a scope without the products and stock the app needs', { scope: 'store_v2_orders' }, /scope/],
    ];
    const calls = h.emulator.tokenRequests();
    for (const [, change, field] of forms) {
      const url = new URL(real);
      for (const [k, v] of Object.entries(change)) url.searchParams.set(k, v);
      const res = await fetch(url.toString().replace(url.origin, h.appUrl));
      expect(res.status).toBe(400);
      expect(await message(res)).toMatch(field);
    }
    expect(h.emulator.tokenRequests()).toBe(calls);
  });

  it('takes an install code once: a replay is refused without calling the platform', async () => {
    const url = h.emulator.installUrl(HASH);
    expect((await get(url.replace(new URL(url).origin, ''))).status).toBe(200);
    const calls = h.emulator.tokenRequests();
    const replay = await get(url.replace(new URL(url).origin, ''));
    expect(replay.status).toBe(401);
    expect(await message(replay)).toMatch(/install the app again/);
    expect(h.emulator.tokenRequests()).toBe(calls);
  });

  it('answers a well-formed code the platform does not know with 401, not a server error', async () => {
    const url = new URL(h.emulator.installUrl(HASH));
    url.searchParams.set('code', 'abcdef0123456789abcdef0123456789abcdef01');
    const res = await get(`${url.pathname}${url.search}`);
    expect(res.status).toBe(401);
    expect(await message(res)).toMatch(/install the app again/);
  });

  it('lets only the control panel frame the embed page', async () => {
    const emulator = new URL(h.emulator.url);
    const expected = `frame-ancestors ${emulator.origin} http://localhost:${emulator.port}`;
    const loaded = await get(`/bigcommerce/load?signed_payload_jwt=${h.emulator.signedPayload(HASH)}`);
    expect(loaded.headers.get('content-security-policy')).toBe(expected);
    const url = h.emulator.installUrl(HASH);
    const installed = await get(url.replace(new URL(url).origin, ''));
    expect(installed.status).toBe(200);
    expect(installed.headers.get('content-security-policy')).toBe(expected);
  });

  it('keeps nothing of a code or a launch token but its digest', async () => {
    const rows = await h.runtime.database.db.execute(sql`select kind, digest from spent_credentials`);
    const found = (rows as unknown as { rows: Array<{ kind: string; digest: string }> }).rows;
    expect(new Set(found.map((r) => r.kind))).toEqual(new Set(['launch', 'install-code']));
    for (const r of found) expect(r.digest).toMatch(/^[0-9a-f]{64}$/);
  });
});
