/**
 * Real databases for integration tests: a fresh PostgreSQL database per suite (created on the server
 * named by DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, dropped afterwards) and a
 * PGlite in a temporary folder. Each suite owns its data; none sees another's leftovers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from '../../core/db/client';
import { createScratchDatabase } from '../../core/db/scratch';

export const POSTGRES_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export type DbKind = 'postgres' | 'pglite';
export const DB_KINDS: DbKind[] = ['postgres', 'pglite'];

export interface TestDatabase extends Database {
  /** Drops the database (PostgreSQL) or removes the folder (PGlite). */
  destroy(): Promise<void>;
  url?: string;
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'backorder-pglite-'));
    const database = await openDatabase({ pgliteDir: dir });
    return {
      ...database,
      destroy: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ url });
  return {
    ...database,
    url,
    destroy: async () => {
      await database.close();
      await drop();
    },
  };
}

/** An empty PostgreSQL database of the test's own, for code that opens its own connections. */
export function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createScratchDatabase(POSTGRES_URL, 'backorder_test');
}
