/**
 * Where a product's stock lives and which webhook a change of it fires. A product without options keeps
 * its stock on the product (its base variant mirrors it); a product with options tracked by variant keeps
 * it on each variant, and the product's level is their sum, as BigCommerce reports it.
 */
import type { EventData, EventScope } from './events';
import type { ProductRecord, VariantRecord } from './types';

export type StockOwner = 'product' | 'variant';

export function hasOptions(product: ProductRecord): boolean {
  return product.options.length > 0;
}

export function baseVariant(product: ProductRecord): VariantRecord | undefined {
  return hasOptions(product) ? undefined : product.variants[0];
}

export function stockOwner(product: ProductRecord): StockOwner {
  return product.inventory_tracking === 'variant' && hasOptions(product) ? 'variant' : 'product';
}

/** The product-level `inventory_level` BigCommerce reports. */
export function productLevel(product: ProductRecord): number {
  if (stockOwner(product) === 'variant')
    return product.variants.reduce((sum, v) => sum + v.inventory_level, 0);
  return product.inventory_level;
}

/** The level that limits selling `variant` (or the product as a whole when `variant` is null). */
export function sellableLevel(product: ProductRecord, variant: VariantRecord | null): number {
  if (stockOwner(product) === 'variant' && variant) return variant.inventory_level;
  return productLevel(product);
}

export function setProductLevel(product: ProductRecord, level: number): void {
  product.inventory_level = level;
  const base = baseVariant(product);
  if (base) base.inventory_level = level;
}

export function setVariantLevel(product: ProductRecord, variant: VariantRecord, level: number): void {
  if (baseVariant(product) === variant) setProductLevel(product, level);
  else variant.inventory_level = level;
}

/**
 * The inventory event for a change: `store/sku/inventory/...` for a variant-tracked variant,
 * `store/product/inventory/...` otherwise. `byOrder` selects the `.../inventory/order/updated` scopes.
 */
export function inventoryEvent(
  product: ProductRecord,
  variant: VariantRecord | null,
  method: 'absolute' | 'relative',
  value: number,
  byOrder: boolean,
): { scope: EventScope; data: EventData } {
  if (variant && stockOwner(product) === 'variant') {
    return {
      scope: byOrder ? 'store/sku/inventory/order/updated' : 'store/sku/inventory/updated',
      data: {
        type: 'sku',
        id: variant.sku_id ?? variant.id,
        inventory: { product_id: product.id, method, value, variant_id: variant.id },
      },
    };
  }
  return {
    scope: byOrder ? 'store/product/inventory/order/updated' : 'store/product/inventory/updated',
    data: { type: 'product', id: product.id, inventory: { product_id: product.id, method, value } },
  };
}

/** `store/sku/updated` for a non-base variant (base variants have no V2 SKU). */
export function skuUpdatedEvent(product: ProductRecord, variant: VariantRecord): EventData | null {
  if (variant.sku_id === null) return null;
  return { type: 'sku', id: variant.sku_id, sku: { product_id: product.id, variant_id: variant.id } };
}
