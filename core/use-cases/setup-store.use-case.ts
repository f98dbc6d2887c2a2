/**
 * After install: take the store's name and time zone from the platform and register the webhooks the
 * app needs, each carrying the store's derived header. Safe to run again (re-install, retries, and the
 * minute sweep's re-registration of hooks that still carry a stored token).
 */
import type { Db } from '../db/client';
import { dropStoredHookToken, getStore, takeStoreDetails } from '../db/stores.repo';
import { STOREFRONT_SCRIPT_NAME, storefrontScriptUrl } from '../lib/storefront';
import { PlatformRejectedError } from '../platform/types';
import type { HookTokens } from '../security/hook-token';
import type { Platforms } from './platforms';

export async function setupStore(
  deps: { db: Db; platforms: Platforms; hookTokens: HookTokens; appUrl: string },
  storeId: number,
) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active') return { skipped: true };
  const platform = deps.platforms.forStore(store);
  await takeStoreDetails(deps.db, store, await platform.storeInfo());
  const hooks = deps.platforms
    .app(store.platform)
    .webhookSubscriptions(
      `${deps.appUrl}/webhooks/${store.platform}`,
      deps.hookTokens.issue(store.platform, store.platformId),
    );
  await platform.ensureWebhooks(hooks);
  // Every hook now sends the derived header (a hook's later deliveries and retries carry its current
  // headers): the stored token of the first version is accepted no more.
  if (store.webhookTokenEnc) await dropStoredHookToken(deps.db, store.id);
  // The storefront shows the backorder texts through a small script (installed once; the platform
  // removes it when the app is uninstalled). A store that did not grant the content scope still gets
  // everything else: the product message reaches the storefront through the catalog anyway.
  let script: 'installed' | 'refused' | 'none' = 'none';
  if (platform.capabilities.storefrontScript) {
    try {
      await platform.installScript({
        name: STOREFRONT_SCRIPT_NAME,
        src: storefrontScriptUrl(deps.appUrl, store.platformId),
      });
      script = 'installed';
    } catch (err) {
      if (!(err instanceof PlatformRejectedError && (err.status === 401 || err.status === 403))) throw err;
      script = 'refused';
    }
  }
  return { skipped: false, webhooks: hooks.scopes.length, script };
}
