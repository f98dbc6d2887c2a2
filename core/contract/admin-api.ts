/**
 * The admin API's contract, one module for both sides: the shapes the routes answer (server/*.routes
 * and present.ts) and the embedded admin reads (web/src/api), the limits the routes' schemas enforce
 * and the forms check before sending, and the words they both use for a broken rule.
 * Dependency-free on purpose: the web bundle imports it as it is.
 */

/** What the server keeps, and so what a form may send. */
export const LIMITS = {
  count: { min: 0, max: 1_000_000 },
  switchCondition: { min: -1_000_000, max: 1_000_000 },
  templateName: 100,
  buttonText: 60,
  productMessage: 255,
  cartMessage: 255,
  packingSlipNote: 500,
  search: 100,
  /** Products assigned in one request. */
  assignBatch: 250,
  /** Products in one page of the catalog search. */
  catalogPage: 50,
} as const;

/** The Products page's search (README, "Search"). */
export const SEARCH = {
  /**
   * A query this long or longer matches anywhere in a name or SKU, case-insensitively; a shorter one
   * the start of the name, of a word in it, or of the SKU (what a trigram index can find).
   */
  anywhereFrom: 3,
  /**
   * A search counts its matches up to this many (`ItemPage.totalCapped`): beyond, counting them
   * would cost more than finding a page of them (core/db/items-list.repo.ts).
   */
  countUpTo: 10_000,
} as const;

/**
 * Paths into the admin that links from outside it carry (the owner's emails). The platform opens its
 * admin at the app with one of them (BigCommerce: the load callback's `url` claim), and the admin
 * turns it into its own page (web/src/hooks/use-hash-route.ts).
 */
export const DEEP_LINKS = {
  /** The Products page holding one item. */
  item: (id: number) => `/items/${id}`,
  /** The Products page. */
  items: '/items',
} as const;

/** How a broken rule is said, by the server's 400 and by a form before it sends. */
export const RULE_WORDS = {
  required: 'is required',
  wholeNumber: 'must be a whole number',
  notNegative: 'must be 0 or more',
  atLeast: (min: number) => `must be at least ${min}`,
  atMost: (max: number) => `must be at most ${max}`,
  atMostChars: (max: number) => `must be at most ${max} characters`,
  realDate: 'must be a real date written YYYY-MM-DD',
  email: 'must be an email address',
  timeZone: 'must be an IANA time zone such as Europe/Amsterdam',
} as const;

/** True for a real calendar date written `YYYY-MM-DD` (so `2025-02-29` and `2026-04-31` are false). */
export function isRealDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Year 0 does not exist (1 BC is followed by AD 1), and PostgreSQL refuses it.
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
  return day <= days;
}

export type ItemStatus = 'in_stock' | 'backorder' | 'unavailable';

export interface Session {
  store: { name: string; platform: string; platformId: string; timeZone: string };
  user: { id: string; email: string };
}

/** `POST /api/session/renew`: the session's next token (never past its maximum age). */
export interface SessionRenewal {
  token: string;
  /** ISO time the new token expires; no later than the old one once the maximum age is reached. */
  expiresAt: string;
}

export interface Settings {
  switchCondition: number;
  defaultTemplateId: number | null;
  ownerEmail: string | null;
  notifyOwner: boolean;
  timeZone: string;
  autoAssignNewProducts: boolean;
  /** The last change of the switch condition as applied to the products (a job); null before any. */
  switchConditionApply: SwitchConditionApply | null;
}

/** A saved switch condition applied to every assigned product that follows the store's. */
export interface SwitchConditionApply {
  status: 'applying' | 'applied' | 'failed';
  from: number;
  to: number;
  /** Products whose backorder switch it turned on / off (so far, while applying). */
  switchedOn: number;
  switchedOff: number;
}

export interface StorefrontTexts {
  buttonText: string;
  productMessage: string;
  cartMessage: string;
}

export interface TemplateInput {
  name: string;
  isDefault: boolean;
  storefront: StorefrontTexts;
  stock: { threshold: number; incomingStock: number; backInStockDate: string | 'none' | null };
  packingSlip: { note: string };
}

export interface Template extends TemplateInput {
  id: number;
  updatedAt: string;
  /** What it was applied to and re-applying it would change: tracked products, and their items (one per variant tracked). */
  usage: { products: number; items: number };
}

/** A variant as the catalog has it (the platform's figures, before the app tracks it). */
export interface CatalogVariant {
  id: string;
  productId: string;
  sku: string;
  /** Option values joined, e.g. "Size: L / Colour: Blue"; empty for a product's base variant. */
  label: string;
  inventoryLevel: number;
  purchasingDisabled: boolean;
}

