/**
 * What waits in the database for a worker, as an operator watches it: effects not sent (the outbox),
 * items the platform does not show yet (unpublished), and webhook deliveries whose work is not done
 * (the inbox). Each is one query over a partial index that holds only the waiting rows; ages are the
 * database's clock, which stamped the rows.
 */
import { sql } from 'drizzle-orm';
import { selectRows, type Db } from './client';

export interface Waiting {
  count: number;
  /** Seconds since the oldest waiting row began to wait; 0 when none waits. */
  oldestSeconds: number;
}

export interface Backlog {
  outbox: Waiting;
  unpublished: Waiting;
  inbox: Waiting;
}

type Row = { count: number; oldest: number | string | null };

const waiting = (row: Row | undefined): Waiting => ({
  count: Number(row?.count ?? 0),
  oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)),
});

export async function backlog(db: Db): Promise<Backlog> {
  const [outbox, unpublished, inbox] = await Promise.all([
    selectRows<Row>(
      db,
      sql`select count(*)::int as count, extract(epoch from now() - min(created_at))::float8 as oldest
          from outbox where dispatched_at is null`,
    ),
    // An item unpublished since before dirty_since was kept counts from its last change instead.
    selectRows<Row>(
      db,
      sql`select count(*)::int as count,
                 extract(epoch from now() - min(coalesce(dirty_since, updated_at)))::float8 as oldest
          from items where version > published_version`,
    ),
    selectRows<Row>(
      db,
      sql`select count(*)::int as count, extract(epoch from now() - min(received_at))::float8 as oldest
          from deliveries where waiting is not null`,
    ),
  ]);
  return { outbox: waiting(outbox[0]), unpublished: waiting(unpublished[0]), inbox: waiting(inbox[0]) };
}
