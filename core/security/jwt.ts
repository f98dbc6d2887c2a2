/**
 * HS256 JWTs with node:crypto: BigCommerce's signed_payload_jwt and the app's own session tokens.
 * Verification returns a tagged result with a short reason instead of throwing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown> & { exp?: number; nbf?: number; iat?: number };
export type JwtResult<T> = { ok: true; claims: T } | { ok: false; reason: string };

const b64 = (v: string | Buffer) => Buffer.from(v).toString('base64url');

export function signHs256(claims: JwtClaims, secret: string): string {
  const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = b64(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export interface VerifyOptions {
  now: Date;
  /** Seconds of clock skew tolerated on exp/nbf/iat. */
  leewaySeconds?: number;
  audience?: string;
  issuer?: string;
}

export function verifyHs256<T extends JwtClaims = JwtClaims>(
  token: string,
  secret: string,
  options: VerifyOptions,
): JwtResult<T> {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [head, body, sig] = parts as [string, string, string];
  let header: { alg?: string };
  let claims: T;
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: string };
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  } catch {
    return { ok: false, reason: 'malformed token' };
  }
  if (header.alg !== 'HS256') return { ok: false, reason: 'unexpected algorithm' };
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad signature' };
  const now = Math.floor(options.now.getTime() / 1000);
  const leeway = options.leewaySeconds ?? 0;
  if (typeof claims.exp !== 'number' || claims.exp + leeway < now) return { ok: false, reason: 'expired' };
  if (typeof claims.nbf === 'number' && claims.nbf - leeway > now)
    return { ok: false, reason: 'not valid yet' };
  if (options.audience !== undefined && claims.aud !== options.audience)
    return { ok: false, reason: 'wrong audience' };
  if (options.issuer !== undefined && claims.iss !== options.issuer)
    return { ok: false, reason: 'wrong issuer' };
  return { ok: true, claims };
}
