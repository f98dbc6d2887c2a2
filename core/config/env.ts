/**
 * The environment, parsed once. Nothing else reads `process.env` (lint enforces it).
 * A missing or malformed variable stops start-up with one line naming it and what is expected.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MustFixError } from '../errors';
import { projectRoot } from '../lib/paths';

/** A missing or malformed setting: start-up stops with this one line. */
export class ConfigError extends MustFixError {
  constructor(message: string) {
    super('invalid', 'config', message);
  }
}

export const DEMO_CLIENT_ID = 'backorder-demo';
/** The app's id in the demo's emulator (its control panel names the app's page by it). */
export const DEMO_APP_ID = '1001';

const isPort = (v: string) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535;
const port = (fallback: number) =>
  z.string().default(String(fallback)).refine(isPort, 'an integer from 1 to 65535').transform(Number);
const portNumber = z.string().refine(isPort, 'an integer from 1 to 65535').transform(Number);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

/** 32 bytes, given as 64 hex characters or as base64. */
const key32 = z
  .string()
  .refine((v) => decodeKey(v) !== null, '32 bytes as 64 hex characters or base64 (openssl rand -hex 32)');

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port(3000),
  APP_URL: optional(url(['http:', 'https:'])),
  DATA_DIR: z.string().default(path.join(projectRoot, 'data')),
  DATABASE_URL: optional(url(['postgres:', 'postgresql:'])),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  SMTP_URL: optional(url(['smtp:', 'smtps:'])),
  MAIL_FROM: z.string().default('Backorder <backorder@localhost>'),
  BIGCOMMERCE_CLIENT_ID: optional(z.string().min(1)),
  BIGCOMMERCE_CLIENT_SECRET: optional(z.string().min(1)),
  BIGCOMMERCE_API_URL: url(['http:', 'https:']).default('https://api.bigcommerce.com'),
  BIGCOMMERCE_LOGIN_URL: url(['http:', 'https:']).default('https://login.bigcommerce.com'),
  BIGCOMMERCE_APP_ID: optional(z.string().regex(/^\d+$/, 'the app id from the developer portal (digits)')),
  BIGCOMMERCE_CONTROL_PANEL_URL: optional(
    z
      .string()
      .refine(
        (v) =>
          v.includes('{store_hash}') &&
          /^https?:$/.test(safeUrl(v.replace('{store_hash}', 'x'))?.protocol ?? ''),
        'a URL starting with http:// or https:// that contains {store_hash}',
      ),
  ),
  APP_ENCRYPTION_KEY: optional(key32),
  SESSION_SECRET: optional(z.string().min(32, 'at least 32 characters')),
  EMULATOR_PORT: port(3001),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  APP_CONFIG: z.string().optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]+$/i, 'letters, digits and dashes')
    .optional(),
  OPS_TOKEN: optional(z.string().min(16, 'at least 16 characters (openssl rand -hex 24)')),
  METRICS_PORT: optional(portNumber),
});

export interface Env {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  appUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  bigcommerce: {
    clientId: string;
    clientSecret: string;
    apiUrl: string;
    loginUrl: string;
    /** The app's id in the developer portal; email links open its page in the control panel. */
    appId: string | undefined;
    /** A store's control panel, `{store_hash}` standing for the store; undefined: BigCommerce's. */
    controlPanelUrl: string | undefined;
  };
  /** No BigCommerce credentials in development: run against the bundled emulator's demo store. */
  demoMode: boolean;
  encryptionKey: Buffer;
  sessionSecret: string;
  emulatorPort: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Namespace of the app's Redis keys, so several apps (or test runs) can share one Redis. */
  queuePrefix: string;
  /** app.config.json, or another file with the same shape (APP_CONFIG). */
  appConfigFile: string;
  /** The operators' bearer token for /metrics and /ops/queues; unset: neither route exists. */
  opsToken: string | undefined;
  /** Where a worker process serves its own /metrics (it has no HTTP server otherwise). */
  metricsPort: number | undefined;
}

/** Variables that production must be given; development generates or does without them. */
const REQUIRED_IN_PRODUCTION = [
  'APP_URL',
  'BIGCOMMERCE_CLIENT_ID',
  'BIGCOMMERCE_CLIENT_SECRET',
  'BIGCOMMERCE_APP_ID',
  'APP_ENCRYPTION_KEY',
  'SESSION_SECRET',
  'SMTP_URL',
] as const;

