import { and, asc, count, countDistinct, eq, inArray, ne, sql } from 'drizzle-orm';
import { conflict } from '../errors';
import type { Db } from './client';
import { items, storeSettings, templates } from './schema';

export type Template = typeof templates.$inferSelect;
export type TemplateInput = Omit<typeof templates.$inferInsert, 'id' | 'storeId' | 'createdAt' | 'updatedAt'>;

export async function listTemplates(db: Db, storeId: number): Promise<Template[]> {
  return db.select().from(templates).where(eq(templates.storeId, storeId)).orderBy(asc(templates.name));
}

export async function getTemplate(db: Db, storeId: number, id: number): Promise<Template | undefined> {
  const [row] = await db
    .select()
    .from(templates)
    .where(and(eq(templates.storeId, storeId), eq(templates.id, id)));
  return row;
}

export async function getDefaultTemplate(db: Db, storeId: number): Promise<Template | undefined> {
  const [row] = await db
    .select()
    .from(templates)
    .where(and(eq(templates.storeId, storeId), eq(templates.isDefault, true)));
  return row;
}

/** How many tracked items (one per variant tracked) and products a template was applied to. */
export interface TemplateUsage {
  products: number;
  items: number;
}

/** The usage of the store's templates (of the given ones, when named); a template no item uses is absent. */
export async function templateUsage(
  db: Db,
  storeId: number,
  templateIds?: number[],
): Promise<Map<number, TemplateUsage>> {
  const rows = await db
    .select({
      templateId: items.templateId,
      products: countDistinct(items.productId),
      items: count(),
    })
    .from(items)
    .where(
      and(
        eq(items.storeId, storeId),
        eq(items.tracked, true),
        templateIds ? inArray(items.templateId, templateIds) : sql`${items.templateId} is not null`,
      ),
    )
    .groupBy(items.templateId);
  return new Map(rows.map((r) => [r.templateId!, { products: r.products, items: r.items }]));
}

/**
 * Creates a template; as the default, it takes the flag from the previous one in the same transaction.
 * A name the store already uses is refused (`duplicate_name`).
 */
export async function createTemplate(db: Db, storeId: number, input: TemplateInput): Promise<Template> {
  return uniqueName(input.name, () =>
    db.transaction(async (tx) => {
      if (input.isDefault) await clearDefault(tx, storeId);
      const [row] = await tx
        .insert(templates)
        .values({ ...input, storeId })
        .returning();
      if (row!.isDefault) await pointSettingsAt(tx, storeId, row!.id);
      return row!;
    }),
  );
}

export async function updateTemplate(
  db: Db,
  storeId: number,
  id: number,
  input: Partial<TemplateInput>,
): Promise<Template | undefined> {
  return uniqueName(input.name, () =>
    db.transaction(async (tx) => {
      if (input.isDefault) await clearDefault(tx, storeId, id);
      const [row] = await tx
        .update(templates)
        .set({ ...input, updatedAt: sql`now()` })
        .where(and(eq(templates.storeId, storeId), eq(templates.id, id)))
        .returning();
      if (row?.isDefault) await pointSettingsAt(tx, storeId, row.id);
      if (row && !row.isDefault) await unpointSettings(tx, storeId, row.id);
      return row;
    }),
  );
}

/**
 * Runs a write that may give the template a name the store already uses: refused by name. Only the
 * name's unique index counts: two first assignments creating the store's default at once collide on
 * the default's index instead, which a retry resolves (it finds the default).
 */
async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    type PgError = { code?: string; constraint?: string };
    const pg = (err as { cause?: PgError }).cause ?? (err as PgError);
    if (pg?.code === '23505' && pg.constraint === 'templates_store_name_uq')
      throw conflict('duplicate_name', `A template named "${name}" already exists.`);
    throw err;
  }
}

/**
 * The store's default template (null: none). The flag on the template and the settings' pointer are
 * the same fact kept in two places; they only change together, here and in create/update/delete.
 */
export async function setDefaultTemplate(db: Db, storeId: number, id: number | null): Promise<void> {
  await db.transaction(async (tx) => {
    await clearDefault(tx, storeId);
    if (id !== null)
      await tx
        .update(templates)
        .set({ isDefault: true, updatedAt: sql`now()` })
        .where(and(eq(templates.storeId, storeId), eq(templates.id, id)));
    await tx.update(storeSettings).set({ defaultTemplateId: id }).where(eq(storeSettings.storeId, storeId));
  });
}

export type DeleteResult =
  | { deleted: true }
  | { deleted: false; reason: 'not_found' }
  | { deleted: false; reason: 'in_use'; itemCount: number };

/** Deletes a template no item uses; one in use is refused with the number of items using it. */
export async function deleteTemplate(db: Db, storeId: number, id: number): Promise<DeleteResult> {
  return db.transaction(async (tx) => {
    const [inUse] = await tx
      .select({ n: count() })
      .from(items)
      .where(and(eq(items.storeId, storeId), eq(items.templateId, id), eq(items.tracked, true)));
    if (inUse && inUse.n > 0) return { deleted: false, reason: 'in_use', itemCount: inUse.n };
    const gone = await tx
      .delete(templates)
      .where(and(eq(templates.storeId, storeId), eq(templates.id, id)))
      .returning({ id: templates.id });
    if (gone.length === 0) return { deleted: false, reason: 'not_found' };
    await unpointSettings(tx, storeId, id);
    return { deleted: true };
  });
}

async function clearDefault(db: Db, storeId: number, except?: number) {
  await db
    .update(templates)
    .set({ isDefault: false })
    .where(
      and(
        eq(templates.storeId, storeId),
        eq(templates.isDefault, true),
        ...(except ? [ne(templates.id, except)] : []),
      ),
    );
}

async function unpointSettings(db: Db, storeId: number, templateId: number) {
  await db
    .update(storeSettings)
    .set({ defaultTemplateId: null })
    .where(and(eq(storeSettings.storeId, storeId), eq(storeSettings.defaultTemplateId, templateId)));
}

async function pointSettingsAt(db: Db, storeId: number, templateId: number) {
  await db
    .update(storeSettings)
    .set({ defaultTemplateId: templateId })
    .where(eq(storeSettings.storeId, storeId));
}
