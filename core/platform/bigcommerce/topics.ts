/**
 * BigCommerce's webhook topics (scopes) the app uses, and what each means to it: the one table the
 * subscriptions registered at set-up and the routing of deliveries both derive from.
 */
import { z } from 'zod';
import type { EventKind, PlatformEvent, Verified } from '../types';

export const TOPICS = {
  'store/product/created': 'product-created',
  'store/product/updated': 'product-edited',
  'store/product/deleted': 'product-deleted',
  'store/sku/deleted': 'variant-deleted',
  'store/product/inventory/updated': 'stock',
  'store/sku/inventory/updated': 'stock',
  'store/order/created': 'order-created',
  'store/app/uninstalled': 'uninstalled',
} as const satisfies Record<string, EventKind>;

/** Webhook scopes the app registers on every store. */
export const WEBHOOK_SCOPES = Object.keys(TOPICS) as ReadonlyArray<keyof typeof TOPICS>;

/** The secret header set on every hook at registration (BigCommerce sends it with each delivery). */
export const WEBHOOK_TOKEN_HEADER = 'x-backorder-token';

/** A whole platform id: BigCommerce's ids are positive integers. */
const id = z.number().int().positive();

/** `data` of the stock topics: the product (and variant) and the count, absolute or a change. */
const stockData = z.object({
  inventory: z.object({
    product_id: id,
    variant_id: id.optional(),
    method: z.enum(['absolute', 'relative']),
    value: z.number().int(),
  }),
});

/** `data` of the other topics: `{type, id}`. */
const idData = z.object({ id });

/** `data` of the SKU topics: `id` is the V2 SKU's id; `sku` names the product and variant. */
const skuData = z.object({ sku: z.object({ product_id: id, variant_id: id }) });

/**
 * What a delivery of `topic` says, its fields checked before anything of the app's state is
 * touched: refused with the reason when the payload is not what BigCommerce sends. No event for a
 * topic the app does not use.
 */
export function readEvent(topic: string, data: unknown): Verified<PlatformEvent | undefined> {
  const kind = (TOPICS as Record<string, EventKind>)[topic];
  if (kind === undefined) return { ok: true, value: undefined };
  if (kind === 'uninstalled') return { ok: true, value: { kind } };
  if (kind === 'stock') {
    const parsed = stockData.safeParse(data);
    if (!parsed.success) return refused(parsed.error);
    const inv = parsed.data.inventory;
    // An absolute count is the level the platform now holds; a relative change, the amount it moved.
    const absolute = inv.method === 'absolute';
    if (absolute && inv.value < 0) return { ok: false, reason: 'inventory.value: a count is never negative' };
    return {
      ok: true,
      value: {
        kind,
        productId: String(inv.product_id),
        ...(inv.variant_id === undefined ? {} : { variantId: String(inv.variant_id) }),
        ...(absolute ? { level: inv.value } : { delta: inv.value }),
      },
    };
  }
  if (kind === 'variant-deleted') {
    const parsed = skuData.safeParse(data);
    if (!parsed.success) return refused(parsed.error);
    const { product_id, variant_id } = parsed.data.sku;
    return { ok: true, value: { kind, productId: String(product_id), variantId: String(variant_id) } };
  }
  const parsed = idData.safeParse(data);
  if (!parsed.success) return refused(parsed.error);
  const subject = String(parsed.data.id);
  return {
    ok: true,
    value: kind === 'order-created' ? { kind, orderId: subject } : { kind, productId: subject },
  };
}

/** What a delivery of `topic` says; undefined for a topic the app does not use or a malformed payload. */
export function eventOf(topic: string, data: unknown): PlatformEvent | undefined {
  const read = readEvent(topic, data);
  return read.ok ? read.value : undefined;
}

function refused(error: z.ZodError): { ok: false; reason: string } {
  const issue = error.issues[0]!;
  return { ok: false, reason: `data.${issue.path.join('.')}: ${issue.message}` };
}
