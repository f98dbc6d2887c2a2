import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { selectRows, type Db } from './client';
import { REPLAY_LIMIT, type LoggedChange } from '../domain/replay';
import { events, items } from './schema';

export type EventRow = typeof events.$inferSelect;

/** The activity log, newest first, paged by id (`before`). */
export async function listEvents(
  db: Db,
  storeId: number,
  query: { itemId?: number; type?: string; before?: number; limit: number },
): Promise<Array<EventRow & { itemName: string | null }>> {
  // Counts and sales that changed nothing are kept for replays (`core/domain/replay.ts`), not shown.
  const where: SQL[] = [eq(events.storeId, storeId), sql`not (${events.data} @> '{"unchanged":true}')`];
  if (query.itemId !== undefined) where.push(eq(events.itemId, query.itemId));
  if (query.type) where.push(eq(events.type, query.type));
  if (query.before !== undefined) where.push(lt(events.id, query.before));
  // The item's name comes along, so the log can say which item without a list of them all.
  const rows = await db
    .select({ event: events, itemName: items.name })
    .from(events)
    .leftJoin(items, and(eq(items.id, events.itemId), eq(items.storeId, events.storeId)))
    .where(and(...where))
    .orderBy(desc(events.id))
    .limit(query.limit);
  return rows.map((r) => ({ ...r.event, itemName: r.itemName }));
}

export async function logEvent(
  db: Db,
  storeId: number,
  entry: { type: string; itemId?: number; actor: Record<string, unknown>; data?: Record<string, unknown> },
): Promise<void> {
  await db
    .insert(events)
    .values({ storeId, itemId: entry.itemId, type: entry.type, actor: entry.actor, data: entry.data ?? {} });
}

/** The store's newest `job-failed` entry for this queue and cause, if any. */
export async function lastJobFailure(
  db: Db,
  storeId: number,
  cause: { queue: string; code: string },
): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(
      and(
        eq(events.storeId, storeId),
        eq(events.type, 'job-failed'),
        sql`${events.data}->>'queue' = ${cause.queue}`,
        sql`${events.data}->>'code' = ${cause.code}`,
      ),
    )
    .orderBy(desc(events.id))
    .limit(1);
  return row;
}

/**
 * An item's log entries since `since`, oldest first, for a replay (`core/domain/replay.ts`);
 * undefined when there are more than a replay goes through.
 */
export async function itemLogSince(
  db: Db,
  storeId: number,
  itemId: number,
  since: Date,
): Promise<LoggedChange[] | undefined> {
  const rows = await db
    .select({ id: events.id, type: events.type, data: events.data, createdAt: events.createdAt })
    .from(events)
    .where(and(eq(events.storeId, storeId), eq(events.itemId, itemId), gte(events.createdAt, since)))
    .orderBy(asc(events.id))
    .limit(REPLAY_LIMIT + 1);
  if (rows.length > REPLAY_LIMIT) return undefined;
  return rows.map((r) => ({ id: r.id, type: r.type, data: r.data, loggedAt: r.createdAt.getTime() }));
}

/**
 * Removes up to `limit` activity-log entries logged more than `days` ago, in one statement. It looks only
 * at the `limit` oldest entries by id (ids follow the time they were logged), so a log with nothing
 * old costs one short index read, never a scan of the table. Returns how many went.
 */
export async function pruneEvents(db: Db, days: number, limit: number): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`with head as (
          select id, created_at from events order by id limit ${limit}
        ), gone as (
          delete from events e using head
          where e.id = head.id and head.created_at < now() - make_interval(days => ${days})
          returning 1
        )
        select count(*)::int as n from gone`,
  );
  return row?.n ?? 0;
}
