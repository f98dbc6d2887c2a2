/**
 * A change of the store's switch condition and its way to the items. The settings row keeps the last
 * change (`switch_apply`: what it is, whether it is still being applied, what it switched so far); the
 * job reads the items the new level would switch a page at a time, and counts each switch in the
 * item's own transaction, so a repeat after a crash counts nothing twice.
 */
import { and, asc, eq, gt, inArray, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { Db } from './client';
import type { SettingsPatch, StoreSettings } from './settings.repo';
import { events, items, storeSettings, templates, type SwitchApplyRecord } from './schema';
import { setDefaultTemplate } from './templates.repo';

/**
 * Saves the settings in one transaction, with an activity entry (`settings`, each changed setting from
 * and to) when anything changed. A new default template moves the template's flag too. A new switch
 * condition (or one saved again after its apply failed) is recorded as `applying` under `change.id`,
 * replacing any change before it (whose job then stops: the new one applies its level to every item).
 */
export async function saveSettings(
  db: Db,
  storeId: number,
  patch: SettingsPatch,
  change: Pick<SwitchApplyRecord, 'id' | 'actor' | 'startedAt'>,
): Promise<StoreSettings | undefined> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(storeSettings)
      .where(eq(storeSettings.storeId, storeId))
      .for('update');
    if (!current) return undefined;
    const to = patch.switchCondition;
    const last = current.switchApply;
    const moved = to !== undefined && to !== current.switchCondition;
    const retry = to !== undefined && !moved && last?.status === 'failed';
    // A change still applying, or failed, is taken over: from its level and with what it switched.
    const open = last && last.status !== 'applied' ? last : undefined;
    const switchApply: SwitchApplyRecord | undefined =
      to !== undefined && (moved || retry)
        ? {
            ...change,
            status: 'applying',
            from: open?.from ?? current.switchCondition,
            to,
            switchedOn: open?.switchedOn ?? 0,
            switchedOff: open?.switchedOff ?? 0,
          }
        : undefined;
    const { defaultTemplateId, ...rest } = patch;
    if (defaultTemplateId !== undefined && defaultTemplateId !== current.defaultTemplateId)
      await setDefaultTemplate(tx, storeId, defaultTemplateId);
    const [row] = await tx
      .update(storeSettings)
      .set({ ...rest, ...(switchApply ? { switchApply } : {}), updatedAt: sql`now()` })
      .where(eq(storeSettings.storeId, storeId))
      .returning();
    await logSettingsChange(tx, storeId, current, row!, change.actor);
    return row;
  });
}

/** The settings the activity log follows, in the order the Settings page shows them. */
const LOGGED_SETTINGS = [
  'switchCondition',
  'defaultTemplateId',
  'notifyOwner',
  'ownerEmail',
  'timeZone',
  'autoAssignNewProducts',
] as const;

/** Logs what a save changed, from and to; the default template by name (as it is now). */
async function logSettingsChange(
  tx: Db,
  storeId: number,
  before: StoreSettings,
  after: StoreSettings,
  actor: SwitchApplyRecord['actor'],
) {
  const changed = LOGGED_SETTINGS.filter((k) => before[k] !== after[k]);
  if (changed.length === 0) return;
  const from: Record<string, unknown> = {};
  const to: Record<string, unknown> = {};
  for (const k of changed) [from[k], to[k]] = [before[k], after[k]];
  if (changed.includes('defaultTemplateId')) {
    const ids = [before.defaultTemplateId, after.defaultTemplateId].filter((id): id is number => id !== null);
    const names = new Map(
      (
        await tx
          .select({ id: templates.id, name: templates.name })
          .from(templates)
          .where(and(eq(templates.storeId, storeId), inArray(templates.id, ids)))
      ).map((t) => [t.id, t.name]),
    );
    from.defaultTemplate = names.get(before.defaultTemplateId!) ?? null;
    to.defaultTemplate = names.get(after.defaultTemplateId!) ?? null;
  }
  await tx.insert(events).values({ storeId, type: 'settings', actor, data: { from, to } });
}

export async function currentSwitchApply(db: Db, storeId: number): Promise<SwitchApplyRecord | null> {
  const [row] = await db
    .select({ apply: storeSettings.switchApply })
    .from(storeSettings)
    .where(eq(storeSettings.storeId, storeId));
  return row?.apply ?? null;
}

const isChange = (storeId: number, id: string) =>
  and(eq(storeSettings.storeId, storeId), sql`${storeSettings.switchApply}->>'id' = ${id}`);

/** Counts one switch turned on or off by the change, in the item's transaction; none once replaced. */
export async function countSwitch(
  tx: Db,
  storeId: number,
  id: string,
  field: 'switchedOn' | 'switchedOff',
): Promise<void> {
  await tx
    .update(storeSettings)
    .set({
      switchApply: sql`jsonb_set(${storeSettings.switchApply}, ${`{${field}}`}::text[],
        to_jsonb((${storeSettings.switchApply}->>${field})::int + 1))`,
    })
    .where(isChange(storeId, id));
}

/** Ends the change while it is still the store's and applying; answers it as ended, else undefined. */
export async function endSwitchApply(
  tx: Db,
  storeId: number,
  id: string,
  status: 'applied' | 'failed',
): Promise<SwitchApplyRecord | undefined> {
  const [row] = await tx
    .update(storeSettings)
    .set({
      switchApply: sql`${storeSettings.switchApply} || jsonb_build_object('status', ${status}::text)`,
    })
    .where(and(isChange(storeId, id), sql`${storeSettings.switchApply}->>'status' = 'applying'`))
    .returning({ apply: storeSettings.switchApply });
  return row?.apply ?? undefined;
}

/** Changes still applying that started before `cutoff` (their job may have been lost). */
export async function switchAppliesStartedBefore(db: Db, cutoff: Date) {
  const rows = await db
    .select({ storeId: storeSettings.storeId, apply: storeSettings.switchApply })
    .from(storeSettings)
    .where(
      and(
        sql`${storeSettings.switchApply}->>'status' = 'applying'`,
        sql`(${storeSettings.switchApply}->>'startedAt')::timestamptz < ${cutoff.toISOString()}::timestamptz`,
      ),
    );
  return rows.map((r) => ({ storeId: r.storeId, id: r.apply!.id }));
}

/**
 * The next page of the store's items (by id, after `afterId`) that the store's switch condition at
 * `level` may change: tracked, without a condition of their own, and at or below it either off (with
 * room under the threshold, not switched off by hand) or on but not yet on backorder, or above it
 * and still on backorder. The status stored was read under the old condition, so these are the items
 * whose switch or backorder room the new level moves; `decide` has the last word on each.
 */
export async function switchCandidates(
  db: Db,
  storeId: number,
  level: number,
  afterId: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.storeId, storeId),
        eq(items.tracked, true),
        isNull(items.switchAt),
        gt(items.id, afterId),
        or(
          and(
            lte(items.stock, level),
            or(
              and(
                eq(items.enabled, false),
                sql`${items.switchedBy} is distinct from 'merchant'`,
                sql`greatest(-${items.stock}, 0) < ${items.threshold}`,
              ),
              and(eq(items.enabled, true), ne(items.status, 'backorder')),
            ),
          ),
          and(gt(items.stock, level), eq(items.status, 'backorder')),
        ),
      ),
    )
    .orderBy(asc(items.id))
    .limit(limit);
  return rows.map((r) => r.id);
}
