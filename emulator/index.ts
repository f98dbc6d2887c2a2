/**
 * A local BigCommerce: one HTTP server that answers as api.bigcommerce.com (`/stores/{hash}/...`) and as
 * login.bigcommerce.com (`/oauth2/token`), delivers signed webhooks to the app, and offers a control API
 * (`/_emulator/...`) to simulate what happens in a store. Everything is passed in as options.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { adminPage, indexPage } from './admin-page';
import { AppLifecycle, type AppUrls, type CallbackResult } from './app-lifecycle';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rate-limit';
import { apiRouter, type Exchange } from './routes/api';
import { controlRouter } from './routes/control';
import { oauthRouter } from './routes/oauth';
import { storefrontPath, storefrontRouter } from './routes/storefront';
import { EmulatorState, type CreateStoreInput } from './state';
import type { EmulatedStore } from './store';
import type { WebhookPayload } from './events';
import { DEFAULT_RETRY_DELAYS_MS, WebhookDispatcher, type DeliveryRecord } from './webhooks';

export type { AppUrls, CallbackResult } from './app-lifecycle';
export type { ProductSpec } from './catalog-builder';
export type { WebhookPayload } from './events';
export { ControlError } from './errors';
export { decodeJwt } from './jwt';
export { deliverInventoryCount, type ForgedCount } from './forged-delivery';
export type { PlaceOrderInput } from './orders';
export type { RateLimit } from './rate-limit';
export type { Exchange } from './routes/api';
export type { CreateStoreInput } from './state';
export { EmulatedStore } from './store';
export type * from './types';
export type { DeliveryRecord } from './webhooks';

/** Scopes granted to the app unless `scope` says otherwise. */
export const DEFAULT_SCOPE =
  'store_v2_content store_v2_information store_inventory store_v2_orders store_v2_products store_locations';

export interface EmulatorOptions {
  /** 0 = any free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The one app registered with this emulator. */
  clientId: string;
  clientSecret: string;
  /** The OAuth scopes the app was granted (space separated); default DEFAULT_SCOPE. */
  scope?: string;
  /** Shown in the control panel's navigation; default "Backorder". */
  appName?: string;
  /**
   * The app's id, as the developer portal gives it; default "1". Its page in a store's control panel
   * is `/_emulator/stores/{hash}/manage/app/{appId}/…` (BigCommerce: `/manage/app/{appId}/…` on the
   * store's control panel host), the part after the id going to the app as the load's `url` claim.
   */
  appId?: string;
  appUrls?: AppUrls;
  /** Default 150 requests per 30,000 ms, per store; null = unlimited. */
  rateLimit?: RateLimit | null;
  webhookRetryDelaysMs?: number[];
  /** Default 5,000 ms. */
  webhookTimeoutMs?: number;
  /** Load state from this file at start; save it (debounced, atomically) after changes. */
  stateFile?: string;
  /** How many exchanges and delivery records to keep (oldest dropped first); default 10,000. */
  historyLimit?: number;
  log?: (line: string) => void;
  /**
   * Called synchronously with each event a store fires (whether or not a hook takes it), at the
   * moment it happens: the platform's exact order of events, for tests that need it.
   */
  onEvent?: (storeHash: string, payload: WebhookPayload) => void;
}

export interface Emulator {
  url: string;
  /** The registered app's id (`EmulatorOptions.appId`). */
  appId: string;
  createStore(input: CreateStoreInput): EmulatedStore;
  store(hash: string): EmulatedStore | undefined;
  stores(): EmulatedStore[];
  setAppUrls(urls: AppUrls | undefined): void;
  setRateLimit(limit: RateLimit | null): void;
  /** The next `count` API requests get a 429 without rate-limit headers. */
  overload(count: number): void;
  exchanges: Exchange[];
  clearExchanges(): void;
  deliveries: DeliveryRecord[];
  clearDeliveries(): void;
  /** Resolves when no delivery is queued or in flight and none is due within 100 ms. */
  whenIdle(): Promise<void>;
  install(hash: string, user?: { id: number; email: string }): Promise<CallbackResult>;
  /** The auth callback URL an install sends the browser to (a fresh code), without calling it. */
  installUrl(hash: string, user?: { id: number; email: string }): string;
  /** How many requests the token endpoint (`/oauth2/token`) has had. */
  tokenRequests(): number;
  /** `url`: the deep link the payload carries (its `url` claim); default `/`. */
  signedPayload(hash: string, user?: { id: number; email: string }, url?: string): string;
  uninstall(hash: string): Promise<CallbackResult>;
  removeUser(hash: string, user: { id: number; email: string }): Promise<CallbackResult>;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const log = options.log ?? (() => undefined);
  const host = options.host ?? '127.0.0.1';
  let appUrls = options.appUrls;
  const exchanges: Exchange[] = [];
  const limiter = new RateLimiter(options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit);
  const overloaded = { remaining: 0 };
  const historyLimit = options.historyLimit ?? 10_000;

