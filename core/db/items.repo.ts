import { and, asc, count, desc, eq, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import { decide, stateChanged } from '../domain/decide';
import type { Actor, Decision, ItemEvent, ItemState, RuleSettings } from '../domain/types';
import type { Db } from './client';
import type { ItemSnapshot } from './outbox-payload';
import { deliveries, events, items, outbox, storeSettings } from './schema';

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

export async function itemsOfProduct(db: Db, storeId: number, productId: string): Promise<ItemRow[]> {
  return db
    .select()
    .from(items)
    .where(and(eq(items.storeId, storeId), eq(items.productId, productId)))
    .orderBy(asc(items.id));
}

export async function itemsOfProducts(db: Db, storeId: number, productIds: string[]): Promise<ItemRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select()
    .from(items)
    .where(and(eq(items.storeId, storeId), inArray(items.productId, productIds)));
}

export const ITEM_SORTS = ['name', 'sku', 'stock', 'status', 'backInStockDate', 'id'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export interface ItemQuery {
  status?: ItemRow['status'];
  q?: string;
  page: number;
  limit: number;
  sort: ItemSort;
  direction: 'asc' | 'desc';
  tracked?: boolean;
}

export async function listItems(db: Db, storeId: number, query: ItemQuery) {
  const where: SQL[] = [eq(items.storeId, storeId), eq(items.tracked, query.tracked ?? true)];
  if (query.status) where.push(eq(items.status, query.status));
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(items.name, pattern), ilike(items.sku, pattern))!);
  }
  const by = {
    name: items.name,
    sku: items.sku,
    stock: items.stock,
    status: items.status,
    backInStockDate: items.backInStockDate,
    id: items.id,
  }[query.sort];
  const dir = query.direction === 'desc' ? desc : asc;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(items)
      .where(and(...where))
      .orderBy(dir(by), dir(items.id))
      .limit(query.limit)
      .offset((query.page - 1) * query.limit),
    db
      .select({ n: count() })
      .from(items)
      .where(and(...where)),
  ]);
  return { items: rows, total: total?.n ?? 0, page: query.page, limit: query.limit };
}

/**
 * Products deleted on the platform: their items stop being tracked and are no longer waiting to be
 * published (there is nothing left to write to), with an activity-log entry each. Not through `decide`:
 * no rule applies to a product that no longer exists, and its effects could not be delivered.
 */
export async function untrackDeletedProducts(db: Db, storeId: number, productIds: string[]) {
  if (productIds.length === 0) return [];
  return db.transaction(async (tx) => {
    const gone = await tx
      .update(items)
      .set({ tracked: false, enabled: false, publishedVersion: sql`${items.version}`, updatedAt: sql`now()` })
      .where(and(eq(items.storeId, storeId), inArray(items.productId, productIds), eq(items.tracked, true)))
      .returning({ id: items.id, productId: items.productId, sku: items.sku, name: items.name });
    if (gone.length > 0) {
      await tx.insert(events).values(
        gone.map((i) => ({
          storeId,
          itemId: i.id,
          type: 'product-deleted',
          actor: { kind: 'platform' },
          data: { productId: i.productId, sku: i.sku, name: i.name },
        })),
      );
    }
    return gone;
  });
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

/** The storefront texts of the given products' items on backorder: all the storefront may see. */
export async function backorderTexts(db: Db, storeId: number, productIds: string[]) {
  if (productIds.length === 0) return [];
  return db
    .select({
      productId: items.productId,
      variantId: items.variantId,
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

export async function ruleSettings(db: Db, storeId: number): Promise<RuleSettings> {
  const [row] = await db
    .select({ switchCondition: storeSettings.switchCondition, timeZone: storeSettings.timeZone })
    .from(storeSettings)
    .where(eq(storeSettings.storeId, storeId));
  if (!row) throw new Error(`store ${storeId} has no settings`);
  return row;
}

export interface Applied {
  before: ItemRow;
  after: ItemRow;
  decision: Decision;
  /** False for a duplicate or an event that changed nothing. */
  changed: boolean;
  /** The effects written, for the caller to relay onto queues once committed. */
  outbox: Array<{ id: number; storeId: number; type: string }>;
}

/**
 * The one way an item changes: lock its row, run the rules, write the new state, its activity-log
 * entries and its effects (outbox) in one transaction. Concurrent events for one item are serialised
 * by the row lock. Returns undefined when the store has no such item.
 */
export async function applyItemEvent(
  db: Db,
  storeId: number,
  itemId: number,
  event: ItemEvent,
  now: Date,
): Promise<Applied | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, storeId, itemId);
    if (!before) return undefined;
    // Relative events (a sale, a delta) must count once however late a duplicate comes: their key is
    // recorded with the change, and a key seen before makes the event a no-op. A count on hand is
    // relative too while units are owed (it pays them back), so it is keyed the same way.
    if (event.type === 'sale' || event.type === 'stock-delta' || event.type === 'on-hand') {
      const fresh = await tx
        .insert(deliveries)
        .values({ storeId, deliveryId: `event:${event.key}`, topic: event.type })
        .onConflictDoNothing()
        .returning({ id: deliveries.deliveryId });
      if (fresh.length === 0) {
        return {
          before,
          after: before,
          decision: { item: toState(before), effects: [] },
          changed: false,
          outbox: [],
        };
      }
    }
    const decision = decide(toState(before), await ruleSettings(tx, storeId), event, now);
    const next = decision.item;
    const changed = !decision.rejected && stateChanged(toState(before), next);
    if (decision.rejected || next.lastEventKey === before.lastEventKey) {
      return { before, after: before, decision, changed: false, outbox: [] };
    }
    let written: Applied['outbox'] = [];
    const [after] = await tx
      .update(items)
      .set({
        ...next,
        // The version marks the item for publishing: only when the rules asked for a platform write.
        ...(changed ? { updatedAt: sql`now()` } : {}),
        ...(decision.effects.some((e) => e.type === 'push-state')
          ? { version: sql`${items.version} + 1` }
          : {}),
      })
      .where(eq(items.id, itemId))
      .returning();
    if (changed || decision.effects.length > 0) {
      const actor = 'actor' in event ? event.actor : { kind: 'system' };
      const { type, key: _key, ...detail } = event;
      await tx.insert(events).values([
        {
          storeId,
          itemId,
          type,
          actor,
          data: { ...detail, from: summary(toState(before)), to: summary(next) },
        },
        ...decision.effects.flatMap((e) =>
          e.type === 'log' ? [{ storeId, itemId, type: e.entry, actor, data: e.data }] : [],
        ),
      ]);
      const dispatchable = decision.effects.filter((e) => e.type !== 'log');
      if (dispatchable.length > 0) {
        // Notices describe the item as it was when the rule fired, not when the mail goes out.
        const item = snapshot(after!);
        written = await tx
          .insert(outbox)
          .values(dispatchable.map((e) => ({ storeId, itemId, type: e.type, payload: { ...e, item } })))
          .returning({ id: outbox.id, storeId: outbox.storeId, type: outbox.type });
      }
    }
    return { before, after: after!, decision, changed, outbox: written };
  });
}

