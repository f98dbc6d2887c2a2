/**
 * Variants the app stopped tracking and left with purchase disabled: the Assign page lists them so the
 * merchant can make them purchasable again. A product deleted on the platform has nothing to sell and
 * is left out.
 */
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import type { ItemRow } from './items.repo';
import { events, items } from './schema';

export async function listDisabledUnassigned(
  db: Db,
  storeId: number,
  page: { page: number; limit: number },
): Promise<{ rows: ItemRow[]; total: number }> {
  const where = and(
    eq(items.storeId, storeId),
    eq(items.tracked, false),
    eq(items.status, 'unavailable'),
    sql`not exists (select 1 from ${events} where ${events.storeId} = ${items.storeId}
      and ${events.itemId} = ${items.id} and ${events.type} = 'product-deleted')`,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(items)
      .where(where)
      .orderBy(asc(items.name), asc(items.id))
      .limit(page.limit)
      .offset((page.page - 1) * page.limit),
    db.select({ n: count() }).from(items).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}
