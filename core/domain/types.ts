/**
 * Values the backorder rules work on. Pure data: no I/O, no clock, no platform.
 * See DESIGN.md §2 for the rules these types describe.
 */

export type { ItemStatus } from '../contract/admin-api';
import type { ItemStatus } from '../contract/admin-api';

/**
 * A string that is one kind of id. A flavour rather than a strict brand: any string may become one
 * (values read from the platform, the database or a request need no cast), but one kind is never
 * taken for another (a variant id passed where a product id is wanted fails to compile).
 */
type Flavor<Name extends string> = string & { readonly __flavor?: Name };

/** A store as its platform names it: BigCommerce's store hash (a Shopify shop domain later). */
export type StoreHash = Flavor<'StoreHash'>;
export type ProductId = Flavor<'ProductId'>;
/** A product's variant; a product without options is its base variant. */
export type VariantId = Flavor<'VariantId'>;
export type Sku = Flavor<'Sku'>;

/** A calendar date `YYYY-MM-DD`, read in the store's time zone. */
export type IsoDate = string;

/** Who caused a change: the app's own rules, a merchant user, an import, or the platform. */
export type Actor =
  | { kind: 'system' }
  | { kind: 'platform' }
  | { kind: 'user'; userId: string; email?: string }
  | { kind: 'import'; importId: string };

/** The part of an item the rules read and write. */
export interface ItemState {
  /** Signed on-hand: negative means units sold on backorder. */
  stock: number;
  /** The most units that may be on backorder at once (≥ 0). */
  threshold: number;
  /** Per-item override of the store's switch condition; null = use the store's. */
  switchAt: number | null;
  incomingStock: number;
  backInStockDate: IsoDate | null;
  /** The backorder switch the merchant sees. */
  enabled: boolean;
  /**
   * Who moved the switch last, null until it first moves. A lowered switch condition switches off
   * only what the rules switched on; a raised one never switches on what the merchant switched off.
   */
  switchedBy: SwitchedBy | null;
  /**
   * What shoppers may do (computed by the rules). Once unassigned no rule runs: it says how the app
   * left the item on the platform, `in_stock` (purchasable) or `unavailable` (purchase disabled).
   */
  status: ItemStatus;
  /** False once unassigned: the app no longer tracks the item. */
  tracked: boolean;
  /** Key of the last event applied; the same event applied again is a no-op. */
  lastEventKey: string | null;
}

/** The rules (switch condition, threshold, date), or the merchant (by hand, or a file's switch column). */
export type SwitchedBy = 'rules' | 'merchant';

export interface RuleSettings {
  /** Stock level at or below which a tracked item switches to backorder. */
  switchCondition: number;
  /** IANA time zone of the store, e.g. `Europe/Amsterdam`. */
  timeZone: string;
}

export type DisableReason =
  'threshold_used_up' | 'back_in_stock_date' | 'switch_condition' | 'manual' | 'unassigned';
export type EnableReason = 'switch_condition' | 'manual';

/** Something that happened to an item. `key` identifies it (delivery id, order line, request id). */
export type ItemEvent =
  | { type: 'assign'; key: string; actor: Actor }
  | { type: 'stock-level'; key: string; level: number; actor: Actor }
  | { type: 'stock-delta'; key: string; delta: number; actor: Actor }
  /**
   * A physical count of units on hand from outside the app (e.g. a platform inventory webhook that
   * is not our own write). Units sold on backorder are owed to customers and take from it:
   * `stock = level - backordered(stock before)`. Not idempotent under a new key while units are on
   * backorder (see `decide`).
   */
  | {
      type: 'on-hand';
      key: string;
      level: number;
      actor: Actor;
      /** A platform count's stamp (s) and when its news came (ms): its place (`replay.ts`). */
      countedAt?: number;
      receivedAt?: number;
      /** The webhook delivery that brought it, for the record. */
      delivery?: string;
    }
  /**
   * An order line. Stock drops by the accepted units only: at most what the platform was last told
   * it may sell (`quantityFor` the stored status). The rest is logged as oversold for the merchant
   * to handle and never counts as backordered, so backorders stay within the threshold.
   */
  | {
      type: 'sale';
      key: string;
      quantity: number;
      orderId: string;
      actor: Actor;
      /** When the order was placed (s) and its news came (ms), to order it against counts. */
      placedAt?: number;
      receivedAt?: number;
    }
  | { type: 'manual-toggle'; key: string; enabled: boolean; actor: Actor }
  | {
      type: 'edit';
      key: string;
      actor: Actor;
      threshold?: number;
      incomingStock?: number;
      backInStockDate?: IsoDate | null;
      switchAt?: number | null;
    }
  | { type: 'tick'; key: string }
  /**
   * The store's switch condition was changed: it applies as a level, not only when stock crosses it
   * (an edit of the item's own `switchAt` does the same). See `decide`.
   */
  | { type: 'switch-condition'; key: string; actor: Actor }
  /**
   * The app stops tracking the item. Purchase is disabled, unless `keepInStock` and units are on the
   * shelf: then it stays purchasable with its shelf count (the platform's tracking stays on, so it
   * sells no more than that).
   */
  | { type: 'unassign'; key: string; actor: Actor; keepInStock?: boolean }
  /** An unassigned item the app left with purchase disabled is made purchasable again (by the merchant). */
  | { type: 'make-purchasable'; key: string; actor: Actor };

export type Effect =
  /** Publish the item's current desired state to the platform (coalesced per item by the worker). */
  | { type: 'push-state' }
  /** Email the store owner. One per change of `enabled`, and one on unassign (with the stock data). */
  | {
      type: 'notify-owner';
      kind: 'enabled' | 'disabled' | 'unassigned';
      reason: EnableReason | DisableReason;
      /** Unassigned and left purchasable with its units on the shelf (else purchase is disabled). */
      keptPurchasable?: boolean;
    }
  /** An activity-log entry beyond the event itself (e.g. units oversold past the threshold). */
  | { type: 'log'; entry: string; data: Record<string, unknown> };

export interface Decision {
  item: ItemState;
  effects: Effect[];
  /** Set when the event was refused; `item` is then unchanged and `effects` empty. */
  rejected?: { code: string; message: string };
  /** Set when the event came late and the item's history was replayed with it in its place. */
  replayed?: boolean;
}