export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = source[name];
    const shown =
      got === undefined
        ? 'it is not set'
        : `got ${JSON.stringify(name.match(/SECRET|KEY|URL|TOKEN/) ? '…' : got)}`;
    throw new ConfigError(`${name} must be ${describe(issue)} (${shown})`);
  }
  const v = parsed.data;
  const production = v.NODE_ENV === 'production';
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.find((name) => v[name] === undefined);
    if (missing) throw new ConfigError(`${missing} must be set when NODE_ENV=production (see .env.example)`);
  }
  if (Boolean(v.BIGCOMMERCE_CLIENT_ID) !== Boolean(v.BIGCOMMERCE_CLIENT_SECRET)) {
    const missing = v.BIGCOMMERCE_CLIENT_ID ? 'BIGCOMMERCE_CLIENT_SECRET' : 'BIGCOMMERCE_CLIENT_ID';
    throw new ConfigError(`${missing} must be set too: BigCommerce credentials come as a pair`);
  }
  if (v.METRICS_PORT !== undefined && !v.OPS_TOKEN)
    throw new ConfigError('METRICS_PORT needs OPS_TOKEN: /metrics answers only to that token');
  const secrets: {
    encryptionKey: string;
    sessionSecret: string;
    demoClientSecret?: string;
    instance?: string;
  } = production
    ? { encryptionKey: v.APP_ENCRYPTION_KEY!, sessionSecret: v.SESSION_SECRET! }
    : devSecrets(v.DATA_DIR, v.APP_ENCRYPTION_KEY, v.SESSION_SECRET);
  return {
    nodeEnv: v.NODE_ENV,
    port: v.PORT,
    appUrl: (v.APP_URL ?? `http://localhost:${v.PORT}`).replace(/\/$/, ''),
    dataDir: v.DATA_DIR,
    databaseUrl: v.DATABASE_URL,
    redisUrl: v.REDIS_URL,
    smtpUrl: v.SMTP_URL,
    mailFrom: v.MAIL_FROM,
    // Demo mode: the app's "BigCommerce" is the bundled emulator, with an app registered in it.
    bigcommerce:
      v.BIGCOMMERCE_CLIENT_ID && v.BIGCOMMERCE_CLIENT_SECRET
        ? {
            clientId: v.BIGCOMMERCE_CLIENT_ID,
            clientSecret: v.BIGCOMMERCE_CLIENT_SECRET,
            apiUrl: v.BIGCOMMERCE_API_URL.replace(/\/$/, ''),
            loginUrl: v.BIGCOMMERCE_LOGIN_URL.replace(/\/$/, ''),
            appId: v.BIGCOMMERCE_APP_ID,
            controlPanelUrl: v.BIGCOMMERCE_CONTROL_PANEL_URL?.replace(/\/$/, ''),
          }
        : {
            clientId: DEMO_CLIENT_ID,
            clientSecret: secrets.demoClientSecret ?? '',
            apiUrl: `http://127.0.0.1:${v.EMULATOR_PORT}`,
            loginUrl: `http://127.0.0.1:${v.EMULATOR_PORT}`,
            // The emulator's control panel, at the address the demo prints.
            appId: DEMO_APP_ID,
            controlPanelUrl: `http://localhost:${v.EMULATOR_PORT}/_emulator/stores/{store_hash}`,
          },
    demoMode: !v.BIGCOMMERCE_CLIENT_ID,
    encryptionKey: decodeKey(secrets.encryptionKey)!,
    sessionSecret: secrets.sessionSecret,
    emulatorPort: v.EMULATOR_PORT,
    logLevel: v.LOG_LEVEL,
    // Job ids derive from database ids (outbox rows, stamps). A development data folder deleted and
    // made again restarts those ids while Redis keeps the old finished jobs, which would swallow the new
    // ones: each data folder gets a Redis namespace of its own unless QUEUE_PREFIX names one.
    queuePrefix: v.QUEUE_PREFIX ?? (secrets.instance ? `backorder-${secrets.instance}` : 'backorder'),
    appConfigFile: v.APP_CONFIG ?? path.join(projectRoot, 'app.config.json'),
    // Never generated: an operator sets it, and until then the routes it guards do not exist.
    opsToken: v.OPS_TOKEN,
    metricsPort: v.METRICS_PORT,
  };
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `one of ${issue.values.map((x) => String(x)).join(', ')}`;
  if (issue.code === 'too_small') return issue.message;
  return issue.message.startsWith('Invalid') ? 'a valid value' : issue.message;
}

export function decodeKey(value: string): Buffer | null {
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, 'hex');
  const b = Buffer.from(value, 'base64');
  return b.length === 32 && /^[A-Za-z0-9+/]+=*$/.test(value) ? b : null;
}

/**
 * Development only: secrets not given are generated once and kept in DATA_DIR/secrets.json (mode 600),
 * so encrypted tokens stay readable across restarts. The web and worker processes often start
 * together: the file only ever appears whole (written aside, then linked or renamed into place), and
 * only the first process to link it creates it; the other reads the first one's secrets, so both
 * encrypt alike.
 */
function devSecrets(dataDir: string, encryptionKey?: string, sessionSecret?: string) {
  const file = path.join(dataDir, 'secrets.json');
  type Stored = {
    encryptionKey?: string;
    sessionSecret?: string;
    demoClientSecret?: string;
    instance?: string;
  };
  const read = (): Stored => JSON.parse(readFileSync(file, 'utf8')) as Stored;
  const complete = (stored: Stored) => ({
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString('hex'),
    sessionSecret: stored.sessionSecret ?? randomBytes(32).toString('hex'),
    demoClientSecret: stored.demoClientSecret ?? randomBytes(24).toString('hex'),
    instance: stored.instance ?? randomBytes(4).toString('hex'),
  });
  mkdirSync(dataDir, { recursive: true });
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const writeAside = (values: Stored) =>
    writeFileSync(aside, JSON.stringify(values, null, 2) + '\n', { mode: 0o600 });
  let next: ReturnType<typeof complete>;
  if (!existsSync(file)) {
    next = complete({});
    writeAside(next);
    try {
      linkSync(aside, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      next = complete(read()); // another process created it first: its secrets are the ones
    } finally {
      rmSync(aside, { force: true });
    }
  } else {
    const stored = read();
    next = complete(stored);
    // A file from an older version lacks the newer secrets: add them.
    if ((Object.keys(next) as Array<keyof typeof next>).some((k) => next[k] !== stored[k])) {
      writeAside(next);
      renameSync(aside, file);
    }
  }
  return {
    encryptionKey: encryptionKey ?? next.encryptionKey,
    sessionSecret: sessionSecret ?? next.sessionSecret,
    demoClientSecret: next.demoClientSecret,
    instance: next.instance,
  };
}
