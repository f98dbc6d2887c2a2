/**
 * What the admin's first page shows, read for one store: counts by status, the items nearest to
 * using up their backorder threshold, the next back-in-stock dates, units on backorder per day for
 * the last 30 days (rebuilt from the activity log), and how far the merchant is through setup.
 */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import { todayIn } from '../domain/dates';
import { backordered } from '../domain/status';
import type { Db } from './client';
import { events, imports, items, stores, storeSettings, templates } from './schema';

const DAYS = 30;
const LIST = 5;
/** Enough history for 30 days of a busy store; older days beyond it show today's figure. */
const MAX_EVENTS = 50_000;

export async function overview(db: Db, storeId: number, now: Date) {
  const [store] = await db.select().from(stores).where(eq(stores.id, storeId));
  const [settings] = await db.select().from(storeSettings).where(eq(storeSettings.storeId, storeId));
  const timeZone = settings?.timeZone ?? store?.timeZone ?? 'UTC';
  const today = todayIn(timeZone, now);
  const tracked = and(eq(items.storeId, storeId), eq(items.tracked, true));

  const [byStatus, nearest, dated, [onBackorder], [templateCount], applied] = await Promise.all([
    db.select({ status: items.status, n: count() }).from(items).where(tracked).groupBy(items.status),
    db
      .select()
      .from(items)
      .where(and(tracked, eq(items.status, 'backorder')))
      .orderBy(sql`${items.threshold} - greatest(0, -${items.stock})`, asc(items.id))
      .limit(LIST),
    db
      .select()
      .from(items)
      .where(and(tracked, isNotNull(items.backInStockDate), gte(items.backInStockDate, today)))
      .orderBy(asc(items.backInStockDate), asc(items.id))
      .limit(LIST),
    db
      .select({ units: sql<number>`coalesce(sum(greatest(0, -${items.stock})), 0)::int` })
      .from(items)
      .where(tracked),
    db.select({ n: count() }).from(templates).where(eq(templates.storeId, storeId)),
    db
      .select({ id: imports.id })
      .from(imports)
      .where(and(eq(imports.storeId, storeId), eq(imports.status, 'applied')))
      .limit(1),
  ]);

  const counts = { total: 0, in_stock: 0, backorder: 0, unavailable: 0 };
  for (const row of byStatus) {
    counts[row.status] = row.n;
    counts.total += row.n;
  }

  return {
    counts,
    nearestThreshold: nearest.map((i) => ({
      id: i.id,
      name: i.name,
      sku: i.sku,
      backordered: backordered(i.stock),
      threshold: i.threshold,
      status: i.status,
    })),
    nextBackInStock: dated.map((i) => ({
      id: i.id,
      name: i.name,
      sku: i.sku,
      backInStockDate: i.backInStockDate,
      status: i.status,
    })),
    backorderedByDay: await backorderedByDay(db, storeId, onBackorder?.units ?? 0, timeZone, now),
    setup: {
      // Install writes the settings row in the store's own transaction (same now()); only the
      // merchant's PUT /api/settings moves updated_at off that instant.
      settingsSaved: !!settings && !!store && settings.updatedAt.getTime() !== store.installedAt.getTime(),
      templates: templateCount?.n ?? 0,
      assigned: counts.total,
      imported: applied.length > 0,
    },
  };
}

/**
 * Units on backorder at the end of each of the last 30 days (store time zone), oldest first: today's
 * total, walked back through the activity log (each logged change records the stock before it). Only
 * the items the log names are read, and only the stock each entry had before.
 */
async function backorderedByDay(db: Db, storeId: number, unitsNow: number, timeZone: string, now: Date) {
  const since = new Date(now.getTime() - (DAYS + 1) * 24 * 60 * 60 * 1000);
  const log = await db
    .select({
      itemId: events.itemId,
      before: sql<number>`(${events.data}->'from'->>'stock')::int`,
      createdAt: events.createdAt,
    })
    .from(events)
    .where(
      and(
        eq(events.storeId, storeId),
        isNotNull(events.itemId),
        gte(events.createdAt, since),
        sql`jsonb_typeof(${events.data}->'from'->'stock') = 'number'`,
      ),
    )
    .orderBy(desc(events.id))
    .limit(MAX_EVENTS);
  const ids = [...new Set(log.map((e) => e.itemId!))];
  const stock = new Map(
    (ids.length === 0
      ? []
      : await db
          .select({ id: items.id, stock: items.stock })
          .from(items)
          .where(and(eq(items.storeId, storeId), eq(items.tracked, true), inArray(items.id, ids)))
    ).map((i) => [i.id, i.stock] as const),
  );

  let units = unitsNow;
  const days: Array<{ date: string; units: number }> = [];
  const today = Date.parse(`${todayIn(timeZone, now)}T00:00:00Z`);
  let cursor = 0;
  for (let back = 0; back < DAYS; back += 1) {
    // Calendar days counted in UTC arithmetic, so a DST change never skips or repeats a date.
    const date = new Date(today - back * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    // Undo every change made after this day ended.
    while (cursor < log.length && todayIn(timeZone, log[cursor]!.createdAt) > date) {
      const { itemId, before } = log[cursor]!;
      const after = stock.get(itemId!);
      if (after !== undefined) {
        units += backordered(before) - backordered(after);
        stock.set(itemId!, before);
      }
      cursor += 1;
    }
    days.push({ date, units });
  }
  return days.reverse();
}
