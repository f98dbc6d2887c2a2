/**
 * The whole app in the benchmark's process, as `npm start` runs it but with a data folder and a Redis
 * namespace of its own, and owner emails caught on loopback. Pointed at an emulator when given one.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Emulator } from '../emulator';
import { loadAppConfig } from '../core/config/app-config';
import { loadEnv } from '../core/config/env';
import { startRuntime, type Mode } from '../app/composition';
import { createLogger } from '../core/lib/log';
import { startMailCatcher } from '../core/mail/catcher';

export async function startBenchApp(options: {
  databaseUrl?: string;
  mode: Mode;
  /** The emulator the app talks to as BigCommerce, with the app's client secret registered there. */
  emulator?: { emulator: Emulator; clientSecret: string };
}) {
  const mail = await startMailCatcher();
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const emulatorUrl = options.emulator?.emulator.url;
  const env = loadEnv({
    PORT: String(port),
    APP_URL: appUrl,
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'backorder-bench-')),
    BIGCOMMERCE_CLIENT_ID: 'bench',
    BIGCOMMERCE_CLIENT_SECRET: options.emulator?.clientSecret ?? randomBytes(16).toString('hex'),
    ...(emulatorUrl ? { BIGCOMMERCE_API_URL: emulatorUrl, BIGCOMMERCE_LOGIN_URL: emulatorUrl } : {}),
    QUEUE_PREFIX: `bench-${randomBytes(3).toString('hex')}`,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  });
  const runtime = await startRuntime({
    env,
    config: loadAppConfig(),
    log: createLogger({ level: 'warn', format: 'pretty' }),
    mode: options.mode,
    mailCatcher: mail,
  });
  options.emulator?.emulator.setAppUrls({
    auth: `${appUrl}/bigcommerce/auth`,
    load: `${appUrl}/bigcommerce/load`,
    uninstall: `${appUrl}/bigcommerce/uninstall`,
    removeUser: `${appUrl}/bigcommerce/remove-user`,
  });
  return {
    env,
    runtime,
    appUrl,
    close: async () => {
      await runtime.close();
      await mail.close();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
