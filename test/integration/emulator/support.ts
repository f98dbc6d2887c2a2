/**
 * Test support for the emulator suites: a local HTTP receiver that plays the app (auth callback that
 * exchanges the code, webhook destination, load/uninstall callbacks) and a small fetch wrapper for the
 * store API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../../emulator';

export const CLIENT_ID = 'test-client';

/** Response bodies in these suites are checked by assertions, not by the type system. */
export type Json = any;
export const CLIENT_SECRET = 'test-secret-0123456789';

export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

type Reply = { status: number; body?: string; headers?: Record<string, string> };

export interface FakeApp {
  url: string;
  received: Received[];
  /** Access tokens the auth callback obtained, by store hash. */
  tokens: Map<string, string>;
  /** Decide the answer to a request (default 200 "ok"); return undefined for the default. */
  reply: (req: Received) => Reply | undefined;
  webhooks(): Array<{
    req: Received;
    payload: { scope: string; data: Record<string, unknown> } & Record<string, unknown>;
  }>;
  close(): Promise<void>;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeApp(emulatorUrl: () => string): Promise<FakeApp> {
  const app: FakeApp = {
    url: '',
    received: [],
    tokens: new Map(),
    reply: () => undefined,
    webhooks: () =>
      app.received
        .filter((r) => r.path === '/webhooks')
        .map((req) => ({
          req,
          payload: JSON.parse(req.body) as { scope: string; data: Record<string, unknown> },
        })),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://app.local');
      const received: Received = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      app.received.push(received);
      const custom = app.reply(received);
      if (custom) {
        res.writeHead(custom.status, custom.headers).end(custom.body ?? '');
        return;
      }
      if (url.pathname === '/auth') {
        const answer = await fetch(`${emulatorUrl()}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            code: url.searchParams.get('code'),
            scope: url.searchParams.get('scope'),
            context: url.searchParams.get('context'),
            grant_type: 'authorization_code',
            redirect_uri: `${app.url}/auth`,
          }),
        });
        const body = (await answer.json()) as { access_token?: string; context?: string };
        if (answer.ok && body.access_token && body.context)
          app.tokens.set(body.context.replace('stores/', ''), body.access_token);
        res
          .writeHead(answer.ok ? 200 : 502, { 'content-type': 'text/plain' })
          .end(answer.ok ? 'installed' : 'failed');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  app.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return app;
}

export interface Fixture {
  emu: Emulator;
  app: FakeApp;
  /** Creates the store (if needed), installs the app and returns its access token. */
  install(hash: string, seed?: 'demo' | 'empty'): Promise<string>;
  close(): Promise<void>;
}

export async function startFixture(options: Partial<EmulatorOptions> = {}): Promise<Fixture> {
  const emulatorUrl = { value: '' };
  const app = await startFakeApp(() => emulatorUrl.value);
  const started = await startEmulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    appUrls: {
      auth: `${app.url}/auth`,
      load: `${app.url}/load`,
      uninstall: `${app.url}/uninstall`,
      removeUser: `${app.url}/remove_user`,
    },
    webhookRetryDelaysMs: [50, 100],
    webhookTimeoutMs: 2000,
    ...options,
  });
  emulatorUrl.value = started.url;
  return {
    emu: started,
    app,
    async install(hash, seed = 'demo') {
      started.createStore({ hash, seed });
      const result = await started.install(hash);
      const token = app.tokens.get(hash);
      if (result.status !== 200 || !token) throw new Error(`install failed: ${result.status} ${result.body}`);
      return token;
    },
    async close() {
      await started.close();
      await app.close();
    },
  };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** A fetch wrapper for `/stores/{hash}` with the access token set. */
export function storeApi(baseUrl: string, hash: string, token: string | undefined) {
  return async <T = Json>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token !== undefined) headers['x-auth-token'] = token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}/stores/${hash}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
  };
}

export async function control(baseUrl: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${baseUrl}/_emulator${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let parsed: Json = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML or empty
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
