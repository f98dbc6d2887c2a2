import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from './client';
import { spentCredentials } from './schema';

export type CredentialKind = (typeof spentCredentials.$inferSelect)['kind'];

const digest = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Spends a one-use credential until `expiresAt`: true the first time, false while it is remembered
 * (a replay). One statement, so two requests racing with the same credential cannot both pass. A
 * remembered one that has expired (the sweep has not forgotten it yet) is spent afresh.
 */
export async function spendCredential(
  db: Db,
  kind: CredentialKind,
  value: string,
  expiresAt: Date,
): Promise<boolean> {
  const spent = await db
    .insert(spentCredentials)
    .values({ kind, digest: digest(value), expiresAt })
    .onConflictDoUpdate({
      target: [spentCredentials.kind, spentCredentials.digest],
      set: { expiresAt },
      setWhere: lt(spentCredentials.expiresAt, sql`now()`),
    })
    .returning({ kind: spentCredentials.kind });
  return spent.length === 1;
}

/** Gives a credential back: its use did not happen (the platform could not be reached). */
export async function refundCredential(db: Db, kind: CredentialKind, value: string): Promise<void> {
  await db
    .delete(spentCredentials)
    .where(and(eq(spentCredentials.kind, kind), eq(spentCredentials.digest, digest(value))));
}

/** Forgets credentials past their expiry (they are refused for it anyway); answers how many. */
export async function forgetExpiredCredentials(db: Db): Promise<number> {
  const gone = await db
    .delete(spentCredentials)
    .where(lt(spentCredentials.expiresAt, sql`now()`))
    .returning({ kind: spentCredentials.kind });
  return gone.length;
}
