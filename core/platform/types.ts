/**
 * The platform boundary (DESIGN.md §4). Only code under core/platform/ knows a platform's API; the
 * domain, jobs and routes talk to these interfaces.
 */
import type * as Admin from '../contract/admin-api';
import type { ProductId, Sku, StoreHash, VariantId } from '../domain/types';
import { AppError, MustFixError, RetryableError, type ErrorKind, type Problem } from '../errors';

/** A variant as the catalog has it: the admin's shape (core/contract), with its ids told apart. */
export interface CatalogVariant extends Omit<Admin.CatalogVariant, 'id' | 'productId' | 'sku'> {
  id: VariantId;
  productId: ProductId;
  sku: Sku;
}

export interface CatalogProduct extends Omit<Admin.CatalogProduct, 'id' | 'sku' | 'variants' | 'assigned'> {
  id: ProductId;
  sku: Sku;
  availabilityDescription: string;
  /** At least one: a product without options has its base variant. */
  variants: CatalogVariant[];
}

export interface CatalogPage {
  products: CatalogProduct[];
  page: number;
  totalPages: number;
  total: number;
}

/** Where a tracked variant's stock lives on the platform. */
export interface StockTarget {
  productId: ProductId;
  variantId: VariantId;
  /** Inventory kept per variant (products with options) or on the product (one base variant). */
  trackBy: 'product' | 'variant';
}

/** How one tracked variant is listed: purchase on or off, and the product-page text. */
export interface ItemListing extends StockTarget {
  purchasable: boolean;
  /** Product-page text (availability description / purchasing-disabled message). */
  message: string;
}

/**
 * A change of the units the platform may sell, relative to whatever it holds when it lands: it
 * composes with the sales and counts the platform takes meanwhile (an absolute level would undo them).
 */
export interface LevelAdjustment extends StockTarget {
  delta: number;
}

export interface CallResult {
  calls: number;
}

/**
 * What a listing write achieved. The platform may take a call only in part (BigCommerce's 207): the
 * listings it did not confirm are `failed`, with its reason, to be written again.
 */
export interface ListingResult extends CallResult {
  failed: Array<{ listing: ItemListing; reason: string }>;
}

/** An item a refusal names (one entry of a batch's errors), with the platform's reason. */
export interface RejectedItem {
  productId: ProductId;
  variantId?: VariantId;
  reason: string;
}

export interface PlatformOrderLine {
  id: string;
  productId: ProductId;
  variantId: VariantId;
  sku: Sku;
  quantity: number;
}

export interface PlatformOrder {
  id: string;
  statusId: number;
  customerEmail: string;
  shippingCountry: string;
  placedAt: string;
  lines: PlatformOrderLine[];
}

export interface StoreInfo {
  name: string;
  timeZone: string;
  adminEmail: string;
  /** ISO 3166-1 alpha-2, upper case; '' when the platform does not say. */
  country: string;
}

export interface WebhookSpec {
  destination: string;
  scopes: readonly string[];
  headers: Record<string, string>;
}

/** What a webhook tells the app, whatever platform sent it. */
export type PlatformEvent =
  /**
   * A product's (or one variant's) stock changed: to `level` (a count set on the platform), or by
   * `delta` (a relative change: the app's own adjustment, or someone else's).
   */
  | { kind: 'stock'; productId: ProductId; variantId?: VariantId; level?: number; delta?: number }
  /** A product was edited: read it to see whether someone else changed what the app publishes. */
  | { kind: 'product-edited'; productId: ProductId }
  | { kind: 'product-created'; productId: ProductId }
  | { kind: 'product-deleted'; productId: ProductId }
  /** One variant of a product with options was deleted (the product stays). */
  | { kind: 'variant-deleted'; productId: ProductId; variantId: VariantId }
  | { kind: 'order-created'; orderId: string }
  | { kind: 'uninstalled' };

export type EventKind = PlatformEvent['kind'];

/** A verified, deduplicated webhook delivery of one store, kept until it is handled. */
export interface WebhookDelivery {
  storeId: number;
  /** The platform's id for this delivery (kept by its retries). */
  deliveryId: string;
  topic: string;
  event: PlatformEvent;
  /** The platform's `created_at` (seconds) and our arrival time (ms): the order of stock reports. */
  createdAt?: number;
  receivedAt?: number;
}

/** What a platform can do natively, so use cases ask this instead of which platform it is. */
export interface PlatformCapabilities {
  /** The platform refuses checkouts past a backorder limit it keeps itself. */
  nativeBackorderLimit: boolean;
  /** Backordered order lines can be held from fulfilment on the platform. */
  fulfillmentHolds: boolean;
  /** Order lines can be replaced and removed through the API. */
  orderEdits: boolean;
  /** A script can be installed on the storefront (else a theme extension shows the texts). */
  storefrontScript: boolean;
}

/** One installed store, as the app sees its platform. */
export interface StorePlatform {
  readonly capabilities: PlatformCapabilities;
  storeInfo(): Promise<StoreInfo>;
  searchCatalog(query: { keyword?: string; page: number; limit: number }): Promise<CatalogPage>;
  getProducts(productIds: ProductId[]): Promise<CatalogProduct[]>;
  /**
   * Sets purchase on/off and the product-page text; never touches a level or the tracking mode.
   * Refused (PlatformRejectedError) naming the items at fault when a batch is refused; the listings a
   * partial success left out come back as `failed`.
   */
  setListings(items: ItemListing[]): Promise<ListingResult>;
  /** Adjusts levels by the given amounts; refused when one would go below zero. */
  adjustLevels(items: LevelAdjustment[]): Promise<CallResult>;
  /** Makes the store's hooks for `destination` exactly `spec` (creates, updates, re-activates). */
  ensureWebhooks(spec: WebhookSpec): Promise<void>;
  deleteWebhooks(destination: string): Promise<void>;
  getOrder(orderId: string): Promise<PlatformOrder | null>;
  installScript(script: { name: string; src: string }): Promise<void>;
}

