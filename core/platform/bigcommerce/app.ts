/**
 * The app's side of BigCommerce that is not about one store's data: OAuth code exchange, the
 * signed_payload_jwt of load/uninstall/remove_user, webhook signatures, and a StorePlatform per store.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { verifyHs256 } from '../../security/jwt';
import { PlatformRejectedError, PlatformRetryableError, type StorePlatform } from '../types';
import { bigCommercePlatform } from './client';
import { bcHttp, type BcHttpOptions } from './http';
import { StoreRateLimiter } from './rate-limiter';

export interface BigCommerceCredentials {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  loginUrl: string;
}

/** Webhook scopes the app registers, with what each one means to us. */
export const WEBHOOK_SCOPES = [
  'store/product/created',
  'store/product/updated',
  'store/product/deleted',
  'store/product/inventory/updated',
  'store/sku/inventory/updated',
  'store/order/created',
  'store/app/uninstalled',
] as const;

export const WEBHOOK_TOKEN_HEADER = 'x-backorder-token';

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  context: z.string().regex(/^stores\/[a-z0-9]+$/i),
  user: z.object({ id: z.coerce.string(), email: z.string() }),
  owner: z.object({ id: z.coerce.string(), email: z.string() }),
});
export type TokenAnswer = z.infer<typeof tokenAnswer>;

export interface SignedPayload {
  storeHash: string;
  user: { id: string; email: string };
  owner: { id: string; email: string };
}

export type WebhookCheck = { ok: true } | { ok: false; reason: string };

export function bigCommerceApp(creds: BigCommerceCredentials, httpOptions: Partial<BcHttpOptions> = {}) {
  const limiters = new Map<string, StoreRateLimiter>();

  return {
    creds,

    /** POST the install's code to the token endpoint; the answer carries the store's access token. */
    async exchangeCode(input: {
      code: string;
      scope: string;
      context: string;
      redirectUri: string;
    }): Promise<TokenAnswer> {
      let res: Response;
      try {
        res = await fetch(`${creds.loginUrl}/oauth2/token`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({
            client_id: creds.clientId,
            client_secret: creds.clientSecret,
            code: input.code,
            context: input.context,
            scope: input.scope,
            grant_type: 'authorization_code',
            redirect_uri: input.redirectUri,
          }),
        });
      } catch (err) {
        throw new PlatformRetryableError(`BigCommerce login is not reachable: ${(err as Error).message}`);
      }
      const text = await res.text();
      if (res.status >= 500)
        throw new PlatformRetryableError(`BigCommerce token endpoint answered ${res.status}`);
      if (!res.ok)
        throw new PlatformRejectedError(`BigCommerce refused the install code (${res.status})`, res.status);
      const parsed = tokenAnswer.safeParse(JSON.parse(text || '{}'));
      if (!parsed.success)
        throw new PlatformRejectedError('BigCommerce token answer was not understood', 502);
      return parsed.data;
    },

    /** Verifies load/uninstall/remove_user's JWT: signature, audience, issuer, expiry, not-before, subject. */
    verifySignedPayload(
      token: string,
      now: Date,
    ): { ok: true; payload: SignedPayload } | { ok: false; reason: string } {
      const result = verifyHs256<{
        sub?: string;
        user?: { id?: unknown; email?: string };
        owner?: { id?: unknown; email?: string };
      }>(token, creds.clientSecret, { now, audience: creds.clientId, issuer: 'bc', leewaySeconds: 30 });
      if (!result.ok) return result;
      const hash = /^stores\/([a-z0-9]+)$/i.exec(result.claims.sub ?? '')?.[1];
      if (!hash) return { ok: false, reason: 'bad subject' };
      const { user, owner } = result.claims;
      if (user?.id === undefined) return { ok: false, reason: 'no user' };
      return {
        ok: true,
        payload: {
          storeHash: hash,
          user: { id: String(user.id), email: user.email ?? '' },
          owner: { id: String(owner?.id ?? ''), email: owner?.email ?? '' },
        },
      };
    },

    /** A StorePlatform for one store; stores share nothing but this process's limiter map. */
    forStore(storeHash: string, accessToken: string): StorePlatform {
      let limiter = limiters.get(storeHash);
      if (!limiter) limiters.set(storeHash, (limiter = new StoreRateLimiter()));
      return bigCommercePlatform(
        bcHttp({ apiUrl: creds.apiUrl, storeHash, accessToken, limiter, ...httpOptions }),
      );
    },
  };
}

export type BigCommerceApp = ReturnType<typeof bigCommerceApp>;

/**
 * Standard Webhooks verification over the raw body: HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed
 * with the client secret (its base64 is the Standard Webhooks secret), any of the `v1,` signatures
 * matching, and a timestamp no older (or newer) than `maxAgeSeconds`.
 */
export function verifyWebhookSignature(
  headers: { id?: string; timestamp?: string; signature?: string },
  rawBody: Buffer,
  clientSecret: string,
  now: Date,
  maxAgeSeconds: number,
): WebhookCheck {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) return { ok: false, reason: 'missing webhook signature headers' };
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return { ok: false, reason: 'bad webhook timestamp' };
  if (Math.abs(now.getTime() / 1000 - ts) > maxAgeSeconds)
    return { ok: false, reason: 'stale webhook timestamp' };
  const expected = createHmac('sha256', Buffer.from(clientSecret, 'utf8'))
    .update(`${id}.${timestamp}.`)
    .update(rawBody)
    .digest();
  const matches = signature.split(' ').some((part) => {
    const [version, sig] = part.split(',');
    if (version !== 'v1' || !sig) return false;
    const given = Buffer.from(sig, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true } : { ok: false, reason: 'bad webhook signature' };
}
