/**
 * The app's life in a store, as the merchant's browser and login.bigcommerce.com drive it: install
 * (auth code → the app's auth callback → token exchange), load / remove_user / uninstall callbacks with
 * a fresh `signed_payload_jwt`, and the clean-up BigCommerce does on uninstall.
 */
import { randomBytes } from 'node:crypto';
import { request } from './http-client';
import { signedPayloadClaims, signJwt } from './jwt';
import type { EmulatorState } from './state';
import type { EmulatedStore } from './store';
import type { UserRecord } from './types';

export interface AppUrls {
  auth: string;
  load: string;
  uninstall: string;
  removeUser: string;
}

export interface CallbackResult {
  status: number;
  body: string;
  location?: string;
}

interface PendingCode {
  hash: string;
  scope: string;
  user: UserRecord;
  expiresAt: number;
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
}

export const CODE_TTL_MS = 5 * 60 * 1000;

export interface LifecycleOptions {
  clientId: string;
  clientSecret: string;
  scope: string;
  state: EmulatorState;
  appUrls: () => AppUrls | undefined;
  callbackTimeoutMs: number;
  log: (line: string) => void;
}

function oauthError(status: number, error: string, description: string): TokenAnswer {
  return { status, body: { error, error_description: description } };
}

export class AppLifecycle {
  private readonly codes = new Map<string, PendingCode>();
  /** Requests the token endpoint has had, answered or refused (tests count the app's calls). */
  tokenRequests = 0;

  constructor(private readonly options: LifecycleOptions) {}

  private requireStore(hash: string): EmulatedStore {
    const store = this.options.state.get(hash);
    if (!store) throw new Error(`no emulated store "${hash}"`);
    return store;
  }

  private requireUrls(): AppUrls {
    const urls = this.options.appUrls();
    if (!urls) throw new Error('the app URLs are not set (startEmulator({appUrls}) or setAppUrls)');
    return urls;
  }

  issueCode(hash: string, user?: UserRecord): { code: string; scope: string; context: string } {
    const store = this.requireStore(hash);
    const code = randomBytes(20).toString('hex');
    this.codes.set(code, {
      hash,
      scope: this.options.scope,
      user: user ?? store.data.owner,
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    return { code, scope: this.options.scope, context: `stores/${hash}` };
  }

  /** POST /oauth2/token. */
  exchange(body: Record<string, unknown>): TokenAnswer {
    this.tokenRequests += 1;
    if (body.grant_type !== 'authorization_code')
      return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code.');
    if (body.client_id !== this.options.clientId || body.client_secret !== this.options.clientSecret)
      return oauthError(401, 'invalid_client', 'Invalid client id or client secret.');
    const code = typeof body.code === 'string' ? body.code : '';
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending || pending.expiresAt < Date.now())
      return oauthError(400, 'invalid_grant', 'The authorization code is invalid, expired or already used.');
    if (body.context !== `stores/${pending.hash}`)
      return oauthError(400, 'invalid_grant', `context must be stores/${pending.hash}.`);
    const authUrl = this.options.appUrls()?.auth;
    if (typeof body.redirect_uri !== 'string')
      return oauthError(400, 'invalid_request', 'redirect_uri is required.');
    if (authUrl && body.redirect_uri.split('?')[0] !== authUrl.split('?')[0])
      return oauthError(400, 'invalid_grant', 'redirect_uri does not match the app auth callback URL.');
    const store = this.options.state.get(pending.hash);
    if (!store) return oauthError(400, 'invalid_grant', 'The store no longer exists.');
    const token = randomBytes(16).toString('hex').slice(0, 31);
    store.accessTokens.push({
      token,
      client_id: this.options.clientId,
      scope: pending.scope,
      user_id: pending.user.id,
      created_at: new Date().toISOString(),
      revoked: false,
    });
    store.changed();
    const owner = store.data.owner;
    this.options.log(`token issued for store ${store.hash}`);
    return {
      status: 200,
      body: {
        access_token: token,
        scope: pending.scope,
        user: { id: pending.user.id, username: pending.user.email, email: pending.user.email },
        owner: { id: owner.id, username: owner.email, email: owner.email },
        context: `stores/${store.hash}`,
        account_uuid: store.data.accountUuid,
      },
    };
  }

  /** `url`: the path into the app the control panel opens it at (its `url` claim, a deep link). */
  signedPayload(hash: string, user?: UserRecord, url?: string): string {
    const store = this.requireStore(hash);
    const owner = store.data.owner;
    const claims = signedPayloadClaims({
      clientId: this.options.clientId,
      hash,
      user: user ?? owner,
      owner,
      now: new Date(),
      url,
    });
    return signJwt(claims, this.options.clientSecret);
  }

  /** The auth callback URL BigCommerce sends the merchant's browser to, with a fresh code. */
  installUrl(hash: string, user?: UserRecord): string {
    const { code, scope, context } = this.issueCode(hash, user);
    const url = new URL(this.requireUrls().auth);
    url.searchParams.set('code', code);
    url.searchParams.set('scope', scope);
    url.searchParams.set('context', context);
    return url.toString();
  }

  /** The merchant clicks Install: BigCommerce sends the browser to the app's auth callback. */
  async install(hash: string, user?: UserRecord): Promise<CallbackResult> {
    return this.get(new URL(this.installUrl(hash, user)));
  }

  loadUrl(hash: string, user?: UserRecord, deepLink?: string): string | undefined {
    const urls = this.options.appUrls();
    if (!urls) return undefined;
    const url = new URL(urls.load);
    url.searchParams.set('signed_payload_jwt', this.signedPayload(hash, user, deepLink));
    return url.toString();
  }

  async removeUser(hash: string, user: UserRecord): Promise<CallbackResult> {
    const url = new URL(this.requireUrls().removeUser);
    url.searchParams.set('signed_payload_jwt', this.signedPayload(hash, user));
    return this.get(url);
  }

  /** Calls the uninstall callback, fires store/app/uninstalled, then revokes and cleans up. */
  async uninstall(hash: string): Promise<CallbackResult> {
    const store = this.requireStore(hash);
    const urls = this.options.appUrls();
    let result: CallbackResult = { status: 0, body: '' };
    if (urls) {
      const url = new URL(urls.uninstall);
      url.searchParams.set('signed_payload_jwt', this.signedPayload(hash));
      result = await this.get(url);
    }
    store.emit('store/app/uninstalled', { type: 'store' });
    const clientId = this.options.clientId;
    for (const token of store.accessTokens) if (token.client_id === clientId) token.revoked = true;
    store.data.hooks = store.hooks.filter((h) => h.client_id !== clientId);
    store.data.scripts = store.scripts.filter((s) => !(s.auto_uninstall && s.api_client_id === clientId));
    store.changed();
    this.options.log(`app uninstalled from store ${hash}`);
    return result;
  }

  private async get(url: URL): Promise<CallbackResult> {
    const res = await request('GET', url.toString(), { timeoutMs: this.options.callbackTimeoutMs });
    const result: CallbackResult = { status: res.status, body: res.body };
    if (res.headers.location) result.location = res.headers.location;
    this.options.log(`GET ${url.origin}${url.pathname} -> ${res.status}`);
    return result;
  }
}
