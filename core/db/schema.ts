/**
 * The one schema. drizzle-kit generates one migration set from it (`drizzle/`), applied unchanged to
 * PostgreSQL and to embedded PGlite. Every table carries `store_id`; every query is scoped by it.
 */
import { sql } from 'drizzle-orm';
import type { ImportChange, ImportError, SwitchConditionApply } from '../contract/admin-api';
import type { Actor, ProductId, Sku, StoreHash, VariantId } from '../domain/types';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { OutboxPayload } from './outbox-payload';
import type { PublishedState } from '../domain/level-ledger';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const storeRef = () =>
  integer('store_id')
    .notNull()
    .references(() => stores.id, { onDelete: 'cascade' });

export const stores = pgTable(
  'stores',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    platform: text('platform', { enum: ['bigcommerce', 'shopify'] }).notNull(),
    /** Store hash (BigCommerce) or shop domain (Shopify). */
    platformId: text('platform_id').$type<StoreHash>().notNull(),
    name: text('name').notNull().default(''),
    /** AES-256-GCM ciphertext (see core/security/crypto.ts); null once uninstalled. */
    accessTokenEnc: text('access_token_enc'),
    scopes: text('scopes').notNull().default(''),
    ownerId: text('owner_id'),
    ownerEmail: text('owner_email'),
    timeZone: text('time_zone').notNull().default('UTC'),
    /**
     * ISO 3166-1 alpha-2 country of the store, as the platform has it; null until its details are
     * taken (stores set up before it was kept). A CSV's slashed dates are read by it.
     */
    country: text('country'),
    /**
     * The stored header value of hooks registered before headers were derived (sealed like the token);
     * null once set-up has registered the derived one (core/security/hook-token.ts).
     */
    webhookTokenEnc: text('webhook_token_enc'),
    status: text('status', { enum: ['active', 'uninstalled'] })
      .notNull()
      .default('active'),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('stores_platform_id_uq').on(t.platform, t.platformId)],
);

export const storeUsers = pgTable(
  'store_users',
  {
    storeId: storeRef(),
    platformUserId: text('platform_user_id').notNull(),
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'user'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.storeId, t.platformUserId] })],
);

/**
 * A saved change of the store's switch condition, applied to its items by a job: `id` names the change
 * (job id, event keys), `actor` who saved it; a newer change replaces it and the older job stops.
 */
export interface SwitchApplyRecord extends SwitchConditionApply {
  id: string;
  actor: Actor;
  startedAt: string;
}

export const storeSettings = pgTable('store_settings', {
  storeId: integer('store_id')
    .primaryKey()
    .references(() => stores.id, { onDelete: 'cascade' }),
  switchCondition: integer('switch_condition').notNull(),
  defaultTemplateId: integer('default_template_id'),
  /** Where owner notifications go; null = the store owner's email. */
  ownerEmail: text('owner_email'),
  notifyOwner: boolean('notify_owner').notNull().default(true),
  timeZone: text('time_zone').notNull().default('UTC'),
  autoAssignNewProducts: boolean('auto_assign_new_products').notNull().default(false),
  /** Order-allocation options (DESIGN.md §7): byPaymentDate, shippableFirst, rushFirst, includeOnHold. */
  allocation: jsonb('allocation').$type<Record<string, boolean>>().notNull().default({}),
  /** The last change of the switch condition, as the job applying it to the items has got. */
  switchApply: jsonb('switch_apply').$type<SwitchApplyRecord>(),
  updatedAt: updatedAt(),
});

export const templates = pgTable(
  'templates',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    storeId: storeRef(),
    name: text('name').notNull(),
    isDefault: boolean('is_default').notNull().default(false),
    buttonText: text('button_text').notNull(),
    productMessage: text('product_message').notNull(),
    cartMessage: text('cart_message').notNull(),
    threshold: integer('threshold').notNull(),
    incomingStock: integer('incoming_stock').notNull().default(0),
    backInStockDate: date('back_in_stock_date', { mode: 'string' }),
    packingSlipNote: text('packing_slip_note').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('templates_store_name_uq').on(t.storeId, t.name),
    uniqueIndex('templates_store_default_uq')
      .on(t.storeId)
      .where(sql`${t.isDefault}`),
  ],
);

