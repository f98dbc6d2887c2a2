import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { selectRows, type Db } from './client';
import { outbox } from './schema';

export type OutboxRow = typeof outbox.$inferSelect;

export async function getEffect(db: Db, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

/**
 * Claims undispatched rows for a side effect that cannot be rolled back (an email): true rows are this
 * worker's until `leaseMs` passes. A worker killed mid-send leaves the claim to expire; a retry then
 * sends again (at least once, and never two workers at the same time).
 */
export async function claimEffects(db: Db, ids: number[], leaseMs: number): Promise<OutboxRow[]> {
  if (ids.length === 0) return [];
  return db
    .update(outbox)
    .set({
      claimedUntil: sql`now() + make_interval(secs => ${leaseMs / 1000})`,
      attempts: sql`${outbox.attempts} + 1`,
    })
    .where(
      and(
        inArray(outbox.id, ids),
        isNull(outbox.dispatchedAt),
        or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, sql`now()`)),
      ),
    )
    .returning();
}

export async function completeEffects(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ dispatchedAt: sql`now()`, claimedUntil: null, lastError: null })
    .where(inArray(outbox.id, ids));
}

export async function releaseEffects(db: Db, ids: number[], error: string): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ claimedUntil: null, lastError: error.slice(0, 1000) })
    .where(inArray(outbox.id, ids));
}

/** Push-state rows are done once their sync job is queued (the items stay dirty until published). */
export async function markRelayed(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(outbox)
    .set({ dispatchedAt: sql`now()` })
    .where(and(inArray(outbox.id, ids), isNull(outbox.dispatchedAt)));
}

/** Effects written before `cutoff` and still pending, not held by a live claim, oldest first. */
export async function staleEffects(db: Db, cutoff: Date, limit: number) {
  return db
    .select({ id: outbox.id, storeId: outbox.storeId, type: outbox.type })
    .from(outbox)
    .where(
      and(
        isNull(outbox.dispatchedAt),
        lt(outbox.createdAt, cutoff),
        or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, sql`now()`)),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(limit);
}

/**
 * Removes up to `limit` effects sent more than `days` ago, oldest first, in one statement. An effect not
 * sent yet is never removed (its work is not done). Returns how many went.
 */
export async function pruneSentEffects(db: Db, days: number, limit: number): Promise<number> {
  const [row] = await selectRows<{ n: number }>(
    db,
    sql`with old as (
          select id from outbox
          where dispatched_at is not null and dispatched_at < now() - make_interval(days => ${days})
          order by dispatched_at limit ${limit}
        ), gone as (
          delete from outbox o using old where o.id = old.id and o.dispatched_at is not null
          returning 1
        )
        select count(*)::int as n from gone`,
  );
  return row?.n ?? 0;
}
