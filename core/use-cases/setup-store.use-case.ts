/**
 * After install: take the store's name and time zone from the platform and register the webhooks the
 * app needs, each carrying the store's secret header. Safe to run again (re-install, retries).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { storeSettings, stores } from '../db/schema';
import { getStore } from '../db/stores.repo';
import { WEBHOOK_SCOPES, WEBHOOK_TOKEN_HEADER } from '../platform/bigcommerce/app';
import type { Platforms } from '../platform/registry';
import { PlatformRejectedError } from '../platform/types';
import type { SecretBox } from '../security/crypto';
import { STOREFRONT_SCRIPT_NAME, storefrontScriptUrl } from '../lib/storefront';

export async function setupStore(
  deps: { db: Db; platforms: Platforms; box: SecretBox; appUrl: string },
  storeId: number,
) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active' || !store.webhookTokenEnc) return { skipped: true };
  const platform = deps.platforms.forStore(store);
  const info = await platform.storeInfo();
  await deps.db
    .update(stores)
    .set({ name: info.name, timeZone: info.timeZone })
    .where(eq(stores.id, storeId));
  // The store's time zone is the settings' default until the merchant picks another.
  if (store.timeZone !== info.timeZone) {
    await deps.db
      .update(storeSettings)
      .set({ timeZone: info.timeZone })
      .where(eq(storeSettings.storeId, storeId));
  }
  await platform.ensureWebhooks({
    destination: `${deps.appUrl}/webhooks/bigcommerce`,
    scopes: WEBHOOK_SCOPES,
    headers: { [WEBHOOK_TOKEN_HEADER]: deps.box.decrypt(store.webhookTokenEnc) },
  });
  // The storefront shows the backorder texts through a small script (installed once; the platform
  // removes it when the app is uninstalled). A store that did not grant the content scope still gets
  // everything else: the product message reaches the storefront through the catalog anyway.
  let script: 'installed' | 'refused' = 'installed';
  try {
    await platform.installScript({
      name: STOREFRONT_SCRIPT_NAME,
      src: storefrontScriptUrl(deps.appUrl, store.platformId),
    });
  } catch (err) {
    if (!(err instanceof PlatformRejectedError && (err.status === 401 || err.status === 403))) throw err;
    script = 'refused';
  }
  return { skipped: false, webhooks: WEBHOOK_SCOPES.length, script };
}
