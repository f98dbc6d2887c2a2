/**
 * The platform boundary (DESIGN.md §4). Only code under core/platform/ knows a platform's API; the
 * domain, jobs and routes talk to these interfaces.
 */
import { MustFixError, RetryableError } from '../errors';

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

/** What the app wants the platform to show and sell for one tracked variant. */
export interface ItemPublication {
  productId: string;
  variantId: string;
  /** Track inventory by variant (products with options) or by product (one base variant). */
  trackBy: 'product' | 'variant';
  purchasable: boolean;
  /** Units the platform may sell before it stops by itself (on hand + backorder room). */
  quantity: number;
  /** Product-page text (availability description / purchasing-disabled message). */
  message: string;
}

export interface PublishResult {
  calls: number;
}

export interface PlatformOrderLine {
  id: string;
  productId: string;
  variantId: string;
  sku: string;
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
}

export interface WebhookSpec {
  destination: string;
  scopes: readonly string[];
  headers: Record<string, string>;
}

/**
 * A verified, deduplicated webhook delivery of one store, as the app keeps it until it is handled:
 * the topic and the payload's data as the platform sent them.
 */
export interface WebhookDelivery {
  storeId: number;
  /** The platform's id for this delivery (kept by its retries). */
  deliveryId: string;
  topic: string;
  data: Record<string, unknown>;
  /** The platform's `created_at` (seconds) and our arrival time (ms): the order of stock reports. */
  createdAt?: number;
  receivedAt?: number;
}

/** One installed store, as the app sees its platform. */
export interface StorePlatform {
  storeInfo(): Promise<StoreInfo>;
  searchCatalog(query: { keyword?: string; page: number; limit: number }): Promise<CatalogPage>;
  getProducts(productIds: string[]): Promise<CatalogProduct[]>;
  publish(items: ItemPublication[]): Promise<PublishResult>;
  /** Makes the store's hooks for `destination` exactly `spec` (creates, updates, re-activates). */
  ensureWebhooks(spec: WebhookSpec): Promise<void>;
  deleteWebhooks(destination: string): Promise<void>;
  getOrder(orderId: string): Promise<PlatformOrder | null>;
  installScript(script: { name: string; src: string }): Promise<void>;
}

/** The platform answered in a way retrying may fix (5xx, 429 past our patience, network). */
export class PlatformRetryableError extends RetryableError {}
/** The platform refused for a reason retrying will not fix (revoked token, validation). */
export class PlatformRejectedError extends MustFixError {
  constructor(
    message: string,
    /** The platform's HTTP status. */
    readonly status: number,
  ) {
    super('refused', 'platform_refused', message);
  }
}
