import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './client';
import { storeSettings, storeUsers, stores } from './schema';
import type { StoreHash } from '../domain/types';

export type Store = typeof stores.$inferSelect;
export type Platform = Store['platform'];

export interface InstallInput {
  platform: Platform;
  platformId: StoreHash;
  accessTokenEnc: string;
  scopes: string;
  owner: { id: string; email: string };
  user: { id: string; email: string };
  timeZone?: string;
  name?: string;
  defaults: {
    switchCondition: number;
    notifyOwner: boolean;
    autoAssignNewProducts: boolean;
    timeZone: string;
  };
}

/**
 * Records an install or a re-install. A re-install keeps the store's id, settings, templates and
 * items (its data was kept at uninstall) and takes the new token.
 */
export async function upsertInstalledStore(db: Db, input: InstallInput): Promise<Store> {
  return db.transaction(async (tx) => {
    const [store] = await tx
      .insert(stores)
      .values({
        platform: input.platform,
        platformId: input.platformId,
        accessTokenEnc: input.accessTokenEnc,
        scopes: input.scopes,
        ownerId: input.owner.id,
        ownerEmail: input.owner.email,
        timeZone: input.timeZone ?? input.defaults.timeZone,
        name: input.name ?? '',
      })
      .onConflictDoUpdate({
        target: [stores.platform, stores.platformId],
        set: {
          accessTokenEnc: input.accessTokenEnc,
          scopes: input.scopes,
          ownerId: input.owner.id,
          ownerEmail: input.owner.email,
          // Hooks registered from now on carry the derived header: no stored token to keep.
          webhookTokenEnc: null,
          status: 'active',
          installedAt: sql`now()`,
          uninstalledAt: null,
          ...(input.name ? { name: input.name } : {}),
          ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        },
      })
      .returning();
    await tx
      .insert(storeSettings)
      .values({
        storeId: store!.id,
        switchCondition: input.defaults.switchCondition,
        notifyOwner: input.defaults.notifyOwner,
        autoAssignNewProducts: input.defaults.autoAssignNewProducts,
        timeZone: store!.timeZone,
      })
      .onConflictDoNothing();
    for (const [who, role] of [
      [input.owner, 'owner'],
      [input.user, input.user.id === input.owner.id ? 'owner' : 'user'],
    ] as const) {
      await tx
        .insert(storeUsers)
        .values({ storeId: store!.id, platformUserId: who.id, email: who.email, role })
        .onConflictDoUpdate({
          target: [storeUsers.storeId, storeUsers.platformUserId],
          set: { email: who.email },
        });
    }
    return store!;
  });
}

export async function findStore(
  db: Db,
  platform: Platform,
  platformId: StoreHash,
): Promise<Store | undefined> {
  const [row] = await db
    .select()
    .from(stores)
    .where(and(eq(stores.platform, platform), eq(stores.platformId, platformId)));
  return row;
}

export async function getStore(db: Db, storeId: number): Promise<Store | undefined> {
  const [row] = await db.select().from(stores).where(eq(stores.id, storeId));
  return row;
}

/**
 * Uninstall: the access token is dropped, the data kept for a re-install. A stored hook token stays:
 * it authenticates the `store/app/uninstalled` that follows the uninstall callback.
 */
export async function markUninstalled(db: Db, storeId: number): Promise<void> {
  await db
    .update(stores)
    .set({ status: 'uninstalled', accessTokenEnc: null, uninstalledAt: sql`now()` })
    .where(eq(stores.id, storeId));
}

export async function addUser(db: Db, storeId: number, user: { id: string; email: string }): Promise<void> {
  await db
    .insert(storeUsers)
    .values({ storeId, platformUserId: user.id, email: user.email, role: 'user' })
    .onConflictDoUpdate({
      target: [storeUsers.storeId, storeUsers.platformUserId],
      set: { email: user.email },
    });
}

/**
 * Whether a session's user may use the app now: the store installed and the user not removed (one
 * query, made on every admin request).
 */
export async function sessionAccess(
  db: Db,
  storeId: number,
  platformUserId: string,
): Promise<'ok' | 'not-installed' | 'removed'> {
  const [row] = await db
    .select({ status: stores.status, user: storeUsers.platformUserId })
    .from(stores)
    .leftJoin(
      storeUsers,
      and(eq(storeUsers.storeId, stores.id), eq(storeUsers.platformUserId, platformUserId)),
    )
    .where(eq(stores.id, storeId));
  if (!row || row.status !== 'active') return 'not-installed';
  return row.user ? 'ok' : 'removed';
}

/** Removes a user; returns false when the store had no such user. The owner is never removed. */
export async function removeUser(db: Db, storeId: number, platformUserId: string): Promise<boolean> {
  const removed = await db
    .delete(storeUsers)
    .where(
      and(
        eq(storeUsers.storeId, storeId),
        eq(storeUsers.platformUserId, platformUserId),
        eq(storeUsers.role, 'user'),
      ),
    )
    .returning({ id: storeUsers.platformUserId });
  return removed.length > 0;
}

/**
 * The store's name, time zone and country as the platform has them. The time zone is also the
 * settings' until the merchant picks another.
 */
export async function takeStoreDetails(
  db: Db,
  store: Store,
  info: { name: string; timeZone: string; country: string },
): Promise<void> {
  await db
    .update(stores)
    .set({ name: info.name, timeZone: info.timeZone, country: info.country || null })
    .where(eq(stores.id, store.id));
  if (store.timeZone !== info.timeZone) {
    await db
      .update(storeSettings)
      .set({ timeZone: info.timeZone })
      .where(eq(storeSettings.storeId, store.id));
  }
}

/**
 * Installed stores whose hooks still carry the stored token of the first version (registered before
 * headers were derived): set-up registers them again.
 */
export async function storesWithStoredHookTokens(db: Db): Promise<Array<{ id: number }>> {
  return db
    .select({ id: stores.id })
    .from(stores)
    .where(and(eq(stores.status, 'active'), isNotNull(stores.webhookTokenEnc)))
    .orderBy(stores.id);
}

/** The store's hooks now carry the derived header: the stored token is no longer accepted. */
export async function dropStoredHookToken(db: Db, storeId: number): Promise<void> {
  await db.update(stores).set({ webhookTokenEnc: null }).where(eq(stores.id, storeId));
}

export async function activeStores(db: Db): Promise<Store[]> {
  return db.select().from(stores).where(eq(stores.status, 'active')).orderBy(stores.id);
}
