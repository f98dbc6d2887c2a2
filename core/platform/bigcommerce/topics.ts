/**
 * BigCommerce's webhook topics (scopes) the app uses, and what each means to it: the one table the
 * subscriptions registered at set-up and the routing of deliveries both derive from.
 */
import type { EventKind, PlatformEvent } from '../types';

export const TOPICS = {
  'store/product/created': 'product-created',
  'store/product/updated': 'product-edited',
  'store/product/deleted': 'product-deleted',
  'store/product/inventory/updated': 'stock',
  'store/sku/inventory/updated': 'stock',
  'store/order/created': 'order-created',
  'store/app/uninstalled': 'uninstalled',
} as const satisfies Record<string, EventKind>;

/** Webhook scopes the app registers on every store. */
export const WEBHOOK_SCOPES = Object.keys(TOPICS) as ReadonlyArray<keyof typeof TOPICS>;

/** The secret header set on every hook at registration (BigCommerce sends it with each delivery). */
export const WEBHOOK_TOKEN_HEADER = 'x-backorder-token';

/** A payload's `data`, as BigCommerce sends it: `{type, id}`, and `inventory` for stock topics. */
interface Data {
  id?: unknown;
  inventory?: { product_id?: number; variant_id?: number; method?: 'absolute' | 'relative'; value?: number };
}

/** What a delivery of `topic` says; undefined for a topic the app does not use. */
export function eventOf(topic: string, data: Data): PlatformEvent | undefined {
  const kind = (TOPICS as Record<string, EventKind>)[topic];
  const id = String(data.id ?? '');
  switch (kind) {
    case 'stock': {
      const inv = data.inventory ?? {};
      // An absolute count is the platform's own figure; a relative change is read back from it.
      const level = inv.method === 'absolute' && Number.isInteger(inv.value) ? inv.value : undefined;
      return {
        kind,
        productId: String(inv.product_id ?? data.id ?? ''),
        ...(inv.variant_id === undefined ? {} : { variantId: String(inv.variant_id) }),
        ...(level === undefined ? {} : { level }),
      };
    }
    case 'product-edited':
    case 'product-created':
    case 'product-deleted':
      return { kind, productId: id };
    case 'order-created':
      return { kind, orderId: id };
    case 'uninstalled':
      return { kind };
    case undefined:
      return undefined;
  }
}
