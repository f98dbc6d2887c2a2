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
  it('carry the store and user, and expire', () => {
    const token = issueSession({ storeId: 7, userId: '3', email: 'a@b.c' }, 's'.repeat(32), 60, now);
    expect(readSession(token, 's'.repeat(32), now)).toEqual({ storeId: 7, userId: '3', email: 'a@b.c' });
    expect(readSession(token, 's'.repeat(32), new Date(now.getTime() + 120_000))).toEqual({
      error: 'Your session has expired: reopen the app.',
    });
  });

  it("are not accepted as BigCommerce's JWT and vice versa", () => {
    const bc = signHs256(claims, 's'.repeat(32));
    expect(readSession(bc, 's'.repeat(32), now)).toEqual({ error: 'Invalid session token.' });
  });
});
