/**
 * CLI: `node dist/emulator/main.js [--port 3001] [--host 127.0.0.1] [--client-id demo-client]
 * [--client-secret demo-secret] [--app-url http://localhost:3000] [--state-file data/emulator.json]
 * [--store demo | --no-store] [--rate-limit 150/30000 | --rate-limit none]`. Prints one line with the URL.
 */
import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './index';

export interface CliConfig {
  options: EmulatorOptions;
  /** A store to create with the demo seed, unless it exists already. */
  store?: string;
}

/** `--app-url http://localhost:3000` → that base with BigCommerce's usual callback paths. */
export function appUrlsFrom(
  base: string,
  paths = { auth: '/auth', load: '/load', uninstall: '/uninstall', removeUser: '/remove_user' },
) {
  const root = base.replace(/\/+$/, '');
  return {
    auth: `${root}${paths.auth}`,
    load: `${root}${paths.load}`,
    uninstall: `${root}${paths.uninstall}`,
    removeUser: `${root}${paths.removeUser}`,
  };
}

export function parseCli(argv: string[]): CliConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '3001' },
      host: { type: 'string', default: '127.0.0.1' },
      'client-id': { type: 'string', default: 'demo-client' },
      'client-secret': { type: 'string', default: 'demo-secret' },
      'app-url': { type: 'string' },
      'state-file': { type: 'string' },
      store: { type: 'string', default: 'demo' },
      'no-store': { type: 'boolean', default: false },
      'rate-limit': { type: 'string' },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be 0-65535, got ${values.port}`);
  let rateLimit: EmulatorOptions['rateLimit'];
  if (values['rate-limit'] === 'none') rateLimit = null;
  else if (values['rate-limit'] !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(values['rate-limit']);
    if (!match) throw new Error('--rate-limit must look like 150/30000 (requests/ms) or none');
    rateLimit = { quota: Number(match[1]), windowMs: Number(match[2]) };
  }
  const options: EmulatorOptions = {
    port,
    host: values.host,
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    stateFile: values['state-file'],
    appUrls: values['app-url'] ? appUrlsFrom(values['app-url']) : undefined,
    rateLimit,
    log: values.quiet ? undefined : (line) => process.stderr.write(`${line}\n`),
  };
  return { options, store: values['no-store'] ? undefined : values.store };
}

export async function main(argv: string[]): Promise<void> {
  const config = parseCli(argv);
  const emulator = await startEmulator(config.options);
  if (config.store) emulator.createStore({ hash: config.store, seed: 'demo' });
  const admin = config.store
    ? ` (control panel: ${emulator.url}/_emulator/stores/${config.store}/admin)`
    : '';
  process.stdout.write(`BigCommerce emulator listening on ${emulator.url}${admin}\n`);
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
