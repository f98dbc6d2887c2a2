/**
 * Demo mode (no BigCommerce credentials, development): the bundled BigCommerce emulator runs in this
 * process with a seeded store, and the app is installed into it through the real OAuth flow.
 */
import path from 'node:path';
import type { Emulator } from '../emulator';
import type { Env } from '../core/config/env';
import type { Logger } from '../core/lib/log';

export const DEMO_STORE_HASH = 'demo1234';

export async function startDemoEmulator(env: Env, log: Logger): Promise<Emulator> {
  // Loaded only in demo mode: a production process never loads the emulator.
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({
    port: env.emulatorPort,
    host: '127.0.0.1',
    clientId: env.bigcommerce.clientId,
    clientSecret: env.bigcommerce.clientSecret,
    appId: env.bigcommerce.appId,
    stateFile: path.join(env.dataDir, 'emulator-state.json'),
    log: (line: string) => log.debug(`emulator: ${line}`),
  });
  emulator.setAppUrls({
    auth: `${env.appUrl}/bigcommerce/auth`,
    load: `${env.appUrl}/bigcommerce/load`,
    uninstall: `${env.appUrl}/bigcommerce/uninstall`,
    removeUser: `${env.appUrl}/bigcommerce/remove-user`,
  });
  emulator.createStore({ hash: DEMO_STORE_HASH, name: 'Ground Control Coffee (demo)', seed: 'demo' });
  return emulator;
}

/** Installs (or re-installs: data is kept) the app into the demo store, as a merchant's click would. */
export async function installIntoDemo(emulator: Emulator): Promise<string> {
  const answer = await emulator.install(DEMO_STORE_HASH);
  if (answer.status !== 200)
    throw new Error(`demo install failed: ${answer.status} ${answer.body.slice(0, 200)}`);
  return `${emulator.url.replace('127.0.0.1', 'localhost')}/_emulator/stores/${DEMO_STORE_HASH}/admin`;
}
