/**
 * The admin contract's part for assigning and unassigning (see admin-api.ts): which products cannot be
 * assigned and why, what unassigning does to each variant, and the variants it left disabled. Like
 * admin-api.ts it imports nothing, so the web bundle and `core/domain` take it as it is.
 */

/**
 * A product whose inventory the store does not track (a gift card, a service) is always sellable and
 * has no stock to sell on backorder; the app never changes a product's tracking, so it is not assigned.
 * How the Assign page and the server's 400 say so.
 */
export const NOT_TRACKED_WORDS = {
  label: 'Inventory not tracked',
  why: 'Always sellable, so it cannot go on backorder. Backorder never changes how a product is tracked: turn on inventory tracking for it in your store to assign it.',
  refused: (names: string[]) =>
    `${names.map((n) => `“${n}”`).join(', ')} ${names.length === 1 ? 'does' : 'do'} not track inventory: ` +
    'always sellable, so nothing was assigned. Backorder never changes how a product is tracked: ' +
    'turn on inventory tracking in your store first, or leave it out.',
} as const;

/** One variant of an assigned product, as the unassign dialog lists it (`GET /api/assignments/:id`). */
export interface UnassignVariant {
  itemId: number;
  name: string;
  sku: string;
  /** Units on the shelf. */
  onHand: number;
  /** Units sold on backorder: owed to customers. */
  onBackorder: number;
}

export interface UnassignPreview {
  productId: string;
  variants: UnassignVariant[];
}

/** Purchase is disabled on every variant (the default), or stays on for those with units on hand. */
export interface UnassignOptions {
  keepInStock: boolean;
}

/**
 * What unassigning does to a variant: purchase disabled, or (when the merchant keeps in-stock
 * variants purchasable and it has units on hand) purchasable with its shelf count. Units owed to
 * customers disable it either way. The server applies the same rule (`decide`, at unassignment).
 */
export function unassignOutcome(
  v: Pick<UnassignVariant, 'onHand' | 'onBackorder'>,
  options: UnassignOptions,
): 'purchasable' | 'disabled' {
  return options.keepInStock && v.onHand > 0 ? 'purchasable' : 'disabled';
}

export interface UnassignResult {
  unassigned: number;
  /** Variants left purchasable with their shelf count. */
  keptPurchasable: number;
  purchaseDisabled: number;
}

/** A variant the app stopped tracking and left with purchase disabled (`GET /api/unassigned`). */
export interface DisabledVariant {
  id: number;
  productId: string;
  variantId: string;
  name: string;
  sku: string;
  /** Units on the shelf and owed to customers when it was unassigned (the app follows it no more). */
  onHand: number;
  onBackorder: number;
}

export interface DisabledVariantPage {
  items: DisabledVariant[];
  total: number;
  page: number;
  limit: number;
}