export const items = pgTable(
  'items',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: storeRef(),
    productId: text('product_id').$type<ProductId>().notNull(),
    /** The platform variant; a product without options is its base variant. */
    variantId: text('variant_id').$type<VariantId>().notNull(),
    /** How the platform tracks this item's inventory: on the product (no options) or per variant. */
    trackBy: text('track_by', { enum: ['product', 'variant'] })
      .notNull()
      .default('variant'),
    sku: text('sku').$type<Sku>().notNull().default(''),
    name: text('name').notNull(),
    stock: integer('stock').notNull(),
    threshold: integer('threshold').notNull(),
    switchAt: integer('switch_at'),
    incomingStock: integer('incoming_stock').notNull().default(0),
    backInStockDate: date('back_in_stock_date', { mode: 'string' }),
    enabled: boolean('enabled').notNull().default(false),
    /** Who moved `enabled` last (ItemState.switchedBy): 'rules' or 'merchant'; null until it moves. */
    switchedBy: text('switched_by', { enum: ['rules', 'merchant'] }),
    status: text('status', { enum: ['in_stock', 'backorder', 'unavailable'] }).notNull(),
    tracked: boolean('tracked').notNull().default(true),
    buttonText: text('button_text').notNull().default(''),
    productMessage: text('product_message').notNull().default(''),
    cartMessage: text('cart_message').notNull().default(''),
    packingSlipNote: text('packing_slip_note').notNull().default(''),
    templateId: integer('template_id').references(() => templates.id, { onDelete: 'set null' }),
    lastEventKey: text('last_event_key'),
    /** Bumped on every change; platform-sync publishes only the newest version. */
    version: integer('version').notNull().default(1),
    /**
     * The platform's count as the app knows it: the last warehouse count, less the sales since, plus
     * the app's own adjustments. The app writes the difference to the level it wants, never a level.
     * Null until first known (read from the catalog at assignment).
     */
    platformLevel: integer('platform_level'),
    /** What the app last had the platform show, and its adjustments on their way (PublishedState). */
    publishedState: jsonb('published_state').$type<PublishedState>(),
    publishedVersion: integer('published_version').notNull().default(0),
    /**
     * When the item last became unpublished (`version > published_version`); stale while it is
     * published. The metrics' "oldest unpublished item" reads it: how far behind the platform is.
     */
    dirtySince: timestamp('dirty_since', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('items_store_variant_uq').on(t.storeId, t.productId, t.variantId),
    index('items_store_status_idx').on(t.storeId, t.status, t.id),
    // Counts for the Products page (all tracked items, or one status) read this index alone.
    index('items_store_tracked_status_idx')
      .on(t.storeId, t.status)
      .where(sql`${t.tracked}`),
    index('items_store_sku_idx').on(t.storeId, t.sku),
    index('items_dirty_idx')
      .on(t.storeId, t.id)
      .where(sql`${t.version} > ${t.publishedVersion}`),
    index('items_store_name_idx').on(t.storeId, t.name, t.id),
    // Search (`listItems`' q): trigrams of name and SKU, under the store's id (btree_gin) so that a
    // search reads the calling store's entries only, however many other stores match.
    index('items_store_name_trgm_idx').using('gin', t.storeId, t.name.op('gin_trgm_ops')),
    index('items_store_sku_trgm_idx').using('gin', t.storeId, t.sku.op('gin_trgm_ops')),
    index('items_back_in_stock_idx')
      .on(t.backInStockDate)
      .where(sql`${t.enabled} and ${t.tracked}`),
  ],
);

export const events = pgTable(
  'events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: storeRef(),
    itemId: bigint('item_id', { mode: 'number' }),
    type: text('type').notNull(),
    actor: jsonb('actor').$type<Record<string, unknown>>().notNull(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    index('events_store_item_idx').on(t.storeId, t.itemId, t.id),
    index('events_store_idx').on(t.storeId, t.id),
  ],
);

