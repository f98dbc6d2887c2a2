import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '../../../core/config/env';

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'backorder-env-'));

describe('configuration', () => {
  it('runs in demo mode with generated secrets kept under DATA_DIR', () => {
    const dataDir = dir();
    const first = loadEnv({ DATA_DIR: dataDir });
    expect(first).toMatchObject({
      demoMode: true,
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      appUrl: 'http://localhost:3000',
    });
    expect(first.encryptionKey).toHaveLength(32);
    const file = path.join(dataDir, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The same secrets next time, so sealed tokens stay readable.
    expect(loadEnv({ DATA_DIR: dataDir }).encryptionKey.equals(first.encryptionKey)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('sessionSecret');
  });

  it('gives each development data folder a Redis namespace of its own, unless QUEUE_PREFIX names one', () => {
    const a = dir();
    const prefix = loadEnv({ DATA_DIR: a }).queuePrefix;
    expect(prefix).toMatch(/^backorder-[0-9a-f]{8}$/);
    // The same folder keeps its namespace (a web and a worker process share it); a new folder, after
    // the old one was deleted, starts clean instead of meeting the old folder's finished jobs.
    expect(loadEnv({ DATA_DIR: a }).queuePrefix).toBe(prefix);
    expect(loadEnv({ DATA_DIR: dir() }).queuePrefix).not.toBe(prefix);
    expect(loadEnv({ DATA_DIR: a, QUEUE_PREFIX: 'shop-1' }).queuePrefix).toBe('shop-1');
  });

  it('leaves demo mode when BigCommerce credentials are set', () => {
    const env = loadEnv({
      DATA_DIR: dir(),
      BIGCOMMERCE_CLIENT_ID: 'id',
      BIGCOMMERCE_CLIENT_SECRET: 'secret',
    });
    expect(env.demoMode).toBe(false);
    expect(env.bigcommerce).toMatchObject({ clientId: 'id', apiUrl: 'https://api.bigcommerce.com' });
  });

  it('wants both BigCommerce credentials or neither', () => {
    expect(() => loadEnv({ DATA_DIR: dir(), BIGCOMMERCE_CLIENT_ID: 'id' })).toThrow(
      'BIGCOMMERCE_CLIENT_SECRET must be set too: BigCommerce credentials come as a pair',
    );
  });

  it('takes an operators token of 16 characters or more, never generates one, and never echoes it', () => {
    const dataDir = dir();
    expect(loadEnv({ DATA_DIR: dataDir }).opsToken).toBeUndefined();
    expect(loadEnv({ DATA_DIR: dataDir, OPS_TOKEN: '' }).opsToken).toBeUndefined();
    expect(loadEnv({ DATA_DIR: dataDir, OPS_TOKEN: 'x'.repeat(16) }).opsToken).toBe('x'.repeat(16));
    expect(() => loadEnv({ DATA_DIR: dataDir, OPS_TOKEN: 'hunter2hunter2' })).toThrow(
      'OPS_TOKEN must be at least 16 characters (openssl rand -hex 24) (got "…")',
    );
  });

  it('serves a worker its own /metrics on METRICS_PORT only with OPS_TOKEN', () => {
    const dataDir = dir();
    const token = 'y'.repeat(24);
    expect(loadEnv({ DATA_DIR: dataDir, OPS_TOKEN: token, METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(() => loadEnv({ DATA_DIR: dataDir, METRICS_PORT: '9464' })).toThrow(
      'METRICS_PORT needs OPS_TOKEN: /metrics answers only to that token',
    );
    expect(() => loadEnv({ DATA_DIR: dataDir, OPS_TOKEN: token, METRICS_PORT: '0' })).toThrow(
      'METRICS_PORT must be an integer from 1 to 65535 (got "0")',
    );
  });

  it('never echoes a secret value in its error', () => {
    expect(() => loadEnv({ DATA_DIR: dir(), APP_ENCRYPTION_KEY: 'hunter2' })).toThrow(
      /APP_ENCRYPTION_KEY .*got "…"/,
    );
  });
});

describe('demo mode', () => {
  it('points the BigCommerce client at the bundled emulator with a generated client secret', () => {
    const env = loadEnv({ DATA_DIR: dir(), EMULATOR_PORT: '4100' });
    expect(env.bigcommerce).toMatchObject({
      clientId: 'backorder-demo',
      apiUrl: 'http://127.0.0.1:4100',
      loginUrl: 'http://127.0.0.1:4100',
    });
    expect(env.bigcommerce.clientSecret).toMatch(/^[0-9a-f]{48}$/);
  });
});
