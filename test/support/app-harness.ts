/**
 * The whole app against the BigCommerce emulator: real Redis (a queue prefix of its own), a fresh
 * PostgreSQL database or PGlite folder, the real BigCommerce client. Logs are captured so tests can
 * prove no secret reaches them.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { loadAppConfig, type AppConfig } from '../../core/config/app-config';
import { loadEnv } from '../../core/config/env';
import { startRuntime, type Mode, type Runtime } from '../../app/composition';
import { createLogger } from '../../core/lib/log';
import { startMailCatcher, type MailCatcher } from '../../core/mail/catcher';
import { WEBHOOK_SCOPES, WEBHOOK_TOKEN_HEADER } from '../../core/platform/bigcommerce/app';
import { adminClient } from './admin-client';
import { createPostgresDatabase, type DbKind } from './databases';
import { freePort, tempDataDir } from './processes';

export const CLIENT_ID = 'test-client-id';
export const CLIENT_SECRET = `test-client-secret-${randomBytes(6).toString('hex')}`;

export interface Harness {
  emulator: Emulator;
  runtime: Runtime;
  appUrl: string;
  config: AppConfig;
  logs: string[];
  /** The environment this app runs with, for starting more processes of it (SMTP_URL included). */
  childEnv: Record<string, string>;
  /** A real SMTP server on loopback that the app sends owner emails to. */
  mail: MailCatcher;
  clock: TestClock;
  close(): Promise<void>;
}

/** A clock tests can move; starts at the real time. */
export class TestClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advanceTo(date: Date) {
    this.offsetMs = date.getTime() - Date.now();
  }
  reset() {
    this.offsetMs = 0;
  }
}

export interface HarnessOptions {
  /** Changes to app.config.json for this run (written to a file a child process can read too). */
  jobs?: Partial<AppConfig['jobs']>;
  mode?: Mode;
  /** A Redis of the test's own (one it may stop); the machine's by default. */
  redisUrl?: string;
  /** More environment for the app (OPS_TOKEN, …), also handed to the processes a test starts. */
  env?: Record<string, string>;
}

export async function startHarness(
  kind: DbKind = 'postgres',
  options: HarnessOptions = {},
): Promise<Harness> {
  const emulator = await startEmulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    webhookRetryDelaysMs: [50, 100, 200],
  });
  const pg = kind === 'postgres' ? await createPostgresDatabase() : undefined;
  const dbUrl = pg?.url;
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const base = loadAppConfig();
  const config: AppConfig = { ...base, jobs: { ...base.jobs, ...options.jobs } };
  const configFile = path.join(tempDataDir(), 'app.config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const childEnv: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: tempDataDir(),
    PORT: String(port),
    APP_URL: appUrl,
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    BIGCOMMERCE_CLIENT_ID: CLIENT_ID,
    BIGCOMMERCE_CLIENT_SECRET: CLIENT_SECRET,
    BIGCOMMERCE_API_URL: emulator.url,
    BIGCOMMERCE_LOGIN_URL: emulator.url,
    // Email links open the app in the emulator's control panel, as in a store's.
    BIGCOMMERCE_APP_ID: emulator.appId,
    BIGCOMMERCE_CONTROL_PANEL_URL: `${emulator.url}/_emulator/stores/{store_hash}`,
    ...(dbUrl ? { DATABASE_URL: dbUrl } : {}),
    APP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    APP_CONFIG: configFile,
    ...options.env,
  };
  const env = loadEnv(childEnv);
  const logs: string[] = [];
  const mail = await startMailCatcher();
  const clock = new TestClock();
  const runtime = await startRuntime({
    mailCatcher: mail,
    clock: clock.now,
    env,
    config,
    log: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    mode: options.mode ?? 'all',
    port,
    bigcommerceHttp: { backoffBaseMs: 10 },
  });
  emulator.setAppUrls({
    auth: `${appUrl}/bigcommerce/auth`,
    load: `${appUrl}/bigcommerce/load`,
    uninstall: `${appUrl}/bigcommerce/uninstall`,
    removeUser: `${appUrl}/bigcommerce/remove-user`,
  });
  return {
    emulator,
    runtime,
    appUrl,
    config,
    logs,
    childEnv: { ...childEnv, SMTP_URL: mail.url },
    mail,
    clock,
    close: async () => {
      await runtime.close();
      await mail.close();
      await emulator.close();
      await pg?.drop();
    },
  };
}

/** Polls until `check` returns a truthy value (no fixed sleeps: waits on the state it needs). */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function sessionFrom(html: string): string {
  const token = /name="backorder-session" content="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no session token in page: ${html.slice(0, 200)}`);
  return token;
}

/**
 * Installs the app on an emulated store as its owner would (the OAuth flow), and waits until setup has
 * registered every webhook. Answers the admin API as the embedded app calls it, and the secret header
 * the hooks carry (for deliveries a test forges).
 */
export async function installApp(h: Pick<Harness, 'emulator' | 'appUrl'>, hash: string, timeoutMs = 10_000) {
  const api = adminClient(h.appUrl, sessionFrom((await h.emulator.install(hash)).body));
  const hooks = await eventually(
    () => {
      const registered = h.emulator.store(hash)!.hooks;
      return registered.length >= WEBHOOK_SCOPES.length ? registered : null;
    },
    timeoutMs,
    'webhooks registered',
  );
  return { api, hookToken: hooks[0]!.headers![WEBHOOK_TOKEN_HEADER]! };
}
