/**
 * Links from outside the admin (the owner's emails) open the app inside the store's control panel at
 * a page of its own: BigCommerce's `/manage/app/{app id}{path}` on the store's control panel, whose
 * path comes back to the app as the load callback's `url` claim.
 */
import { loadEnv } from '../../../core/config/env';
import { DEEP_LINKS } from '../../../core/contract/admin-api';
import { bigCommerceApp } from '../../../core/platform/bigcommerce/app';
import { signHs256 } from '../../../core/security/jwt';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const creds = {
  clientId: 'client-id',
  clientSecret: 'client-secret',
  apiUrl: 'https://api.bigcommerce.com',
  loginUrl: 'https://login.bigcommerce.com',
};
const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'backorder-links-'));

describe("links to the app's pages", () => {
  it("open the app's page in the store's BigCommerce control panel at the item", () => {
    const app = bigCommerceApp({ ...creds, appId: '27841' });
    expect(app.adminUrl('abc123', DEEP_LINKS.item(10))).toBe(
      'https://store-abc123.mybigcommerce.com/manage/app/27841/items/10',
    );
    expect(app.adminUrl('abc123', DEEP_LINKS.items)).toBe(
      'https://store-abc123.mybigcommerce.com/manage/app/27841/items',
    );
  });

  it('take the app id and control panel from the environment, and go to My Apps without an id', () => {
    const env = loadEnv({
      DATA_DIR: dataDir(),
      BIGCOMMERCE_CLIENT_ID: 'id',
      BIGCOMMERCE_CLIENT_SECRET: 'secret',
      BIGCOMMERCE_APP_ID: '27841',
    });
    expect(bigCommerceApp(env.bigcommerce).adminUrl('abc123', '/items/3')).toBe(
      'https://store-abc123.mybigcommerce.com/manage/app/27841/items/3',
    );
    const emulated = loadEnv({
      DATA_DIR: dataDir(),
      BIGCOMMERCE_CLIENT_ID: 'id',
      BIGCOMMERCE_CLIENT_SECRET: 'secret',
      BIGCOMMERCE_APP_ID: '7',
      BIGCOMMERCE_CONTROL_PANEL_URL: 'http://127.0.0.1:3001/_emulator/stores/{store_hash}/',
    });
    expect(bigCommerceApp(emulated.bigcommerce).adminUrl('abc123', '/items/3')).toBe(
      'http://127.0.0.1:3001/_emulator/stores/abc123/manage/app/7/items/3',
    );
    // Development with real credentials but no app id: the store's installed apps, one click away.
    const noId = loadEnv({
      DATA_DIR: dataDir(),
      BIGCOMMERCE_CLIENT_ID: 'id',
      BIGCOMMERCE_CLIENT_SECRET: 's',
    });
    expect(bigCommerceApp(noId.bigcommerce).adminUrl('abc123', '/items/3')).toBe(
      'https://store-abc123.mybigcommerce.com/manage/marketplace/apps/my-apps',
    );
  });

  it('open the emulator control panel in demo mode', () => {
    const demo = loadEnv({ DATA_DIR: dataDir(), EMULATOR_PORT: '3101' });
    expect(bigCommerceApp(demo.bigcommerce).adminUrl('demo1234', '/items/5')).toBe(
      `http://localhost:3101/_emulator/stores/demo1234/manage/app/${demo.bigcommerce.appId}/items/5`,
    );
  });

  it('need the app id in production, and refuse a malformed one or control panel', () => {
    const production = {
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      APP_URL: 'https://backorder.example.com',
      BIGCOMMERCE_CLIENT_ID: 'id',
      BIGCOMMERCE_CLIENT_SECRET: 'secret',
      APP_ENCRYPTION_KEY: 'a'.repeat(64),
      SESSION_SECRET: 's'.repeat(40),
      SMTP_URL: 'smtp://127.0.0.1:2525',
    };
    expect(() => loadEnv(production)).toThrow('BIGCOMMERCE_APP_ID must be set when NODE_ENV=production');
    expect(loadEnv({ ...production, BIGCOMMERCE_APP_ID: '27841' }).bigcommerce.appId).toBe('27841');
    expect(() => loadEnv({ ...production, BIGCOMMERCE_APP_ID: 'my-app' })).toThrow(
      'BIGCOMMERCE_APP_ID must be the app id from the developer portal (digits) (got "my-app")',
    );
    expect(() =>
      loadEnv({
        ...production,
        BIGCOMMERCE_APP_ID: '1',
        BIGCOMMERCE_CONTROL_PANEL_URL: 'https://store.mybigcommerce.com',
      }),
    ).toThrow(
      'BIGCOMMERCE_CONTROL_PANEL_URL must be a URL starting with http:// or https:// that contains {store_hash}',
    );
  });
});

describe('a launch at a deep link', () => {
  const app = bigCommerceApp(creds);
  const now = new Date('2026-05-01T12:00:00Z');
  const launch = (url: unknown) => {
    const iat = Math.floor(now.getTime() / 1000);
    const token = signHs256(
      {
        aud: creds.clientId,
        iss: 'bc',
        iat,
        nbf: iat,
        exp: iat + 86_400,
        sub: 'stores/abc123',
        user: { id: 1, email: 'o@x.test' },
        owner: { id: 1, email: 'o@x.test' },
        url,
        channel_id: null,
        jti: 'launch-1',
      },
      creds.clientSecret,
    );
    const verified = app.verifyLaunch(token, now);
    if (!verified.ok) throw new Error(verified.reason);
    return verified.value.path;
  };

  it("carries the load's url claim as the admin path to open", () => {
    expect(launch(DEEP_LINKS.item(10))).toBe('/items/10');
    expect(launch('/items')).toBe('/items');
  });

  it('opens the start page for the plain launch or a url that is not a plain path', () => {
    expect(launch('/')).toBeUndefined();
    expect(launch(undefined)).toBeUndefined();
    expect(launch('//evil.example/items/1')).toBeUndefined();
    expect(launch('javascript:alert(1)')).toBeUndefined();
    expect(launch('/items/1"><script>')).toBeUndefined();
  });
});
