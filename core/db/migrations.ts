/**
 * Whether the database holds every migration this build knows: drizzle records each one it applies in
 * `drizzle.__drizzle_migrations`, keyed by its journal entry's `when`. For `/readyz`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrationsFolder } from '../lib/paths';
import { selectRows, type Db } from './client';

interface JournalEntry {
  tag: string;
  when: number;
}

let journal: JournalEntry[] | undefined;
function entries(): JournalEntry[] {
  journal ??= (
    JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
      entries: JournalEntry[];
    }
  ).entries;
  return journal;
}

/** The tags of the journal's migrations the database has not applied; [] when it is up to date. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  let applied: Set<number>;
  try {
    const rows = await selectRows<{ created_at: string | number }>(
      db,
      sql`select created_at from drizzle.__drizzle_migrations`,
    );
    applied = new Set(rows.map((r) => Number(r.created_at)));
  } catch (err) {
    // No migrations table: nothing applied. Anything else is the database's to report.
    if (!undefinedTable(err)) throw err;
    applied = new Set();
  }
  return entries()
    .filter((e) => !applied.has(e.when))
    .map((e) => e.tag);
}

/** SQLSTATE 42P01 (drizzle wraps the driver's error, so the cause chain is searched). */
function undefinedTable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++)
    if ((e as { code?: unknown }).code === '42P01') return true;
  return false;
}