  const state: EmulatorState = new EmulatorState({
    stateFile: options.stateFile,
    log,
    onEvent: (store, scope, data) => {
      const payload = dispatcher.fire(store.data, store.hooks, scope, data);
      options.onEvent?.(store.hash, payload);
    },
  });
  const dispatcher = new WebhookDispatcher({
    clientSecret: options.clientSecret,
    retryDelaysMs: options.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: options.webhookTimeoutMs ?? 5000,
    log,
    historyLimit,
    directory: {
      hook: (hash, id) => state.get(hash)?.hooks.find((h) => h.id === id),
      deactivate: (hash, id) => {
        const hook = state.get(hash)?.hooks.find((h) => h.id === id);
        if (!hook) return;
        hook.is_active = false;
        hook.updated_at = Math.floor(Date.now() / 1000);
        state.scheduleSave();
      },
    },
  });
  state.load();

  const lifecycle = new AppLifecycle({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    scope: options.scope ?? DEFAULT_SCOPE,
    state,
    appUrls: () => appUrls,
    callbackTimeoutMs: options.webhookTimeoutMs ?? 10_000,
    log,
  });
  const appName = options.appName ?? 'Backorder';
  const appId = options.appId ?? '1';
  const renderAdmin = (hash: string, notice?: string, deepLink?: string): string => {
    const store = state.get(hash);
    if (!store) throw new Error(`no emulated store "${hash}"`);
    const installed = store.isInstalled(options.clientId);
    return adminPage({
      hash,
      storeName: store.name,
      ownerEmail: store.data.owner.email,
      appName,
      installed,
      urlsSet: appUrls !== undefined,
      iframeSrc: installed ? lifecycle.loadUrl(hash, undefined, deepLink) : undefined,
      storefrontUrl: storefrontPath(hash),
      notice,
    });
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(oauthRouter(lifecycle));
  app.use('/_emulator/stores/:hash/storefront', storefrontRouter({ store: (hash) => state.get(hash) }));
  app.use(
    '/_emulator',
    controlRouter({
      stores: () => state.all(),
      store: (hash) => state.get(hash),
      createStore: (input) => state.create(input),
      install: (hash) => lifecycle.install(hash),
      uninstall: (hash) => lifecycle.uninstall(hash),
      adminPage: renderAdmin,
      appId,
    }),
  );
  app.use(apiRouter({ state, limiter, overload: overloaded, exchanges, historyLimit }));
  app.get('/', (_req, res) => {
    const rows = state
      .all()
      .map((s) => ({ hash: s.hash, name: s.name, products: s.products.length, orders: s.orders.length }));
    res.type('html').send(indexPage(rows));
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found', error_description: 'No such endpoint on the emulator.' });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; message?: string };
    const status = typeof e.status === 'number' && e.status >= 400 ? e.status : 500;
    res
      .status(status)
      .json({ error: status === 400 ? 'invalid_request' : 'server_error', error_description: e.message });
  });

  const server = http.createServer(app);
  const address = await listen(server, options.port ?? 0, host);
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${address.port}`;

  return {
    url,
    appId,
    createStore: (input) => state.create(input),
    store: (hash) => state.get(hash),
    stores: () => state.all(),
    setAppUrls: (urls) => {
      appUrls = urls;
    },
    setRateLimit: (limit) => limiter.set(limit),
    overload: (count) => {
      overloaded.remaining = Math.max(0, Math.floor(count));
    },
    exchanges,
    clearExchanges: () => {
      exchanges.length = 0;
    },
    deliveries: dispatcher.deliveries,
    clearDeliveries: () => {
      dispatcher.deliveries.length = 0;
    },
    whenIdle: () => dispatcher.whenIdle(),
    install: (hash, user) => lifecycle.install(hash, user),
    installUrl: (hash, user) => lifecycle.installUrl(hash, user),
    tokenRequests: () => lifecycle.tokenRequests,
    signedPayload: (hash, user, url) => lifecycle.signedPayload(hash, user, url),
    uninstall: (hash) => lifecycle.uninstall(hash),
    removeUser: (hash, user) => lifecycle.removeUser(hash, user),
    close: async () => {
      dispatcher.close();
      state.flush();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
