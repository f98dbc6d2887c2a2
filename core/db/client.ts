/**
 * Opens the store: PostgreSQL through `pg` when a URL is given, embedded PGlite in a folder otherwise.
 * Both give the same drizzle `Db`, run the same migrations and serve the same queries.
 */
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { RetryableError } from '../errors';
import { migrationsFolder } from '../lib/paths';
import * as schema from './schema';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

/** The rows of a raw SQL query (both drivers answer `{rows}`). */
export async function selectRows<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Where it is, without credentials: for start-up lines and health answers. */
  location: string;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { pgliteDir: string } | { memory: true };

/** Arbitrary number naming our advisory lock, so two processes starting together migrate once. */
const MIGRATION_LOCK = 7_402_113;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return 'url' in target
    ? openPostgres(target.url)
    : openPglite('pgliteDir' in target ? target.pgliteDir : null);
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema });
  const location = redactUrl(url);
  try {
    const client = await pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(drizzlePg(client, { schema }), { migrationsFolder });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(`PostgreSQL at ${location}`, err);
  }
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    location,
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => pool.end(),
  };
}

async function openPglite(dir: string | null): Promise<Database> {
  if (dir) mkdirSync(dir, { recursive: true });
  const client = dir ? new PGlite(dir) : new PGlite();
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    location: dir ? `PGlite in ${dir}` : 'PGlite in memory',
    ping: async () => void (await db.execute(sql`select 1`)),
    close: () => client.close(),
  };
}

export class DatabaseUnavailableError extends RetryableError {
  constructor(
    readonly where: string,
    cause: unknown,
  ) {
    super(`${where} is not reachable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** postgres://user:secret@host/db → postgres://user@host/db */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
