import { eq, sql } from 'drizzle-orm';
import type { RuleSettings } from '../domain/types';
import type { Db } from './client';
import { storeSettings } from './schema';

export type StoreSettings = typeof storeSettings.$inferSelect;
export type SettingsPatch = Partial<
  Pick<
    StoreSettings,
    | 'switchCondition'
    | 'defaultTemplateId'
    | 'ownerEmail'
    | 'notifyOwner'
    | 'timeZone'
    | 'autoAssignNewProducts'
    | 'allocation'
  >
>;

export async function getSettings(db: Db, storeId: number): Promise<StoreSettings | undefined> {
  const [row] = await db.select().from(storeSettings).where(eq(storeSettings.storeId, storeId));
  return row;
}

export async function updateSettings(
  db: Db,
  storeId: number,
  patch: SettingsPatch,
): Promise<StoreSettings | undefined> {
  const [row] = await db
    .update(storeSettings)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(storeSettings.storeId, storeId))
    .returning();
  return row;
}

/** What the rules read of a store's settings. */
export async function ruleSettings(db: Db, storeId: number): Promise<RuleSettings> {
  const [row] = await db
    .select({ switchCondition: storeSettings.switchCondition, timeZone: storeSettings.timeZone })
    .from(storeSettings)
    .where(eq(storeSettings.storeId, storeId));
  if (!row) throw new Error(`store ${storeId} has no settings`);
  return row;
}