export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    storeId: storeRef(),
    itemId: bigint('item_id', { mode: 'number' }),
    type: text('type').notNull(),
    // The default stays the one the migrations created (`'{}'`); every writer gives a payload.
    payload: jsonb('payload')
      .$type<OutboxPayload>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
    /** A worker holds the row until then while it performs the side effect (see outbox.repo.ts). */
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.id)
      .where(sql`${t.dispatchedAt} is null`),
    // Sent effects are pruned by age (README, "Retention"); pending ones stay out of it.
    index('outbox_sent_idx')
      .on(t.dispatchedAt)
      .where(sql`${t.dispatchedAt} is not null`),
  ],
);

export const deliveries = pgTable(
  'deliveries',
  {
    storeId: storeRef(),
    deliveryId: text('delivery_id').notNull(),
    topic: text('topic').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The delivery as received, until its work is done (a report applied, an order recorded): Redis
     * may lose what it queued, and the delivery's retries would then be dropped as duplicates. The
     * minute sweep hands what still waits back to the route's filing (`webhook-inbox.use-case.ts`).
     */
    waiting: jsonb('waiting').$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ columns: [t.storeId, t.deliveryId] }),
    index('deliveries_waiting_idx')
      .on(t.receivedAt)
      .where(sql`${t.waiting} is not null`),
    // The minute sweep forgets delivery ids and event keys past the retention window by this; a
    // delivery whose work is not done stays out of it (and is never forgotten).
    index('deliveries_done_received_idx')
      .on(t.receivedAt)
      .where(sql`${t.waiting} is null`),
  ],
);

export const imports = pgTable(
  'imports',
  {
    id: text('id').primaryKey(),
    storeId: storeRef(),
    fileName: text('file_name').notNull().default(''),
    status: text('status', {
      enum: ['parsing', 'preview', 'applying', 'applied', 'discarded', 'failed'],
    }).notNull(),
    totalRows: integer('total_rows').notNull().default(0),
    changedRows: integer('changed_rows').notNull().default(0),
    unchangedRows: integer('unchanged_rows').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    /** The first errors, `{row, column, value, reason}`; the full list is downloadable. */
    errors: jsonb('errors').$type<ImportError[]>().notNull().default([]),
    /** 0–100 while parsing; the job's progress is mirrored here for any process to read. */
    progress: integer('progress').notNull().default(0),
    /** The first changes as the preview shows them: `{row, sku, itemId, before, after}`. */
    changes: jsonb('changes').$type<ImportChange[]>().notNull().default([]),
    /** Why a file could not be read at all (not text, no sku column): `{code, message}`. */
    failure: jsonb('failure').$type<{ code: string; message: string }>(),
    /** What confirming did: changed, unchanged, refused toggles, switches turned on / off. */
    result: jsonb('result').$type<Record<string, number>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('imports_store_idx').on(t.storeId, t.createdAt)],
);

/** Every problem found in an import file, `{row, column, value, reason}`, for the errors CSV. */
export const importErrors = pgTable(
  'import_errors',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    importId: text('import_id')
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    column: text('column').notNull(),
    value: text('value').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [index('import_errors_import_row_idx').on(t.importId, t.row, t.id)],
);

/**
 * One-use credentials the platform hands the app, remembered while they are valid so that none is
 * taken twice: a launch token by its `jti`, an install code by itself. Kept as SHA-256 digests (an
 * install code is a secret). Not a store's data (an install code comes before its store), so the one
 * table without `store_id`; the minute sweep forgets what has expired.
 */
export const spentCredentials = pgTable(
  'spent_credentials',
  {
    kind: text('kind', { enum: ['launch', 'install-code'] }).notNull(),
    digest: text('digest').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.digest] }),
    index('spent_credentials_expires_idx').on(t.expiresAt),
  ],
);
