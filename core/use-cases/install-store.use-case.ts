/**
 * Install (OAuth callback): exchange the code, keep the store with its token sealed, record owner and
 * user, and leave the platform set-up (store details, webhooks) to the store-setup job. The code
 * exchange is the one platform call a request must make: the merchant's browser waits for it.
 */
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config/app-config';
import type { Db } from '../db/client';
import { upsertInstalledStore, type Store } from '../db/stores.repo';
import type { BigCommerceApp } from '../platform/bigcommerce/app';
import type { SecretBox } from '../security/crypto';

export interface InstallDeps {
  db: Db;
  bigcommerce: BigCommerceApp;
  box: SecretBox;
  config: AppConfig;
  appUrl: string;
  /** Queues the store's set-up (store details, webhooks, storefront script). */
  enqueueSetup: (storeId: number) => Promise<void>;
}

export async function installStore(
  deps: InstallDeps,
  input: { code: string; scope: string; context: string },
): Promise<{ store: Store; user: { id: string; email: string } }> {
  const answer = await deps.bigcommerce.exchangeCode({
    ...input,
    redirectUri: `${deps.appUrl}/bigcommerce/auth`,
  });
  const storeHash = answer.context.slice('stores/'.length);
  const defaults = deps.config.defaults;
  const store = await upsertInstalledStore(deps.db, {
    platform: 'bigcommerce',
    platformId: storeHash,
    accessTokenEnc: deps.box.encrypt(answer.access_token),
    scopes: answer.scope,
    owner: answer.owner,
    user: answer.user,
    webhookTokenEnc: deps.box.encrypt(randomBytes(24).toString('base64url')),
    defaults: {
      switchCondition: defaults.switchCondition,
      notifyOwner: defaults.notifyOwner,
      autoAssignNewProducts: defaults.autoAssignNewProducts,
      timeZone: defaults.timeZone,
    },
  });
  await deps.enqueueSetup(store.id);
  return { store, user: answer.user };
}
