/**
 * Rate limiting as BigCommerce does it: four X-Rate-Limit headers on every answer, a 429 with them when
 * the per-store quota is used, and overload 429s without them.
 */
import { startFixture, storeApi, type Fixture } from './support';

const HEADERS = [
  'x-rate-limit-time-window-ms',
  'x-rate-limit-time-reset-ms',
  'x-rate-limit-requests-quota',
  'x-rate-limit-requests-left',
];

describe('emulator rate limits', () => {
  let fx: Fixture;
  let token: string;

  beforeAll(async () => {
    fx = await startFixture();
    token = await fx.install('ratelimited', 'demo');
  });
  afterEach(() => fx.emu.setRateLimit({ quota: 150, windowMs: 30_000 }));
  afterAll(() => fx.close());

  it('sends the four headers with the default quota on every answer', async () => {
    fx.emu.setRateLimit({ quota: 150, windowMs: 30_000 });
    const api = storeApi(fx.emu.url, 'ratelimited', token);
    const first = await api('GET', '/v3/catalog/products?limit=1');
    const second = await api('GET', '/v2/orders');
    for (const res of [first, second])
      for (const name of HEADERS) expect(res.headers.get(name)).toMatch(/^\d+$/);
    expect(first.headers.get('x-rate-limit-time-window-ms')).toBe('30000');
    expect(first.headers.get('x-rate-limit-requests-quota')).toBe('150');
    expect(first.headers.get('x-rate-limit-requests-left')).toBe('149');
    expect(second.headers.get('x-rate-limit-requests-left')).toBe('148');
  });

  it('answers 429 with the headers once a quota of 3 is used, and recovers after the window', async () => {
    fx.emu.setRateLimit({ quota: 3, windowMs: 400 });
    const api = storeApi(fx.emu.url, 'ratelimited', token);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await api('GET', '/v2/store'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((a) => a.headers.get('x-rate-limit-requests-left'))).toEqual(['2', '1', '0', '0']);
    const limited = answers[3]!;
    expect(limited.body).toMatchObject({ status: 429 });
    const resetMs = Number(limited.headers.get('x-rate-limit-time-reset-ms'));
    expect(resetMs).toBeGreaterThan(0);
    expect(resetMs).toBeLessThanOrEqual(400);

    await new Promise((resolve) => setTimeout(resolve, resetMs + 20));
    const after = await api('GET', '/v2/store');
    expect(after.status).toBe(200);
    expect(after.headers.get('x-rate-limit-requests-left')).toBe('2');
  });

  it('keeps a separate quota per store', async () => {
    fx.emu.setRateLimit({ quota: 1, windowMs: 10_000 });
    const other = await fx.install('ratelimited2', 'empty');
    expect((await storeApi(fx.emu.url, 'ratelimited', token)('GET', '/v2/time')).status).toBe(200);
    expect((await storeApi(fx.emu.url, 'ratelimited2', other)('GET', '/v2/time')).status).toBe(200);
    expect((await storeApi(fx.emu.url, 'ratelimited', token)('GET', '/v2/time')).status).toBe(429);
  });

  it('answers overload 429s without rate-limit headers, then serves normally', async () => {
    const api = storeApi(fx.emu.url, 'ratelimited', token);
    fx.emu.overload(2);
    const first = await api('GET', '/v2/store');
    const second = await api('GET', '/v3/catalog/products');
    for (const res of [first, second]) {
      expect(res.status).toBe(429);
      for (const name of HEADERS) expect(res.headers.get(name)).toBeNull();
    }
    const third = await api('GET', '/v2/store');
    expect(third.status).toBe(200);
    expect(third.headers.get('x-rate-limit-requests-left')).not.toBeNull();
  });

  it('records every exchange without the token', async () => {
    fx.emu.clearExchanges();
    await storeApi(fx.emu.url, 'ratelimited', token)('PUT', '/v3/catalog/products', [
      { id: 112, name: 'Renamed' },
    ]);
    expect(fx.emu.exchanges).toHaveLength(1);
    const exchange = fx.emu.exchanges[0]!;
    expect(exchange).toMatchObject({
      method: 'PUT',
      path: '/stores/ratelimited/v3/catalog/products',
      requestBody: [{ id: 112, name: 'Renamed' }],
      status: 200,
      responseBody: { data: [expect.objectContaining({ id: 112, name: 'Renamed' })], meta: {} },
    });
    expect(exchange.requestHeaders['x-auth-token']).toBe('[redacted]');
    expect(exchange.responseHeaders['x-rate-limit-requests-quota']).toBe('150');
  });
});
