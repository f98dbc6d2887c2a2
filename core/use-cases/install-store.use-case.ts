/**
 * Install (the platform's OAuth callback): check that the callback can be the platform's and that
 * its one-use code was never presented before, without calling anyone; then exchange the code for
 * the store's token, keep the store with its token sealed, record owner and user, and leave the
 * platform set-up (store details, webhooks, each with the store's derived header) to the store-setup
 * job. The exchange is the one platform call a request must make: the merchant's browser waits for it.
 */
import type { AppConfig } from '../config/app-config';
import type { Db } from '../db/client';
import { refundCredential, spendCredential } from '../db/spent-credentials.repo';
import { upsertInstalledStore, type Store } from '../db/stores.repo';
import { invalid, RetryableError, unauthorized } from '../errors';
import { INSTALL_AGAIN, type Person, type PlatformApp } from '../platform/types';
import type { SecretBox } from '../security/crypto';

export interface InstallDeps {
  db: Db;
  app: PlatformApp;
  box: SecretBox;
  config: AppConfig;
  appUrl: string;
  clock: () => Date;
  /** Queues the store's set-up (store details, webhooks, storefront script). */
  enqueueSetup: (storeId: number) => Promise<void>;
}

/**
 * How long a presented install code is remembered. The platform's codes live minutes (the emulator's
 * five); a day leaves no replay window whatever theirs is.
 */
const CODE_MEMORY_MS = 24 * 3600 * 1000;

export async function installStore(
  deps: InstallDeps,
  params: Record<string, unknown>,
): Promise<{ store: Store; user: Person }> {
  const request = deps.app.readInstall(params);
  if (!request.ok) throw invalid(`Not an install request from the platform: ${request.reason}`);
  const code = `${deps.app.name}:${request.value.code}`;
  const until = new Date(deps.clock().getTime() + CODE_MEMORY_MS);
  if (!(await spendCredential(deps.db, 'install-code', code, until))) throw unauthorized(INSTALL_AGAIN);
  let grant;
  try {
    grant = await deps.app.exchangeInstall(request.value, `${deps.appUrl}/${deps.app.name}/auth`);
  } catch (err) {
    // The platform did not answer: the code may still be good, and the merchant may try it again.
    if (err instanceof RetryableError) await refundCredential(deps.db, 'install-code', code);
    throw err;
  }
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
