/**
 * Batch catalog writes as BigCommerce applies them, with the webhooks they fire: every written product
 * gets `store/product/updated` (the app sees its own writes come back), variants get `store/sku/updated`,
 * and a changed stock level fires the absolute inventory event.
 */
import { z } from 'zod';
import {
  hasOptions,
  inventoryEvent,
  productLevel,
  setProductLevel,
  setVariantLevel,
  skuUpdatedEvent,
  stockOwner,
} from './inventory';
import type { EmulatedStore } from './store';
import type { ProductRecord, VariantRecord } from './types';

const money = z.number().min(0);
const level = z.int().min(0).max(2147483647);

export const productPutSchema = z.object({
  id: z.int().positive(),
  name: z.string().min(1).max(250).optional(),
  type: z.enum(['physical', 'digital']).optional(),
  sku: z.string().max(255).optional(),
  description: z.string().optional(),
  price: money.optional(),
  cost_price: money.optional(),
  retail_price: money.optional(),
  sale_price: money.optional(),
  weight: z.number().min(0).max(9999999999).optional(),
  width: z.number().min(0).max(9999999999).optional(),
  height: z.number().min(0).max(9999999999).optional(),
  depth: z.number().min(0).max(9999999999).optional(),
  categories: z.array(z.int()).optional(),
  brand_id: z.int().min(0).optional(),
  inventory_level: level.optional(),
  inventory_warning_level: level.optional(),
  inventory_tracking: z.enum(['none', 'product', 'variant']).optional(),
  availability: z.enum(['available', 'disabled', 'preorder']).optional(),
  availability_description: z.string().max(255).optional(),
  preorder_release_date: z.iso.datetime({ offset: true }).nullable().optional(),
  preorder_message: z.string().max(255).optional(),
  is_preorder_only: z.boolean().optional(),
  is_visible: z.boolean().optional(),
  is_featured: z.boolean().optional(),
  search_keywords: z.string().max(65535).optional(),
  upc: z.string().max(14).optional(),
  bin_picking_number: z.string().max(255).optional(),
});

export type ProductPut = z.infer<typeof productPutSchema>;

export const variantPutSchema = z.object({
  id: z.int().positive(),
  sku: z.string().min(1).max(255).optional(),
  price: money.nullable().optional(),
  sale_price: money.nullable().optional(),
  retail_price: money.nullable().optional(),
  cost_price: money.nullable().optional(),
  weight: z.number().min(0).nullable().optional(),
  inventory_level: level.optional(),
  inventory_warning_level: level.optional(),
  purchasing_disabled: z.boolean().optional(),
  purchasing_disabled_message: z.string().max(255).optional(),
  upc: z.string().max(14).nullable().optional(),
  bin_picking_number: z.string().max(255).optional(),
});

export type VariantPut = z.infer<typeof variantPutSchema>;

const SIMPLE_PRODUCT_FIELDS = [
  'name',
  'type',
  'description',
  'price',
  'cost_price',
  'retail_price',
  'sale_price',
  'weight',
  'width',
  'height',
  'depth',
  'categories',
  'brand_id',
  'inventory_warning_level',
  'inventory_tracking',
  'availability',
  'availability_description',
  'preorder_release_date',
  'preorder_message',
  'is_preorder_only',
  'is_visible',
  'is_featured',
  'search_keywords',
  'upc',
  'bin_picking_number',
] as const;

function applyProduct(product: ProductRecord, item: ProductPut): void {
  const target = product as unknown as Record<string, unknown>;
  for (const field of SIMPLE_PRODUCT_FIELDS) if (item[field] !== undefined) target[field] = item[field];
  if (item.sku !== undefined) {
    product.sku = item.sku;
    const base = hasOptions(product) ? undefined : product.variants[0];
    if (base) base.sku = item.sku;
  }
  if (item.inventory_warning_level !== undefined && !hasOptions(product))
    for (const v of product.variants) v.inventory_warning_level = item.inventory_warning_level;
  if (item.inventory_level !== undefined) {
    if (stockOwner(product) === 'variant') product.inventory_level = item.inventory_level;
    else setProductLevel(product, item.inventory_level);
  }
}

/** Applies validated items whose ids all exist; returns the updated products in request order. */
export function updateProducts(store: EmulatedStore, items: ProductPut[]): ProductRecord[] {
  const now = new Date().toISOString();
  const updated = items.map((item) => {
    const product = store.productById(item.id);
    if (!product) throw new Error(`product ${item.id} vanished`);
    const before = { owner: stockOwner(product), level: productLevel(product) };
    applyProduct(product, item);
    product.date_modified = now;
    store.emit('store/product/updated', { type: 'product', id: product.id });
    const after = productLevel(product);
    if (stockOwner(product) === 'product' && before.owner === 'product' && after !== before.level) {
      const event = inventoryEvent(product, null, 'absolute', after, false);
      store.emit(event.scope, event.data);
    }
    return product;
  });
  store.changed();
  return updated;
}

function applyVariant(variant: VariantRecord, item: VariantPut): void {
  if (item.price !== undefined && item.price !== null) variant.price = item.price;
  if (item.sale_price !== undefined) variant.sale_price = item.sale_price ?? 0;
  if (item.retail_price !== undefined) variant.retail_price = item.retail_price ?? 0;
  if (item.cost_price !== undefined) variant.cost_price = item.cost_price ?? 0;
  if (item.weight !== undefined && item.weight !== null) variant.weight = item.weight;
  if (item.inventory_warning_level !== undefined)
    variant.inventory_warning_level = item.inventory_warning_level;
  if (item.purchasing_disabled !== undefined) variant.purchasing_disabled = item.purchasing_disabled;
  if (item.purchasing_disabled_message !== undefined)
    variant.purchasing_disabled_message = item.purchasing_disabled_message;
  if (item.upc !== undefined) variant.upc = item.upc ?? '';
  if (item.bin_picking_number !== undefined) variant.bin_picking_number = item.bin_picking_number;
}

export function updateVariants(
  store: EmulatedStore,
  items: VariantPut[],
): Array<{ product: ProductRecord; variant: VariantRecord }> {
  const now = new Date().toISOString();
  const touched = new Set<ProductRecord>();
  const updated = items.map((item) => {
    const found = store.variantById(item.id);
    if (!found) throw new Error(`variant ${item.id} vanished`);
    const { product, variant } = found;
    const isBase = !hasOptions(product);
    const before = variant.inventory_level;
    applyVariant(variant, item);
    if (item.sku !== undefined) {
      variant.sku = item.sku;
      if (isBase) product.sku = item.sku;
    }
    if (item.inventory_level !== undefined) setVariantLevel(product, variant, item.inventory_level);
    if (isBase && item.inventory_warning_level !== undefined)
      product.inventory_warning_level = item.inventory_warning_level;
    product.date_modified = now;
    const skuEvent = skuUpdatedEvent(product, variant);
    if (skuEvent) store.emit('store/sku/updated', skuEvent);
    const owns = isBase ? stockOwner(product) === 'product' : stockOwner(product) === 'variant';
    if (owns && variant.inventory_level !== before) {
      const event = inventoryEvent(
        product,
        isBase ? null : variant,
        'absolute',
        variant.inventory_level,
        false,
      );
      store.emit(event.scope, event.data);
    }
    touched.add(product);
    return { product, variant };
  });
  for (const product of touched) store.emit('store/product/updated', { type: 'product', id: product.id });
  store.changed();
  return updated;
}
