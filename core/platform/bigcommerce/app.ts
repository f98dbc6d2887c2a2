/**
 * The app's side of BigCommerce that is not about one store's data: OAuth code exchange, the
 * signed_payload_jwt of load/uninstall/remove_user, webhook signatures, and a StorePlatform per store.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { verifyHs256 } from '../../security/jwt';
import {
  InstallCodeRefusedError,
  PlatformRejectedError,
  PlatformRetryableError,
  type InstallGrant,
  type InstallRequest,
  type Launch,
  type PlatformApp,
  type Verified,
  type WebhookPayload,
} from '../types';
import { bigCommercePlatform } from './client';
import { bcHttp, type BcHttpOptions } from './http';
import { StoreRateLimiter } from './rate-limiter';
import { eventOf, readEvent, WEBHOOK_SCOPES, WEBHOOK_TOKEN_HEADER } from './topics';

export { WEBHOOK_SCOPES, WEBHOOK_TOKEN_HEADER };

export interface BigCommerceCredentials {
  clientId: string;
  clientSecret: string;
  apiUrl: string;
  loginUrl: string;
  /** The app's id in the developer portal (`/my/apps/{id}`): its page in a control panel is named by it. */
  appId?: string;
  /** A store's control panel, `{store_hash}` standing for the store; default CONTROL_PANEL_URL. */
  controlPanelUrl?: string;
}

/** Where BigCommerce serves a store's control panel. */
export const CONTROL_PANEL_URL = 'https://store-{store_hash}.mybigcommerce.com';

/**
 * The app's page in a store's control panel at `path`. BigCommerce frames the app there and sends the
 * part after the app's id as the load callback's `url` claim (its sample app routes the frame by that
 * claim; Unified Billing's `redirectUrl` points into apps the same way). Without the app's id, the
 * store's installed apps, one click from the app.
 */
export function controlPanelUrl(creds: BigCommerceCredentials, storeHash: string, path: string): string {
  const base = (creds.controlPanelUrl ?? CONTROL_PANEL_URL).replace('{store_hash}', storeHash);
  if (!creds.appId) return `${base}/manage/marketplace/apps/my-apps`;
  return `${base}/manage/app/${encodeURIComponent(creds.appId)}${path === '/' ? '' : path}`;
}

/** The load callback's `url` claim as an admin path, when it is a plain path other than the start. */
function deepLinkOf(url: unknown): string | undefined {
  if (typeof url !== 'string' || url === '/' || url.length > 255) return undefined;
  return /^\/(?!\/)[\w\-./]*$/.test(url) ? url : undefined;
}

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  scope: z.string(),
  context: z.string().regex(/^stores\/[a-z0-9]+$/i),
  user: z.object({ id: z.coerce.string(), email: z.string() }),
  owner: z.object({ id: z.coerce.string(), email: z.string() }),
});
export type TokenAnswer = z.infer<typeof tokenAnswer>;

/** A delivery's payload: `{scope, store_id, data, hash, created_at, producer}`. */
const payloadSchema = z.object({
  scope: z.string().min(1),
  store_id: z.union([z.string(), z.number()]).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
  hash: z.string().min(1),
  /** Seconds; whole and positive (a stamp orders stock reports: a bogus one must not reach them). */
  created_at: z.number().int().positive().optional(),
  producer: z.string().regex(/^stores\/[a-z0-9]+$/i),
});

/**
 * Scopes the app cannot work without (it writes products and stock levels). BigCommerce sends the
 * scopes of the app's registration with every install (the merchant cannot pick), so a callback
 * without them is not BigCommerce's.
 */
const REQUIRED_SCOPES = ['store_v2_products', 'store_inventory'];

/** The auth callback's query: `code`, `scope`, `context=stores/{hash}` (and `account_uuid`, unused). */
const installParams = z.object({
  code: z
    .string({ error: 'code is missing' })
    .regex(/^[A-Za-z0-9._~-]{8,256}$/, 'code is not an install code'),
  scope: z
    .string({ error: 'scope is missing' })
    .refine(
      (scope) => REQUIRED_SCOPES.every((s) => scope.split(/\s+/).includes(s)),
      `scope must grant ${REQUIRED_SCOPES.join(' and ')}`,
    ),
  context: z
    .string({ error: 'context is missing' })
    .regex(/^stores\/[a-z0-9]{1,64}$/i, 'context must be stores/{store_hash}'),
});

export type BigCommerceApp = PlatformApp & { readonly creds: BigCommerceCredentials };

