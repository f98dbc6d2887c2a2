/**
 * The merchant opens the app from the store's control panel: the platform's launch token verified
 * and spent (a launch token is taken once: its id is remembered until it expires), the store found
 * installed, a staff user other than the owner recorded. The caller then issues the admin's own
 * short-lived session.
 */
import type { Db } from '../db/client';
import { spendCredential } from '../db/spent-credentials.repo';
import { addUser, findStore, getStore, type Store } from '../db/stores.repo';
import { unauthorized } from '../errors';
import type { Launch, PlatformApp } from '../platform/types';

export interface LaunchDeps {
  db: Db;
  app: PlatformApp;
  clock: () => Date;
}

/** Verifies a launch (load, uninstall, remove-user callbacks); refused with the reason. */
export function verifyLaunch(deps: LaunchDeps, token: string | undefined, what: string): Launch {
  if (!token) throw unauthorized(`${what} is missing`);
  const result = deps.app.verifyLaunch(token, deps.clock());
  if (!result.ok) throw unauthorized(`${what} rejected: ${result.reason}`);
  return result.value;
}

/** Verifies a launch and spends its token: the same token presented again is refused. */
export async function acceptLaunch(
  deps: LaunchDeps,
  token: string | undefined,
  what: string,
): Promise<Launch> {
  const launch = verifyLaunch(deps, token, what);
  const id = `${deps.app.name}:${launch.tokenId}`;
  if (!(await spendCredential(deps.db, 'launch', id, launch.expiresAt)))
    throw unauthorized(`${what} rejected: already used. Open the app again from your store's control panel.`);
  return launch;
}

export async function launchApp(
  deps: LaunchDeps,
  token: string | undefined,
  what: string,
): Promise<{ store: Store; launch: Launch }> {
  const launch = await acceptLaunch(deps, token, what);
  const store = await findStore(deps.db, deps.app.name, launch.platformId);
  if (!store || store.status !== 'active')
    throw unauthorized('The app is not installed on this store: install it first.');
  if (launch.user.id !== store.ownerId) await addUser(deps.db, store.id, launch.user);
  return { store: (await getStore(deps.db, store.id)) ?? store, launch };
}
