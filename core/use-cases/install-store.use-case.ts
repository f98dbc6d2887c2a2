/**
 * Install (the platform's OAuth callback): exchange the authorisation for the store's token, keep the
 * store with its token sealed, record owner and user, and leave the platform set-up (store details,
 * webhooks, each with the store's derived header) to the store-setup job. The exchange is the one platform call a request must make: the
 * merchant's browser waits for it.
 */
import type { AppConfig } from '../config/app-config';
import type { Db } from '../db/client';
import { upsertInstalledStore, type Store } from '../db/stores.repo';
import type { Person, PlatformApp } from '../platform/types';
import type { SecretBox } from '../security/crypto';

export interface InstallDeps {
  db: Db;
  app: PlatformApp;
  box: SecretBox;
  config: AppConfig;
  appUrl: string;
  /** Queues the store's set-up (store details, webhooks, storefront script). */
  enqueueSetup: (storeId: number) => Promise<void>;
}

export async function installStore(
  deps: InstallDeps,
  params: Record<string, string>,
): Promise<{ store: Store; user: Person }> {
  const grant = await deps.app.exchangeInstall(params, `${deps.appUrl}/${deps.app.name}/auth`);
  const defaults = deps.config.defaults;
  const store = await upsertInstalledStore(deps.db, {
    platform: deps.app.name,
    platformId: grant.platformId,
    accessTokenEnc: deps.box.encrypt(grant.accessToken),
    scopes: grant.scopes,
    owner: grant.owner,
    user: grant.user,
    defaults: {
      switchCondition: defaults.switchCondition,
      notifyOwner: defaults.notifyOwner,
      autoAssignNewProducts: defaults.autoAssignNewProducts,
      timeZone: defaults.timeZone,
    },
  });
  await deps.enqueueSetup(store.id);
  return { store, user: grant.user };
}
