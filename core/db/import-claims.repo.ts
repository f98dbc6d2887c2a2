/**
 * An import's claim for its apply: a confirm moves the preview to `applying`, the apply's transaction
 * holds the claim, and a claim that fails or is abandoned goes back to the preview with the reason.
 */
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { selectRows, type Db } from './client';
import type { ImportRow } from './imports.repo';
import { imports } from './schema';

/** An import left in `applying` this long was abandoned by a crashed process and may be confirmed again. */
const STALE_APPLYING = sql`now() - interval '15 minutes'`;

/** Moves a confirmable import (preview, no errors) to `applying`; undefined when it is not confirmable. */
export async function claimForApply(db: Db, storeId: number, id: string): Promise<ImportRow | undefined> {
  const [row] = await db
    .update(imports)
    .set({ status: 'applying', failure: null, updatedAt: sql`now()` })
    .where(
      and(
        eq(imports.id, id),
        eq(imports.storeId, storeId),
        eq(imports.errorCount, 0),
        or(
          eq(imports.status, 'preview'),
          and(eq(imports.status, 'applying'), lt(imports.updatedAt, STALE_APPLYING)),
        ),
      ),
    )
    .returning();
  return row;
}

/**
 * Inside the apply's transaction: locks the import row and says whether it is still `applying`. A
 * second apply job for the same import (a retry, a re-claim) waits here for the first to commit, then
 * finds it applied and does nothing.
 */
export async function lockClaimed(tx: Db, id: string): Promise<boolean> {
  const [row] = await tx
    .select({ status: imports.status })
    .from(imports)
    .where(eq(imports.id, id))
    .for('update');
  return row?.status === 'applying';
}

/** The apply found the import no longer applicable: it fails with the reason, its rows dropped by the caller. */
export async function failClaim(db: Db, id: string, failure: { code: string; message: string }) {
  await db
    .update(imports)
    .set({ status: 'failed', failure, updatedAt: sql`now()` })
    .where(and(eq(imports.id, id), eq(imports.status, 'applying')));
}

/**
 * Back to the preview, with why the apply did not happen when the merchant should be told. With
 * `claimedAt`, only that claim is released: a job of a claim that went stale and was claimed again
 * must not give back the new one.
 */
export async function releaseClaim(
  db: Db,
  id: string,
  failure?: { code: string; message: string },
  claimedAt?: Date,
): Promise<void> {
  await db
    .update(imports)
    .set({ status: 'preview', failure: failure ?? null, updatedAt: sql`now()` })
    .where(
      and(
        eq(imports.id, id),
        eq(imports.status, 'applying'),
        // The claim's time as the app read it: milliseconds, where the column keeps microseconds.
        claimedAt
          ? sql`date_trunc('milliseconds', ${imports.updatedAt}) = ${claimedAt.toISOString()}::timestamptz`
          : undefined,
      ),
    );
}

/**
 * Imports left `applying` past the stale limit whose apply is not running (a live apply holds its
 * import's row lock, so it is skipped): back to their previews with `failure`. A job BullMQ gave up
 * as stalled never reaches the worker's own give-back, and its import would stay `applying`.
 */
export async function releaseAbandonedApplies(
  db: Db,
  failure: { code: string; message: string },
): Promise<string[]> {
  const released = await selectRows<{ id: string }>(
    db,
    sql`update imports set status = 'preview', failure = ${JSON.stringify(failure)}::jsonb, updated_at = now()
        where id in (
          select id from imports where status = 'applying' and updated_at < ${STALE_APPLYING}
          for update skip locked)
        returning id`,
  );
  return released.map((r) => r.id);
}
