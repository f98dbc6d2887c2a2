/**
 * Bulk loading with COPY, the one way to put a million rows into PostgreSQL in well under a second.
 * On a server the rows stream over one pooled connection (`COPY … FROM STDIN`, pg-copy-streams) with
 * back-pressure; on PGlite they go in slices through its `/dev/blob` device. Either way the caller
 * writes whole rows in PostgreSQL's text format (`copyText`) into a table it has just created.
 */
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Pool, PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from './client';

export interface CopySink {
  /** Whole rows, each ending in a newline; resolves when the database can take more. */
  write(rows: Buffer): Promise<void>;
  /** Ends the COPY; resolves once every row is in the table. */
  end(): Promise<void>;
  /**
   * Stops. On a server nothing is kept, not even the table; PGlite's slices already taken stay, so
   * the caller drops the table it was filling.
   */
  abort(): Promise<void>;
}

/** PGlite reads a blob whole: slices this big keep its copy of the rows bounded. */
const PGLITE_SLICE_BYTES = 4 << 20;

/** COPY's text lets PostgreSQL fall this far behind before a writer waits for it. */
const SLACK_BYTES = 1 << 20;

/**
 * Creates a table with `create` (trusted SQL built by the caller) and opens a COPY into it, `target`
 * being `table (columns)`. On a server both run in one transaction, so the rows are written frozen
 * (no hint-bit pass on first read) and a COPY that fails or is aborted leaves no table behind.
 */
export async function createAndCopy(db: Db, create: string, target: string): Promise<CopySink> {
  const client = (db as unknown as { $client: Pool | PGlite }).$client;
  if (client instanceof PGlite) {
    await client.exec(create);
    return pgliteCopy(client, target);
  }
  const connection = await client.connect();
  try {
    await connection.query('begin');
    await connection.query(create);
  } catch (err) {
    connection.release(err as Error);
    throw err;
  }
  return serverCopy(connection, target);
}

function serverCopy(client: PoolClient, target: string): CopySink {
  const stream = client.query(copyFrom(`copy ${target} from stdin with (freeze)`));
  let failure: Error | undefined;
  stream.on('error', (err: Error) => (failure ??= err));
  // Made once: a `finished()` per back-pressure wait left its listeners on the stream until the end.
  const over = finished(stream).catch(() => undefined);
  let released = false;
  const release = (err?: Error) => {
    if (released) return;
    released = true;
    // A connection left mid-COPY is not reusable: destroy it rather than return it to the pool.
    client.release(err);
  };
  return {
    async write(rows) {
      if (failure) throw failure;
      stream.write(rows);
      if (stream.writableLength > SLACK_BYTES) await Promise.race([once(stream, 'drain'), over]);
      if (failure) throw failure;
    },
    async end() {
      try {
        // A COPY the server already refused ends with its error, not pg-copy-streams' own.
        if (failure) throw failure;
        stream.end();
        await finished(stream);
        await client.query('commit');
        release();
      } catch (err) {
        release(err as Error);
        throw err;
      }
    },
    async abort() {
      stream.destroy(new Error('copy aborted'));
      release(new Error('copy aborted'));
    },
  };
}

function pgliteCopy(pg: PGlite, target: string): CopySink {
  let parts: Buffer[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    const blob = new Blob(parts);
    parts = [];
    size = 0;
    await pg.query(`copy ${target} from '/dev/blob'`, [], { blob });
  };
  return {
    async write(rows) {
      parts.push(rows);
      size += rows.length;
      if (size >= PGLITE_SLICE_BYTES) await flush();
    },
    end: flush,
    async abort() {
      parts = [];
      size = 0;
    },
  };
}
