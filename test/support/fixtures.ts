import { randomBytes } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../core/db/client';
import { outbox, storeUsers } from '../../core/db/schema';
import { insertItems, type NewItem } from '../../core/db/items.repo';
import { upsertInstalledStore } from '../../core/db/stores.repo';

export const defaults = {
  switchCondition: 0,
  notifyOwner: true,
  autoAssignNewProducts: false,
  timeZone: 'UTC',
};

export async function makeStore(db: Db, overrides: { platformId?: string; timeZone?: string } = {}) {
  return upsertInstalledStore(db, {
    platform: 'bigcommerce',
    platformId: overrides.platformId ?? `s${randomBytes(4).toString('hex')}`,
    accessTokenEnc: 'v1:ciphertext',
    scopes: 'store_v2_products',
    owner: { id: '1', email: 'owner@example.com' },
    user: { id: '1', email: 'owner@example.com' },
    timeZone: overrides.timeZone,
    defaults,
  });
}

export function item(overrides: Partial<NewItem> = {}): NewItem {
  const n = randomBytes(3).toString('hex');
  return {
    productId: overrides.productId ?? `p${n}`,
    variantId: overrides.variantId ?? `v${n}`,
    sku: `SKU-${n}`,
    name: `Product ${n}`,
    stock: 5,
    threshold: 10,
    status: 'in_stock',
    ...overrides,
  };
}

export async function makeItems(db: Db, storeId: number, rows: Array<Partial<NewItem>>) {
  return insertItems(db, storeId, rows.map(item));
}

/** A file row's values with every cell left blank (`StagedRow` without its row, SKU and validity). */
export const blankFileValues = {
  stock: null,
  threshold: null,
  incomingStock: null,
  backInStockDate: null,
  clearDate: false,
  enabled: null,
};

/** The store's effects written but not yet dispatched, oldest first (what the outbox relay sees). */
export async function pendingEffects(db: Db, limit: number, storeId: number) {
  return db
    .select()
    .from(outbox)
    .where(and(isNull(outbox.dispatchedAt), eq(outbox.storeId, storeId)))
    .orderBy(asc(outbox.id))
    .limit(limit);
}

/** The store's users, by platform user id. */
export async function storeUsersOf(db: Db, storeId: number) {
  return db
    .select()
    .from(storeUsers)
    .where(eq(storeUsers.storeId, storeId))
    .orderBy(storeUsers.platformUserId);
}
