/**
 * Catalog records → V3 JSON (`product_Full`, `productVariant_Full`, inventory items). Fields that
 * BigCommerce answers with `null` where the spec types them as non-nullable (`base_variant_id` of a
 * product with options, `sku_id` of a base variant) are left out rather than sent as null.
 */
import { hasOptions, productLevel } from './inventory';
import type { ProductRecord, VariantRecord } from './types';

export const PRODUCT_INCLUDES = [
  'bulk_pricing_rules',
  'channels',
  'custom_fields',
  'images',
  'modifiers',
  'options',
  'parent_relations',
  'primary_image',
  'reviews',
  'variants',
  'videos',
] as const;

function isoOffset(iso: string): string {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function formatVariant(product: ProductRecord, variant: VariantRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: variant.id,
    product_id: product.id,
    sku: variant.sku,
  };
  if (variant.sku_id !== null) out.sku_id = variant.sku_id;
  Object.assign(out, {
    price: variant.price,
    calculated_price: variant.sale_price > 0 ? variant.sale_price : variant.price,
    sale_price: variant.sale_price,
    retail_price: variant.retail_price,
    weight: variant.weight,
    calculated_weight: variant.weight,
    width: product.width,
    height: product.height,
    depth: product.depth,
    is_free_shipping: false,
    fixed_cost_shipping_price: 0,
    purchasing_disabled: variant.purchasing_disabled,
    purchasing_disabled_message: variant.purchasing_disabled_message,
    image_url: '',
    cost_price: variant.cost_price,
    upc: variant.upc,
    mpn: '',
    gtin: '',
    inventory_level: variant.inventory_level,
    inventory_warning_level: variant.inventory_warning_level,
    bin_picking_number: variant.bin_picking_number,
    option_values: variant.option_values.map((ov) => ({ ...ov })),
  });
  return out;
}

function formatOptions(product: ProductRecord): unknown[] {
  return product.options.map((option) => ({
    id: option.id,
    product_id: product.id,
    display_name: option.display_name,
    type: option.type,
    config: {},
    sort_order: option.sort_order,
    option_values: option.option_values.map((value) => ({
      id: value.id,
      label: value.label,
      sort_order: value.sort_order,
      value_data: null,
      is_default: value.is_default,
    })),
  }));
}

export function formatProduct(
  product: ProductRecord,
  includes: ReadonlySet<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: product.id,
    name: product.name,
    type: product.type,
    sku: product.sku,
    description: product.description,
    weight: product.weight,
    width: product.width,
    depth: product.depth,
    height: product.height,
    price: product.price,
    cost_price: product.cost_price,
    retail_price: product.retail_price,
    sale_price: product.sale_price,
    map_price: 0,
    tax_class_id: 0,
    product_tax_code: '',
    calculated_price: product.sale_price > 0 ? product.sale_price : product.price,
    categories: [...product.categories],
    brand_id: product.brand_id,
    option_set_display: 'right',
    inventory_level: productLevel(product),
    inventory_warning_level: product.inventory_warning_level,
    inventory_tracking: product.inventory_tracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: product.total_sold,
    fixed_cost_shipping_price: 0,
    is_free_shipping: false,
    is_visible: product.is_visible,
    is_featured: product.is_featured,
    related_products: [-1],
    warranty: '',
    bin_picking_number: product.bin_picking_number,
    layout_file: 'product.html',
    upc: product.upc,
    mpn: '',
    gtin: '',
    search_keywords: product.search_keywords,
    availability: product.availability,
    availability_description: product.availability_description,
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: 0,
    condition: 'New',
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: '',
    meta_keywords: [],
    meta_description: '',
    date_created: isoOffset(product.date_created),
    date_modified: isoOffset(product.date_modified),
    view_count: 0,
    preorder_release_date: product.preorder_release_date,
    preorder_message: product.preorder_message,
    is_preorder_only: product.is_preorder_only,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: product.url, is_customized: false },
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
  const base = hasOptions(product) ? undefined : product.variants[0];
  if (base) out.base_variant_id = base.id;
  if (includes.has('variants')) out.variants = product.variants.map((v) => formatVariant(product, v));
  if (includes.has('options')) out.options = formatOptions(product);
  if (includes.has('modifiers')) out.modifiers = [];
  if (includes.has('images')) out.images = [];
  if (includes.has('videos')) out.videos = [];
  if (includes.has('custom_fields')) out.custom_fields = [];
  if (includes.has('bulk_pricing_rules')) out.bulk_pricing_rules = [];
  if (includes.has('channels')) out.channels = [1];
  if (includes.has('parent_relations')) out.parent_relations = [];
  return out;
}

export function formatInventoryItem(product: ProductRecord, variant: VariantRecord): Record<string, unknown> {
  const onHand = hasOptions(product) ? variant.inventory_level : product.inventory_level;
  const identity: Record<string, unknown> = {
    sku: variant.sku,
    variant_id: variant.id,
    product_id: product.id,
  };
  if (variant.sku_id !== null) identity.sku_id = variant.sku_id;
  return {
    identity,
    locations: [
      {
        location_id: 1,
        location_code: 'BC-LOCATION-1',
        location_name: 'Default location',
        available_to_sell: onHand,
        total_inventory_onhand: onHand,
        location_enabled: true,
        settings: {
          safety_stock: 0,
          is_in_stock: true,
          warning_level: hasOptions(product)
            ? variant.inventory_warning_level
            : product.inventory_warning_level,
          bin_picking_number: variant.bin_picking_number,
        },
      },
    ],
  };
}
