/**
 * Opens the store: PostgreSQL through `pg` when a URL is given, embedded PGlite in a folder otherwise.
 * Both give the same drizzle `Db`, run the same migrations and serve the same queries.
 */
import { mkdirSync } from 'node:fs';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
// PGlite's exports give the contrib modules' types as ES modules only; their CommonJS builds are there.
// @ts-expect-error TS1479: loaded with require at run time, which PGlite's package exports allow.
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
// @ts-expect-error TS1479, as above.
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
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
  // The extensions the migrations create (drizzle/0012_item_search.sql): PGlite ships them as bundles loaded here.
  const options: PGliteOptions = { extensions: { pg_trgm, btree_gin } };
  const client = dir ? new PGlite(dir, options) : new PGlite(options);
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

/** Socket errors of a server that went away, refused the connection or stopped answering. */
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
]);
/** SQLSTATEs of a server shutting down, starting up or out of connections. */
const SERVER_AWAY = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg says when the connection is gone or never came (these carry no code). */
const GONE =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Connection ended/i;

/**
 * The database was not there to answer (down, restarting, unreachable, out of connections), as
 * opposed to a query it refused: a retryable error for the faces to answer honestly (503, retry).
 * Drizzle wraps the driver's error, so the cause chain is searched.
 */
export function asDatabaseUnavailable(err: unknown): DatabaseUnavailableError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return e;
    const { code, message } = e as { code?: unknown; message?: unknown };
    const away =
      (typeof code === 'string' && (NETWORK.has(code) || SERVER_AWAY.has(code) || code.startsWith('08'))) ||
      (typeof message === 'string' && GONE.test(message));
    if (away) return new DatabaseUnavailableError('The database', e);
  }
  return undefined;
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
