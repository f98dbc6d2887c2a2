import { act, render, screen } from '@testing-library/react';
import { ApiClient, ApiError, SESSION_EXPIRED_MESSAGE, tokenFromPage } from '../../web/src/api/client';
import { App } from '../../web/src/bigdesign/App';
import { fakeFetch } from './render';

describe('the session', () => {
  it('sends the token from the page with every call and types the errors', async () => {
    document.head.innerHTML = '<meta name="backorder-session" content="tok-123">';
    const { impl, calls } = fakeFetch({
      'GET /api/settings': [200, { switchCondition: 0 }],
      'PUT /api/settings': [400, { error: { code: 'invalid', message: 'timeZone: bad', field: 'timeZone' } }],
    });
    const api = new ApiClient(tokenFromPage(), '', impl);
    await api.get('/api/settings');
    expect(calls[0]!.headers.Authorization).toBe('Bearer tok-123');
    await expect(api.put('/api/settings', { timeZone: 'Mars' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid',
      field: 'timeZone',
      message: 'timeZone: bad',
    });
  });

  it('asks the merchant to reopen the app when the session expires, instead of a blank page', async () => {
    const { impl } = fakeFetch({
      'GET /api/session': [401, { error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } }],
      'GET /api/overview': [401, { error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } }],
    });
    const api = new ApiClient('expired', '', impl);
    render(<App api={api} />);
    expect(await screen.findByText(/Your session has expired: reopen the app\./)).toBeInTheDocument();
    await expect(api.get('/api/session')).rejects.toBeInstanceOf(ApiError);
  });

  it('says the same when the page carries no token at all', async () => {
    render(<App api={new ApiClient('')} />);
    expect(await screen.findByText(/reopen the app/)).toBeInTheDocument();
  });
});

describe('silent session renewal', () => {
  const MIN = 60_000;
  /** A session token as the server issues it: only its `exp` matters to the client. */
  const tokenUntil = (ms: number) =>
    `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify({ exp: Math.floor(ms / 1000) })).replace(/=+$/, '')}.sig`;
  const bearer = (token: string) => `Bearer ${token}`;
  let start: number;
  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-12-01T10:00:00Z') });
    start = Date.now();
  });
  afterEach(() => jest.useRealTimers());

  /** The server: each renewal gives an hour more, never past `maxAgeMs` after the start. */
  function server(maxAgeMs = 12 * 60 * MIN) {
    const cap = start + maxAgeMs;
    const renewal = (): [number, unknown] => {
      const until = Math.min(Date.now() + 60 * MIN, cap);
      return [200, { token: tokenUntil(until), expiresAt: new Date(until).toISOString() }];
    };
    const items = (): [number, unknown] =>
      Date.now() < cap
        ? [200, { items: [], total: 0 }]
        : [401, { error: { code: 'unauthorized', message: SESSION_EXPIRED_MESSAGE } }];
    return fakeFetch({ 'POST /api/session/renew': renewal, 'GET /api/items': items });
  }
  const renewals = (calls: Array<{ method: string; path: string }>) =>
    calls.filter((c) => c.method === 'POST' && c.path === '/api/session/renew');

  it('renews the token before it expires, so the admin keeps working past the first hour', async () => {
    const { impl, calls } = server();
    const first = tokenUntil(start + 60 * MIN);
    const api = new ApiClient(first, '', impl);
    const stop = api.keepAlive();
    await jest.advanceTimersByTimeAsync(44 * MIN);
    expect(renewals(calls)).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(2 * MIN);
    expect(renewals(calls).map((c) => (c as any).headers.Authorization)).toEqual([bearer(first)]);

    // The Products tab polls every few seconds, well past the first token's hour.
    await jest.advanceTimersByTimeAsync(3 * 60 * MIN);
    await expect(api.get('/api/items')).resolves.toEqual({ items: [], total: 0 });
    expect(calls.at(-1)!.headers.Authorization).not.toBe(bearer(first));
    expect(renewals(calls).length).toBeGreaterThanOrEqual(4);
    expect(api.expired).toBe(false);
    stop();
  });

  it('stops at the maximum age: the session then ends and the admin says so', async () => {
    const { impl, calls } = server(90 * MIN);
    const api = new ApiClient(tokenUntil(start + 60 * MIN), '', impl);
    const expired = jest.fn();
    api.onExpired(expired);
    const stop = api.keepAlive();
    await jest.advanceTimersByTimeAsync(89 * MIN);
    // Renewed at 45 minutes (until 90), then once more to no later expiry: no further tries.
    expect(renewals(calls)).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(2 * MIN);
    expect(renewals(calls)).toHaveLength(2);
    await expect(api.get('/api/items')).rejects.toMatchObject({ status: 401 });
    expect(expired).toHaveBeenCalledTimes(1);
    stop();
  });

  it('is started by the admin itself while it is open', async () => {
    const { impl, calls } = server();
    const api = new ApiClient(tokenUntil(start + 60 * MIN), '', impl);
    const { unmount } = render(<App api={api} />);
    await act(async () => {
      await jest.advanceTimersByTimeAsync(46 * MIN);
    });
    expect(renewals(calls)).toHaveLength(1);
    expect(screen.queryByText(/Your session has expired/)).not.toBeInTheDocument();
    unmount();
    await jest.advanceTimersByTimeAsync(60 * MIN);
    expect(renewals(calls)).toHaveLength(1);
  });
});