export type PlatformName = 'bigcommerce' | 'shopify';

/** `stale`: refused for its time alone (a webhook signed too long ago), not for what it says. */
export type Verified<T> = { ok: true; value: T } | { ok: false; reason: string; stale?: true };

export interface Person {
  id: string;
  email: string;
}

/** What installing gives the app: the store, its access token and who installed it. */
export interface InstallGrant {
  platformId: StoreHash;
  accessToken: string;
  scopes: string;
  owner: Person;
  user: Person;
}

/** An install callback that looks like the platform's: its store and one-use code, checked for form. */
export interface InstallRequest {
  platformId: StoreHash;
  /** The one-use authorisation the platform handed the merchant's browser. */
  code: string;
  /** The callback's parameters, as the exchange sends them on. */
  params: Record<string, string>;
}

/** A verified launch of the app from the store's control panel. */
export interface Launch {
  platformId: StoreHash;
  user: Person;
  owner: Person;
  /** The admin path the launch asks for (a deep link such as `/items/10`); undefined for the start page. */
  path?: string;
  /** The launch token's own id (`jti`): the app takes each launch token once. */
  tokenId: string;
  /** When the launch token expires: its id is remembered until then. */
  expiresAt: Date;
}

/** A webhook as it arrived: the raw body (signatures are over it) and its headers. */
export interface WebhookRequest {
  rawBody: Buffer;
  header(name: string): string | undefined;
}

/** A webhook's payload, read (not yet verified): which store, which delivery, what happened. */
export interface WebhookPayload {
  platformId: StoreHash;
  deliveryId: string;
  topic: string;
  /** Undefined for a topic the app has no use for. */
  event?: PlatformEvent;
  createdAt?: number;
}

/** The app's side of one platform (DESIGN.md §4): install, launch, webhooks, and a store's client. */
export interface PlatformApp {
  readonly name: PlatformName;
  /**
   * Reads an install callback's parameters without calling anyone: refused with the reason when they
   * cannot be the platform's (malformed, or not granting the scopes the app is registered with).
   */
  readInstall(params: Record<string, unknown>): Verified<InstallRequest>;
  /** Exchanges an install's authorisation for the store's access token. */
  exchangeInstall(request: InstallRequest, redirectUri: string): Promise<InstallGrant>;
  /**
   * The origins allowed to frame the app's pages for this store (`frame-ancestors`): the platform's
   * control panel, or the emulator's when the app talks to one.
   */
  frameAncestors(platformId: StoreHash): string[];
  /** Verifies the token the control panel launches the app with. */
  verifyLaunch(token: string, now: Date): Verified<Launch>;
  /** Reads a webhook's payload; refused when it is not one of this platform's. */
  readWebhook(request: WebhookRequest): Verified<WebhookPayload>;
  /** What a delivery of `topic` with this payload data says; undefined for a topic the app does not use. */
  eventOf(topic: string, data: Record<string, unknown>): PlatformEvent | undefined;
  /** Verifies a webhook's signature (and freshness) over its raw body. */
  verifyWebhook(request: WebhookRequest, now: Date): Verified<void>;
  /** The header carrying the secret set on each of a store's hooks at registration, if the platform has one. */
  readonly webhookSecretHeader?: string;
  /** The hooks the app needs on a store: every topic it uses, sent to `destination`. */
  webhookSubscriptions(destination: string, secret: string): WebhookSpec;
  /** A client for one installed store. */
  forStore(platformId: StoreHash, accessToken: string): StorePlatform;
  /**
   * Where the store's admin opens the app at `path` (a DEEP_LINKS path), for links from outside the
   * admin: the app only runs inside the platform's admin, never at its own URL.
   */
  adminUrl(platformId: StoreHash, path: string): string;
}

/** What a merchant is told when an install link cannot be used (made up, used already, or expired). */
export const INSTALL_AGAIN =
  "This install link is not valid (already used or expired): install the app again from your store's control panel.";

/** The platform does not know an install's one-use code: the request is at fault (401), not the app. */
export class InstallCodeRefusedError extends MustFixError {
  constructor() {
    super('unauthorized', 'install_code_refused', INSTALL_AGAIN);
  }
}

/** The platform answered in a way retrying may fix (5xx, 429 past our patience, network). */
export class PlatformRetryableError extends RetryableError {}
/**
 * The platform refused a call (a 4xx; the message keeps its answer, for the log). Refusing the store's
 * access (401, 403), or a request that cannot pass as it is (`final`), someone must fix: a job stops
 * and says so in the activity log, a route answers 502. Any other refusal (a 404 or 409 that the
 * platform's own state may clear) is retried like a blip, as jobs always have.
 */
export class PlatformRejectedError extends AppError {
  readonly kind: ErrorKind;
  readonly code = 'platform_refused';
  readonly problem: Problem = 'refused';
  /** The items the refusal names (a batch's errors), when it names any. */
  readonly rejected: RejectedItem[];

  constructor(
    message: string,
    /** The platform's HTTP status. */
    readonly status: number,
    options: { final?: boolean; rejected?: RejectedItem[] } = {},
  ) {
    const access = status === 401 || status === 403;
    super(message, {
      merchantMessage: access
        ? "The platform refused Backorder's access to this store: reinstall the app from the store's control panel."
        : `The platform refused Backorder's request (${status}); it has been logged.`,
    });
    this.kind = (options.final ?? access) ? 'must-fix' : 'retryable';
    this.rejected = options.rejected ?? [];
  }
}
