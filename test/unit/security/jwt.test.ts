import { signHs256, verifyHs256 } from '../../../core/security/jwt';
import { issueSession, readSession } from '../../../server/session';

const now = new Date('2026-11-24T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);
const claims = { aud: 'client', iss: 'bc', sub: 'stores/abc', iat: t, nbf: t, exp: t + 3600 };

describe('HS256 tokens', () => {
  it('accepts a well-signed, current token', () => {
    const result = verifyHs256(signHs256(claims, 'secret'), 'secret', {
      now,
      audience: 'client',
      issuer: 'bc',
    });
    expect(result).toEqual({ ok: true, claims });
  });

  it.each([
    ['signed with another secret', signHs256(claims, 'other'), 'bad signature'],
    ['expired', signHs256({ ...claims, exp: t - 60 }, 'secret'), 'expired'],
    ['not valid yet', signHs256({ ...claims, nbf: t + 600 }, 'secret'), 'not valid yet'],
    ['for another app', signHs256({ ...claims, aud: 'someone-else' }, 'secret'), 'wrong audience'],
    ['from another issuer', signHs256({ ...claims, iss: 'me' }, 'secret'), 'wrong issuer'],
    ['without expiry', signHs256({ aud: 'client', iss: 'bc' }, 'secret'), 'expired'],
    ['garbage', 'not.a.jwt', 'malformed token'],
  ])('rejects a token %s', (_name, token, reason) => {
    expect(verifyHs256(token, 'secret', { now, audience: 'client', issuer: 'bc' })).toEqual({
      ok: false,
      reason,
    });
  });

  it('rejects alg=none even with a valid body', () => {
    const [, body] = signHs256(claims, 'secret').split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect(verifyHs256(none, 'secret', { now })).toEqual({ ok: false, reason: 'unexpected algorithm' });
  });
});

describe('app session tokens', () => {
  const secret = 's'.repeat(32);
  const limits = { ttlSeconds: 60, maxAgeSeconds: 150 };
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const user = { storeId: 7, userId: '3', email: 'a@b.c' };

  it('carry the store and user, and expire', () => {
    const { token, expiresAt } = issueSession(user, secret, limits, now);
    expect(readSession(token, secret, now, limits.maxAgeSeconds)).toEqual({
      ...user,
      authTime: Math.floor(now.getTime() / 1000),
      expiresAt,
    });
    expect(readSession(token, secret, at(120), limits.maxAgeSeconds)).toEqual({
      error: 'Your session has expired: reopen the app.',
    });
  });

  it('are renewed up to the maximum age counted from the launch, never past it', () => {
    const launchedAt = Math.floor(now.getTime() / 1000);
    const first = issueSession(user, secret, limits, now);
    expect(first.expiresAt).toBe(launchedAt + 60);
    // Renewed at 50 s and 100 s: each renewal gives another minute, up to 150 s after the launch.
    const second = issueSession({ ...user, authTime: launchedAt }, secret, limits, at(50));
    expect(second.expiresAt).toBe(launchedAt + 110);
    const third = issueSession({ ...user, authTime: launchedAt }, secret, limits, at(100));
    expect(third.expiresAt).toBe(launchedAt + 150);
    expect(readSession(third.token, secret, at(140), limits.maxAgeSeconds)).toMatchObject({ storeId: 7 });
    expect(readSession(third.token, secret, at(160), limits.maxAgeSeconds)).toEqual({
      error: 'Your session has expired: reopen the app.',
    });
  });

  it('end at a shorter maximum age even when issued under a longer one', () => {
    const { token } = issueSession(user, secret, { ttlSeconds: 600, maxAgeSeconds: 600 }, now);
    expect(readSession(token, secret, at(200), 600)).toMatchObject({ storeId: 7 });
    expect(readSession(token, secret, at(200), 150)).toEqual({
      error: 'Your session has expired: reopen the app.',
    });
  });

  it("are not accepted as BigCommerce's JWT and vice versa", () => {
    const bc = signHs256(claims, secret);
    expect(readSession(bc, secret, now, limits.maxAgeSeconds)).toEqual({ error: 'Invalid session token.' });
  });
});
