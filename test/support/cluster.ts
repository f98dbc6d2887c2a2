/**
 * The app deployed as production runs it, in child processes from `dist/`: `web` web processes behind
 * a round-robin front and `workers` worker processes, on one PostgreSQL database and one Redis (a
 * queue prefix of its own), against an emulated BigCommerce with the demo store, mailing an SMTP
 * catcher. Nothing is shared with another cluster.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { startEmulator, type Emulator } from '../../emulator';
import { loadAppConfig, type AppConfig } from '../../core/config/app-config';
import { startMailCatcher, type MailCatcher } from '../../core/mail/catcher';
import { CLIENT_ID, CLIENT_SECRET } from './app-harness';
import { createPostgresDatabase } from './databases';
import { cleanEnv, freePort, runApp, tempDataDir, waitForOutput, type Started } from './processes';
import { roundRobin, type RoundRobin } from './round-robin';

export interface ClusterOptions {
  web: number;
  workers: number;
  /** The emulated store's hash (seeded with the demo catalog). */
  hash: string;
  jobs?: Partial<AppConfig['jobs']>;
}

export interface Cluster {
  /** The front: APP_URL, where the platform sends webhooks and the admin calls. */
  url: string;
  emulator: Emulator;
  mail: MailCatcher;
  /** The app's database, for reading what it holds. */
  db: Pool;
  front: RoundRobin;
  processes: Started[];
  stop(): Promise<void>;
}

const STARTED = /Backorder started \((web|worker)\)/;

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const emulator = await startEmulator({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    webhookRetryDelaysMs: [500, 1000, 2000],
    rateLimit: null,
    historyLimit: 1_000_000,
  });
  emulator.createStore({ hash: options.hash, seed: 'demo' });
  const [pg, mail] = await Promise.all([createPostgresDatabase(), startMailCatcher()]);
  const ports = await Promise.all(Array.from({ length: options.web }, () => freePort()));
  const front = await roundRobin(ports);
  const base = loadAppConfig();
  const configFile = path.join(tempDataDir(), 'app.config.json');
  writeFileSync(configFile, JSON.stringify({ ...base, jobs: { ...base.jobs, ...options.jobs } }));
  const env = {
    NODE_ENV: 'production',
    APP_URL: front.url,
    DATA_DIR: tempDataDir(),
    DATABASE_URL: pg.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    SMTP_URL: mail.url,
    BIGCOMMERCE_CLIENT_ID: CLIENT_ID,
    BIGCOMMERCE_CLIENT_SECRET: CLIENT_SECRET,
    BIGCOMMERCE_API_URL: emulator.url,
    BIGCOMMERCE_LOGIN_URL: emulator.url,
    BIGCOMMERCE_APP_ID: emulator.appId,
    BIGCOMMERCE_CONTROL_PANEL_URL: `${emulator.url}/_emulator/stores/{store_hash}`,
    APP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SESSION_SECRET: randomBytes(32).toString('hex'),
    QUEUE_PREFIX: `cluster-${randomBytes(4).toString('hex')}`,
    APP_CONFIG: configFile,
  };
  const processes = [
    ...ports.map((port) => runApp(['web'], cleanEnv({ ...env, PORT: String(port) }))),
    ...Array.from({ length: options.workers }, () => runApp(['worker'], cleanEnv(env))),
  ];
  const db = new Pool({ connectionString: pg.url, max: 2 });
  const stop = async () => {
    await Promise.all(
      processes.map(async (p) => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) return;
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
        p.child.kill('SIGTERM');
        await p.exited;
        clearTimeout(timer);
      }),
    );
    await front.close();
    await db.end();
    await mail.close();
    await emulator.close();
    await pg.drop();
  };
  try {
    await Promise.all(processes.map((p) => waitForOutput(p, STARTED, 60_000)));
  } catch (err) {
    await stop();
    throw err;
  }
  emulator.setAppUrls({
    auth: `${front.url}/bigcommerce/auth`,
    load: `${front.url}/bigcommerce/load`,
    uninstall: `${front.url}/bigcommerce/uninstall`,
    removeUser: `${front.url}/bigcommerce/remove-user`,
  });
  return { url: front.url, emulator, mail, db, front, processes, stop };
}
