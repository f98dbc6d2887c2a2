/**
 * The built app as a user starts it: answers /healthz, stops cleanly on SIGTERM, and refuses to start
 * with one clear line when Redis is down or configuration is wrong; processes started together share
 * one set of development secrets.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectRoot } from '../../../core/lib/paths';
import { cleanEnv, freePort, runApp, tempDataDir, waitForOutput } from '../../support/processes';
import { createPostgresDatabase } from '../../support/databases';

const run = promisify(execFile);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const productionEnv = {
  NODE_ENV: 'production',
  APP_URL: 'https://backorder.example.com',
  BIGCOMMERCE_CLIENT_ID: 'client-id',
  BIGCOMMERCE_CLIENT_SECRET: 'client-secret',
  BIGCOMMERCE_APP_ID: '12345',
  APP_ENCRYPTION_KEY: 'a'.repeat(64),
  SESSION_SECRET: 's'.repeat(40),
  SMTP_URL: 'smtp://127.0.0.1:2525',
  REDIS_URL,
};

describe('starting the app', () => {
  let pg: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    pg = await createPostgresDatabase();
  });
  afterAll(async () => pg?.drop());

  it.each([
    ['embedded PGlite', () => ({})],
    ['PostgreSQL', () => ({ DATABASE_URL: pg.url })],
  ])('answers /healthz with both ok on %s, and stops on SIGTERM', async (_name, db) => {
    const extra = db();
    const port = await freePort();
    const app = runApp(
      [],
      cleanEnv({
        PORT: String(port),
        EMULATOR_PORT: String(await freePort()),
        DATA_DIR: tempDataDir(),
        REDIS_URL,
        ...extra,
      }),
    );
    try {
      await waitForOutput(app, /Backorder started \(all\)/);
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ db: 'ok', redis: 'ok' });
      // Demo mode: the app installs itself into the bundled store and says where to look.
      await waitForOutput(app, /Demo store ready: open (http:\/\/\S+)/);
      const adminUrl = /Demo store ready: open (\S+)/.exec(app.stdout())![1]!;
      const page = await (await fetch(adminUrl)).text();
      const frame = /<iframe[^>]+src="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&');
      expect(frame).toMatch(/\/bigcommerce\/load\?signed_payload_jwt=/);
      const framed = await (await fetch(frame!)).text();
      expect(framed).toContain('name="backorder-session"');
    } finally {
      app.child.kill('SIGTERM');
    }
    expect(await app.exited).toBe(0);
    expect(app.stdout()).toMatch(/stopped/);
  });

  it('runs the web server and the workers as separate processes', async () => {
    const port = await freePort();
    const dataDir = tempDataDir();
    const common = {
      DATABASE_URL: pg.url,
      REDIS_URL,
      DATA_DIR: dataDir,
      EMULATOR_PORT: String(await freePort()),
    };
    const web = runApp(['web'], cleanEnv({ ...common, PORT: String(port) }));
    const worker = runApp(['worker'], cleanEnv({ ...common, PORT: String(await freePort()) }));
    try {
      await Promise.all([waitForOutput(web, /started \(web\)/), waitForOutput(worker, /started \(worker\)/)]);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      web.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
    }
    expect([await web.exited, await worker.exited]).toEqual([0, 0]);
  });

  it('says in one line where it looked for Redis and how to start one', async () => {
    const app = runApp(
      [],
      cleanEnv({
        DATA_DIR: tempDataDir(),
        REDIS_URL: 'redis://127.0.0.1:1',
        EMULATOR_PORT: String(await freePort()),
      }),
    );
    expect(await app.exited).toBe(1);
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:1 .*redis-server/);
  });

  it.each([
    [
      'a malformed PORT',
      { PORT: 'abc' },
      /^backorder: PORT must be an integer from 1 to 65535 \(got "abc"\)$/,
    ],
    [
      'a missing APP_ENCRYPTION_KEY',
      { APP_ENCRYPTION_KEY: '' },
      /^backorder: APP_ENCRYPTION_KEY must be set when NODE_ENV=production/,
    ],
    [
      'a short APP_ENCRYPTION_KEY',
      { APP_ENCRYPTION_KEY: 'abc' },
      /^backorder: APP_ENCRYPTION_KEY must be 32 bytes/,
    ],
    [
      'a missing BIGCOMMERCE_CLIENT_SECRET',
      { BIGCOMMERCE_CLIENT_SECRET: '' },
      /^backorder: BIGCOMMERCE_CLIENT_SECRET must be set/,
    ],
    [
      'a REDIS_URL that is not redis://',
      { REDIS_URL: 'http://x' },
      /^backorder: REDIS_URL must be a URL starting with redis:\/\//,
    ],
  ])('refuses to start in production with %s, in one line naming it', async (_name, change, message) => {
    const app = runApp([], cleanEnv({ ...productionEnv, DATA_DIR: tempDataDir(), ...change }));
    expect(await app.exited).toBe(1);
    const lines = app.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(app.stderr()).not.toContain('client-secret');
  });

  it('gives processes started together one set of development secrets', async () => {
    const env = path.join(projectRoot, 'dist', 'core', 'config', 'env.js');
    // Each process loads the module, then waits for the same moment to read its configuration, so
    // that all of them look for the secrets file at once (as a web and a worker process may).
    const script = `const { loadEnv } = require(${JSON.stringify(env)});
      while (Date.now() < Number(process.argv[2]));
      process.stdout.write(loadEnv({ DATA_DIR: process.argv[1] }).encryptionKey.toString('hex'));`;
    for (let round = 0; round < 3; round++) {
      const dataDir = tempDataDir();
      const at = String(Date.now() + 1500);
      const keys = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const { stdout } = await run(process.execPath, ['-e', script, dataDir, at]);
          return stdout;
        }),
      );
      expect(new Set(keys).size).toBe(1);
      expect(keys[0]).toMatch(/^[0-9a-f]{64}$/);
      expect(readdirSync(dataDir)).toEqual(['secrets.json']);
    }
  });
});
