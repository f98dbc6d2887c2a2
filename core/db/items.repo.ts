import { and, asc, eq, gt, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { ItemState, ProductId, VariantId } from '../domain/types';
import type { Db } from './client';
import type { ItemSnapshot } from './outbox-payload';
import { items } from './schema';

export type ItemRow = typeof items.$inferSelect;
export type NewItem = Omit<
  typeof items.$inferInsert,
  'id' | 'storeId' | 'createdAt' | 'updatedAt' | 'version'
>;

export function toState(row: ItemRow): ItemState {
  return {
    stock: row.stock,
    threshold: row.threshold,
    switchAt: row.switchAt,
    incomingStock: row.incomingStock,
    backInStockDate: row.backInStockDate,
    enabled: row.enabled,
    switchedBy: row.switchedBy,
    status: row.status,
    tracked: row.tracked,
    lastEventKey: row.lastEventKey,
  };
}

/** Inserts items; an item already there (same product and variant) is left as it is. Returns the new ones. */
export async function insertItems(db: Db, storeId: number, rows: NewItem[]): Promise<ItemRow[]> {
  if (rows.length === 0) return [];
  return (
    db
      .insert(items)
      // Not dirty yet: an item is published once the rules have run on it (the `assign` event).
      .values(rows.map((r) => ({ ...r, storeId, publishedVersion: 1 })))
      .onConflictDoNothing()
      .returning()
  );
}

/**
 * The rows to assign: new variants are inserted, and a variant assigned before (untracked since) takes
 * the catalog's current stock and the template's values again, so re-assigning never publishes the
 * stock it had when it was unassigned. Tracked rows are left alone and not returned.
 */
export async function upsertAssignable(db: Db, storeId: number, rows: NewItem[]): Promise<ItemRow[]> {
  if (rows.length === 0) return [];
  const fresh = (column: string) => sql.raw(`excluded.${column}`);
  return db
    .insert(items)
    .values(rows.map((r) => ({ ...r, storeId, publishedVersion: 1 })))
    .onConflictDoUpdate({
      target: [items.storeId, items.productId, items.variantId],
      set: {
        trackBy: fresh('track_by'),
        sku: fresh('sku'),
        name: fresh('name'),
        stock: fresh('stock'),
        // The platform's level as read now; what the app had on its way for the item is history.
        platformLevel: fresh('platform_level'),
        publishedState: sql`null`,
        threshold: fresh('threshold'),
        switchAt: sql`null`,
        incomingStock: fresh('incoming_stock'),
        backInStockDate: fresh('back_in_stock_date'),
        buttonText: fresh('button_text'),
        productMessage: fresh('product_message'),
        cartMessage: fresh('cart_message'),
        packingSlipNote: fresh('packing_slip_note'),
        templateId: fresh('template_id'),
        updatedAt: sql`now()`,
      },
      setWhere: sql`${items.tracked} = false`,
    })
    .returning();
}

export async function getItem(db: Db, storeId: number, itemId: number): Promise<ItemRow | undefined> {
  const [row] = await db
    .select()
    .from(items)
    .where(and(eq(items.storeId, storeId), eq(items.id, itemId)));
  return row;
}

export async function itemsOfProduct(db: Db, storeId: number, productId: ProductId): Promise<ItemRow[]> {
  return db
    .select()
    .from(items)
    .where(and(eq(items.storeId, storeId), eq(items.productId, productId)))
    .orderBy(asc(items.id));
}

export async function itemsOfProducts(db: Db, storeId: number, productIds: ProductId[]): Promise<ItemRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select()
    .from(items)
    .where(and(eq(items.storeId, storeId), inArray(items.productId, productIds)));
}

/** Ids of the tracked items a template was applied to, oldest first. */
export async function itemIdsOfTemplate(db: Db, storeId: number, templateId: number): Promise<number[]> {
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .where(and(eq(items.storeId, storeId), eq(items.templateId, templateId), eq(items.tracked, true)))
    .orderBy(asc(items.id));
  return rows.map((r) => r.id);
}

/**
 * The storefront texts of the given products' items on backorder: all the storefront may see. An item
 * whose stock the platform keeps for the whole product names no variant (`variantId` null): its texts
 * hold for every variant the shopper selects.
 */
export async function backorderTexts(db: Db, storeId: number, productIds: ProductId[]) {
  if (productIds.length === 0) return [];
  return db
    .select({
      productId: items.productId,
      variantId: sql<VariantId | null>`case when ${items.trackBy} = 'product' then null else ${items.variantId} end`,
      buttonText: items.buttonText,
      productMessage: items.productMessage,
      cartMessage: items.cartMessage,
    })
    .from(items)
    .where(
      and(
        eq(items.storeId, storeId),
        inArray(items.productId, productIds),
        eq(items.tracked, true),
        eq(items.status, 'backorder'),
      ),
    )
    .orderBy(asc(items.id));
}

/** Tracked, enabled items whose back-in-stock date is on or before `date` (a store-local day). */
export async function dueBackInStock(db: Db, storeId: number, date: string): Promise<number[]> {
  const rows = await db
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.storeId, storeId),
        eq(items.enabled, true),
        eq(items.tracked, true),
        lte(items.backInStockDate, date),
      ),
    );
  return rows.map((r) => r.id);
}

/** The item as a notice describes it: as it was when the rule fired, not when the mail goes out. */
export function snapshot(row: ItemRow): ItemSnapshot {
  const { productId, variantId, sku, name, stock, threshold, incomingStock, backInStockDate } = row;
  return { productId, variantId, sku, name, stock, threshold, incomingStock, backInStockDate };
}

/** Stores with an item changed before `cutoff` and still not published (their sync job was lost). */
export async function storesWithStaleChanges(db: Db, cutoff: Date): Promise<number[]> {
  const rows = await db
    .selectDistinct({ storeId: items.storeId })
    .from(items)
    .where(and(sql`${items.version} > ${items.publishedVersion}`, lt(items.updatedAt, cutoff)));
  return rows.map((r) => r.storeId);
}

/** The tracked item an order line sold from: a product tracked as a whole is one item, whichever variant. */
export async function trackedItemOf(
  db: Db,
  storeId: number,
  line: { productId: ProductId; variantId: VariantId },
): Promise<{ id: number } | undefined> {
  const [item] = await db
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.storeId, storeId),
        eq(items.productId, line.productId),
        eq(items.tracked, true),
        or(eq(items.trackBy, 'product'), eq(items.variantId, line.variantId)),
      ),
    );
  return item;
}

/** One page of the store's tracked items by id, after `afterId` (keyset): the export's rows. */
export async function trackedItemsAfter(db: Db, storeId: number, afterId: number, limit: number) {
  return db
    .select({
      id: items.id,
      sku: items.sku,
      productId: items.productId,
      variantId: items.variantId,
      name: items.name,
      stock: items.stock,
      threshold: items.threshold,
      incomingStock: items.incomingStock,
      backInStockDate: items.backInStockDate,
      enabled: items.enabled,
    })
    .from(items)
    .where(and(eq(items.storeId, storeId), eq(items.tracked, true), gt(items.id, afterId)))
    .orderBy(asc(items.id))
    .limit(limit);
}