export function bigCommerceApp(
  creds: BigCommerceCredentials,
  httpOptions: Partial<BcHttpOptions> = {},
  /** A delivery whose signature timestamp is further from now than `webhookMaxAgeSeconds` is refused. */
  options: { webhookMaxAgeSeconds?: number } = {},
): BigCommerceApp {
  const limiters = new Map<string, StoreRateLimiter>();
  const maxAgeSeconds = options.webhookMaxAgeSeconds ?? 300;

  return {
    name: 'bigcommerce',
    creds,
    webhookSecretHeader: WEBHOOK_TOKEN_HEADER,

    frameAncestors(storeHash) {
      const login = new URL(creds.loginUrl);
      if (login.hostname.endsWith('.bigcommerce.com'))
        // The store's control panel, and BigCommerce's own hosts (login, on the way in).
        return [`https://store-${storeHash}.mybigcommerce.com`, 'https://*.bigcommerce.com'];
      // The emulator, on a loopback address its control panel may be opened under either name.
      const twins = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' } as Record<string, string>;
      const twin = twins[login.hostname];
      const port = login.port ? `:${login.port}` : '';
      return [login.origin, ...(twin ? [`${login.protocol}//${twin}${port}`] : [])];
    },

    readInstall(params): Verified<InstallRequest> {
      const parsed = installParams.safeParse(params);
      if (!parsed.success) return { ok: false, reason: parsed.error.issues[0]!.message };
      const { code, scope, context } = parsed.data;
      return {
        ok: true,
        value: { platformId: context.slice('stores/'.length), code, params: { code, scope, context } },
      };
    },

    /** POSTs the install's code to the token endpoint; the answer carries the store's access token. */
    async exchangeInstall(request, redirectUri): Promise<InstallGrant> {
      const { code, scope, context } = request.params as z.infer<typeof installParams>;
      const answer = await exchangeCode(creds, { code, scope, context, redirectUri });
      return {
        platformId: answer.context.slice('stores/'.length),
        accessToken: answer.access_token,
        scopes: answer.scope,
        owner: answer.owner,
        user: answer.user,
      };
    },

    /** load/uninstall/remove_user's JWT: signature, audience, issuer, expiry, not-before, subject. */
    verifyLaunch(token, now): Verified<Launch> {
      const result = verifyHs256<{
        sub?: string;
        jti?: unknown;
        exp?: number;
        user?: { id?: unknown; email?: string };
        owner?: { id?: unknown; email?: string };
        url?: unknown;
      }>(token, creds.clientSecret, { now, audience: creds.clientId, issuer: 'bc', leewaySeconds: 30 });
      if (!result.ok) return result;
      const hash = /^stores\/([a-z0-9]+)$/i.exec(result.claims.sub ?? '')?.[1];
      if (!hash) return { ok: false, reason: 'bad subject' };
      const { user, owner, jti, exp } = result.claims;
      if (user?.id === undefined) return { ok: false, reason: 'no user' };
      // Without its id a token could not be told from its replay.
      if (typeof jti !== 'string' || !jti) return { ok: false, reason: 'no jti' };
      return {
        ok: true,
        value: {
          platformId: hash,
          user: { id: String(user.id), email: user.email ?? '' },
          owner: { id: String(owner?.id ?? ''), email: owner?.email ?? '' },
          path: deepLinkOf(result.claims.url),
          tokenId: jti,
          // Remembered past the expiry by the leeway the check allows.
          expiresAt: new Date((exp! + 30) * 1000),
        },
      };
    },

    readWebhook(request): Verified<WebhookPayload> {
      let json: unknown;
      try {
        json = JSON.parse(request.rawBody.toString('utf8'));
      } catch {
        return { ok: false, reason: 'body is not JSON' };
      }
      const parsed = payloadSchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return {
          ok: false,
          reason: `not a BigCommerce webhook payload: ${issue.path.join('.')}: ${issue.message}`,
        };
      }
      const payload = parsed.data;
      const event = readEvent(payload.scope, payload.data);
      if (!event.ok) return { ok: false, reason: `not a valid ${payload.scope} payload: ${event.reason}` };
      return {
        ok: true,
        value: {
          platformId: payload.producer.slice('stores/'.length),
          deliveryId: request.header('webhook-id') ?? '',
          topic: payload.scope,
          event: event.value,
          createdAt: payload.created_at,
        },
      };
    },

    eventOf,

    verifyWebhook(request, now): Verified<void> {
      const check = verifyWebhookSignature(
        {
          id: request.header('webhook-id'),
          timestamp: request.header('webhook-timestamp'),
          signature: request.header('webhook-signature'),
        },
        request.rawBody,
        creds.clientSecret,
        now,
        maxAgeSeconds,
      );
      return check.ok ? { ok: true, value: undefined } : check;
    },

    webhookSubscriptions: (destination, secret) => ({
      destination,
      scopes: WEBHOOK_SCOPES,
      headers: { [WEBHOOK_TOKEN_HEADER]: secret },
    }),

    adminUrl: (storeHash, path) => controlPanelUrl(creds, storeHash, path),

    /** A StorePlatform for one store; stores share nothing but this process's limiter map. */
    forStore(storeHash, accessToken) {
      let limiter = limiters.get(storeHash);
      if (!limiter) limiters.set(storeHash, (limiter = new StoreRateLimiter()));
      return bigCommercePlatform(
        bcHttp({ apiUrl: creds.apiUrl, storeHash, accessToken, limiter, ...httpOptions }),
      );
    },
  };
}

/** The OAuth code exchange at BigCommerce's token endpoint. */
async function exchangeCode(
  creds: BigCommerceCredentials,
  input: { code: string; scope: string; context: string; redirectUri: string },
): Promise<TokenAnswer> {
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
  // A code BigCommerce does not know (made up, used, expired): the merchant's request, not the app, is at fault.
  if (res.status === 400 && readOAuthError(text) === 'invalid_grant') throw new InstallCodeRefusedError();
  if (!res.ok)
    throw new PlatformRejectedError(`BigCommerce refused the install code (${res.status})`, res.status, {
      final: true,
    });
  const parsed = tokenAnswer.safeParse(JSON.parse(text || '{}'));
  if (!parsed.success) throw new PlatformRejectedError('BigCommerce token answer was not understood', 502);
  return parsed.data;
}

function readOAuthError(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

export type WebhookCheck = { ok: true } | { ok: false; reason: string; stale?: true };

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
    return { ok: false, reason: 'stale webhook timestamp', stale: true };
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
