/**
 * BigCommerce's `signed_payload_jwt`: HS256 keyed with the app's client secret. Implemented with
 * node:crypto only. `decodeJwt` is here for tests and the admin page; it verifies the signature.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export interface SignedPayloadClaims {
  aud: string;
  iss: 'bc';
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
  sub: string;
  user: { id: number; email: string; locale: string };
  owner: { id: number; email: string };
  url: string;
  channel_id: number;
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export function signJwt(claims: object, secret: string): string {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }));
  const body = b64url(JSON.stringify(claims));
  const sig = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${sig}`;
}

export function signedPayloadClaims(input: {
  clientId: string;
  hash: string;
  user: { id: number; email: string };
  owner: { id: number; email: string };
  now: Date;
  /** The path into the app the control panel opens it at (a deep link); default `/`. */
  url?: string;
}): SignedPayloadClaims {
  const iat = Math.floor(input.now.getTime() / 1000);
  return {
    aud: input.clientId,
    iss: 'bc',
    iat,
    nbf: iat - 5,
    exp: iat + 24 * 60 * 60,
    jti: randomUUID(),
    sub: `stores/${input.hash}`,
    user: { id: input.user.id, email: input.user.email, locale: 'en-US' },
    owner: { id: input.owner.id, email: input.owner.email },
    url: input.url ?? '/',
    channel_id: 1,
  };
}

/** Returns the claims when the signature matches `secret`, else null. Does not check times. */
export function decodeJwt(token: string, secret: string): Record<string, unknown> | null {
  const [head, body, sig] = token.split('.');
  if (head === undefined || body === undefined || sig === undefined) return null;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}