export interface CatalogProduct {
  id: string;
  name: string;
  sku: string;
  inventoryTracking: 'none' | 'product' | 'variant';
  inventoryLevel: number;
  availability: 'available' | 'disabled' | 'preorder';
  /** At least one: a product without options has its base variant. */
  variants: CatalogVariant[];
  /** Already assigned to Backorder. */
  assigned: boolean;
}

export interface CatalogPage {
  products: CatalogProduct[];
  page: number;
  totalPages: number;
  total: number;
}

/** The figures of a tracked variant, as a notice and the admin both show them. */
export interface ItemFigures {
  productId: string;
  variantId: string;
  sku: string;
  name: string;
  stock: number;
  threshold: number;
  incomingStock: number;
  backInStockDate: string | null;
}

export interface Item extends ItemFigures {
  id: number;
  /** Units on the shelf: the positive part of `stock`. */
  onHand: number;
  /** Units sold to customers and not on the shelf yet (owed): the negative part of `stock`. */
  backordered: number;
  /** What the store sells now: on hand, plus the backorder room while on backorder; 0 when unavailable. */
  sellable: number;
  enabled: boolean;
  status: ItemStatus;
  switchAt: number | null;
  templateId: number | null;
  texts?: StorefrontTexts & { packingSlipNote: string };
  updatedAt: string;
}

export interface ItemPage {
  items: Item[];
  /** How many match: exact, or `SEARCH.countUpTo` when a search matches more (`totalCapped`). */
  total: number;
  /** A search matched more than `total` items; the pages reach the first `total` of them. */
  totalCapped: boolean;
  page: number;
  limit: number;
}

export const ITEM_SORTS = ['name', 'sku', 'stock', 'status', 'backInStockDate', 'id'] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export interface ItemQuery {
  /** One item by id (a link from an email): the page then holds it alone, or nothing once unassigned. */
  item?: number;
  status?: ItemStatus;
  /** Name or SKU, as `SEARCH` says. */
  q?: string;
  page: number;
  limit: number;
  sort: ItemSort;
  direction: 'asc' | 'desc';
}

export interface ItemPatch {
  enabled?: boolean;
  /** The item's own switch condition; null follows the store's. Applies as a level when changed. */
  switchAt?: number | null;
  threshold?: number;
  incomingStock?: number;
  backInStockDate?: string | null;
  buttonText?: string;
  productMessage?: string;
  cartMessage?: string;
  packingSlipNote?: string;
}

export interface ActivityEvent {
  id: number;
  itemId: number | null;
  /** The item's name now (null for store-wide entries). */
  itemName: string | null;
  type: string;
  actor: { kind?: string; email?: string; [key: string]: unknown };
  data: Record<string, unknown>;
  createdAt: string;
}

export interface Overview {
  counts: Record<ItemStatus, number> & { total: number };
  nearestThreshold: Array<Pick<Item, 'id' | 'name' | 'sku' | 'backordered' | 'threshold' | 'status'>>;
  nextBackInStock: Array<Pick<Item, 'id' | 'name' | 'sku' | 'backInStockDate' | 'status'>>;
  backorderedByDay: Array<{ date: string; units: number }>;
  setup: { settingsSaved: boolean; templates: number; assigned: number; imported: boolean };
}

export type ImportStatus = 'parsing' | 'preview' | 'applying' | 'applied' | 'failed' | 'discarded';

export interface ImportError {
  row: number;
  column: string;
  value: string;
  reason: string;
}

/** An item's values an import may change, before and after. */
export interface ImportValues {
  stock: number;
  threshold: number;
  incomingStock: number;
  backInStockDate: string | null;
  enabled: boolean;
}

export interface ImportChange {
  row: number;
  sku: string;
  itemId: number;
  /** The item's product name as the app has it (a variant's with its options), for the merchant to recognise. */
  name: string;
  before: ImportValues;
  after: ImportValues;
}

export interface ImportJob {
  id: string;
  status: ImportStatus;
  progress: number;
  fileName: string;
  createdAt: string;
  preview?: {
    rows: number;
    toChange: number;
    unchanged: number;
    errorCount: number;
    /** Rows with one or more errors. */
    errorRows: number;
    /** Errors the errors CSV lists: all of them, or the first ones by row when there are very many. */
    errorsKept: number;
    errors: ImportError[];
    changes: ImportChange[];
  };
  counts?: Record<string, number>;
  error?: { code: string; message: string };
}
