/**
 * What the app holds, read straight from its database (the run's own PostgreSQL): items, the
 * activity log's counting entries, owner notices in the outbox.
 */
import { Pool } from 'pg';
import type { ItemState } from '../../../core/domain/types';

export interface AppItem {
  id: number;
  productId: string;
  variantId: string;
  sku: string;
  state: ItemState;
}

export interface AppEvent {
  id: number;
  itemId: number | null;
  type: string;
  data: Record<string, any>;
  at: number;
}

export interface Notice {
  id: number;
  itemId: number | null;
  kind: string;
  reason: string;
  at: number;
  dispatchedAt: number | null;
}

/** The entries the checks read; the rest of the log is only counted. */
const COUNTED_TYPES = ['sale', 'on-hand', 'oversold', 'manual-toggle'];

export class AppDb {
  private readonly pool: Pool;
  private storeId: number | undefined;

  constructor(url: string) {
    this.pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3000 });
    // The server goes away during an outage: the next query says so.
    this.pool.on('error', () => undefined);
  }

  private async store(): Promise<number> {
    if (this.storeId === undefined) {
      const { rows } = await this.pool.query<{ id: number }>('select id from stores limit 1');
      if (!rows[0]) throw new Error('the app has no store yet');
      this.storeId = rows[0].id;
    }
    return this.storeId;
  }

  async items(): Promise<AppItem[]> {
    const { rows } = await this.pool.query(
      `select id, product_id, variant_id, sku, stock, threshold, switch_at, incoming_stock,
              back_in_stock_date::text as back_in_stock_date, enabled, status, tracked, switched_by
         from items where store_id = $1 order by id`,
      [await this.store()],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      productId: r.product_id,
      variantId: r.variant_id,
      sku: r.sku,
      state: {
        stock: r.stock,
        threshold: r.threshold,
        switchAt: r.switch_at,
        incomingStock: r.incoming_stock,
        backInStockDate: r.back_in_stock_date,
        enabled: r.enabled,
        status: r.status,
        tracked: r.tracked,
        switchedBy: r.switched_by,
        lastEventKey: null,
      },
    }));
  }

  async settings(): Promise<{ switchCondition: number; timeZone: string }> {
    const { rows } = await this.pool.query(
      'select switch_condition, time_zone from store_settings where store_id = $1',
      [await this.store()],
    );
    return { switchCondition: rows[0].switch_condition, timeZone: rows[0].time_zone };
  }

  async events(afterId = 0): Promise<AppEvent[]> {
    const { rows } = await this.pool.query(
      `select id, item_id, type, data, created_at from events
        where store_id = $1 and id > $2 and type = any($3) order by id`,
      [await this.store(), afterId, COUNTED_TYPES],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      itemId: r.item_id === null ? null : Number(r.item_id),
      type: r.type,
      data: r.data,
      at: new Date(r.created_at).getTime(),
    }));
  }

  /** How many entries of each type the log holds after `afterId`. */
  async eventTypes(afterId = 0): Promise<Record<string, number>> {
    const { rows } = await this.pool.query(
      'select type, count(*)::int as n from events where store_id = $1 and id > $2 group by type',
      [await this.store(), afterId],
    );
    return Object.fromEntries(rows.map((r) => [r.type, r.n]));
  }

  /** The newest log entry and outbox row: they move while the app is doing anything. */
  async marks(): Promise<string> {
    const { rows } = await this.pool.query(
      `select (select coalesce(max(id), 0) from events) as e, (select coalesce(max(id), 0) from outbox) as o,
              (select count(*) from outbox where dispatched_at is null) as p`,
    );
    return `${rows[0].e}/${rows[0].o}/${rows[0].p}`;
  }

  async notices(): Promise<Notice[]> {
    const { rows } = await this.pool.query(
      `select id, item_id, payload, created_at, dispatched_at from outbox
        where store_id = $1 and type = 'notify-owner' order by id`,
      [await this.store()],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      itemId: r.item_id === null ? null : Number(r.item_id),
      kind: r.payload.kind,
      reason: r.payload.reason,
      at: new Date(r.created_at).getTime(),
      dispatchedAt: r.dispatched_at ? new Date(r.dispatched_at).getTime() : null,
    }));
  }

  async maxEventId(): Promise<number> {
    const { rows } = await this.pool.query('select coalesce(max(id), 0) as n from events');
    return Number(rows[0].n);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