export interface ItemTexts {
  buttonText?: string;
  productMessage?: string;
  cartMessage?: string;
  packingSlipNote?: string;
}

/**
 * The storefront and packing-slip texts of one item. They feed no rule, so they bypass `decide`, but
 * change like everything else: row lock, activity-log entry, and a platform write when the product
 * message shown on the storefront changed (the version bump marks the item for publishing).
 */
export async function updateItemTexts(
  db: Db,
  storeId: number,
  itemId: number,
  texts: ItemTexts,
  actor: Actor,
): Promise<Pick<Applied, 'after' | 'outbox' | 'changed'> | undefined> {
  return db.transaction(async (tx) => {
    const before = await lockItem(tx, storeId, itemId);
    if (!before) return undefined;
    const changes = Object.fromEntries(
      Object.entries(texts).filter(([k, v]) => v !== undefined && before[k as keyof ItemTexts] !== v),
    ) as ItemTexts;
    if (Object.keys(changes).length === 0) return { after: before, outbox: [], changed: false };
    const republish = changes.productMessage !== undefined;
    const [after] = await tx
      .update(items)
      .set({
        ...changes,
        updatedAt: sql`now()`,
        ...(republish ? { version: sql`${items.version} + 1` } : {}),
      })
      .where(eq(items.id, itemId))
      .returning();
    const from = Object.fromEntries(Object.keys(changes).map((k) => [k, before[k as keyof ItemTexts]]));
    await tx.insert(events).values({ storeId, itemId, type: 'texts', actor, data: { from, to: changes } });
    const outboxRows = republish
      ? await tx
          .insert(outbox)
          .values({ storeId, itemId, type: 'push-state', payload: { type: 'push-state' } })
          .returning({ id: outbox.id, storeId: outbox.storeId, type: outbox.type })
      : [];
    return { after: after!, outbox: outboxRows, changed: true };
  });
}

/** The item's row, locked until the transaction ends: changes to one item are serialised. */
async function lockItem(tx: Db, storeId: number, itemId: number): Promise<ItemRow | undefined> {
  const [row] = await tx
    .select()
    .from(items)
    .where(and(eq(items.storeId, storeId), eq(items.id, itemId)))
    .for('update');
  return row;
}

function snapshot(row: ItemRow): ItemSnapshot {
  const { productId, variantId, sku, name, stock, threshold, incomingStock, backInStockDate } = row;
  return { productId, variantId, sku, name, stock, threshold, incomingStock, backInStockDate };
}

function summary(s: ItemState) {
  return { stock: s.stock, enabled: s.enabled, status: s.status, threshold: s.threshold };
}
