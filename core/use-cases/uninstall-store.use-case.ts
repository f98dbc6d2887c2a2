/** Uninstall (load callback or `store/app/uninstalled`): drop the token and the store's jobs, keep its data. */
import type { Db } from '../db/client';
import { getStore, markUninstalled } from '../db/stores.repo';

export async function uninstallStore(
  deps: { db: Db; forgetStoreJobs: (storeId: number) => Promise<void> },
  storeId: number,
) {
  const store = await getStore(deps.db, storeId);
  if (!store || store.status !== 'active') return { changed: false };
  await markUninstalled(deps.db, storeId);
  await deps.forgetStoreJobs(storeId);
  return { changed: true };
}
