import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client';
import { outbox } from './schema';

export type OutboxRow = typeof outbox.$inferSelect;

/** Effects written but not yet dispatched, oldest first. */
export async function pendingEffects(db: Db, limit: number, storeId?: number): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(
      storeId === undefined
        ? isNull(outbox.dispatchedAt)
        : and(isNull(outbox.dispatchedAt), eq(outbox.storeId, storeId)),
    )
    .orderBy(asc(outbox.id))
    .limit(limit);
}

export async function getEffect(db: Db, id: number): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

/**
 * Claims an effect for its side effect: true for exactly one caller, however often a job is retried,
 * so an email is sent once. Call inside the transaction that records the side effect's outcome.
 */
export async function markDispatched(db: Db, id: number): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ dispatchedAt: sql`now()` })
    .where(and(eq(outbox.id, id), isNull(outbox.dispatchedAt)))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export async function recordAttempt(db: Db, id: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 1000) })
    .where(eq(outbox.id, id));
}
