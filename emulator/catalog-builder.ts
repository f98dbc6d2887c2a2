/**
 * Builds catalog records from a compact spec: the demo seed uses it, and tests can add products of their
 * own through `EmulatedStore.addProduct`.
 */
import type { Availability, InventoryTracking, OptionRecord, ProductRecord, VariantRecord } from './types';
import type { EmulatedStore } from './store';

export interface VariantSpec {
  label: string;
  sku: string;
  level: number;
  price?: number;
  purchasing_disabled?: boolean;
  purchasing_disabled_message?: string;
}

export interface ProductSpec {
  name: string;
  sku: string;
  price: number;
  type?: 'physical' | 'digital';
  description?: string;
  categories?: number[];
  brand_id?: number;
  weight?: number;
  sale_price?: number;
  cost_price?: number;
  retail_price?: number;
  /** Defaults to `variant` with an option, else `product`. */
  inventory_tracking?: InventoryTracking;
  /** Product-level stock (products without options, or tracked by product). */
  inventory_level?: number;
  inventory_warning_level?: number;
  availability?: Availability;
  availability_description?: string;
  preorder_message?: string;
  preorder_release_date?: string | null;
  is_preorder_only?: boolean;
  is_visible?: boolean;
  is_featured?: boolean;
  option?: { name: string; type?: OptionRecord['type']; values: VariantSpec[] };
  dateCreated?: string;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function variantRecord(
  product: ProductRecord,
  id: number,
  skuId: number | null,
  spec: Pick<VariantSpec, 'sku' | 'level' | 'price' | 'purchasing_disabled' | 'purchasing_disabled_message'>,
): VariantRecord {
  return {
    id,
    product_id: product.id,
    sku: spec.sku,
    sku_id: skuId,
    price: spec.price ?? product.price,
    sale_price: 0,
    retail_price: 0,
    cost_price: product.cost_price,
    weight: product.weight,
    inventory_level: spec.level,
    inventory_warning_level: product.inventory_warning_level,
    purchasing_disabled: spec.purchasing_disabled ?? false,
    purchasing_disabled_message: spec.purchasing_disabled_message ?? '',
    upc: '',
    bin_picking_number: '',
    option_values: [],
  };
}

/** Adds a product (with its base variant, or its option and variants) and returns it. */
export function buildProduct(store: EmulatedStore, spec: ProductSpec): ProductRecord {
  const created = spec.dateCreated ?? new Date().toISOString();
  const hasOption = spec.option !== undefined && spec.option.values.length > 0;
  const product: ProductRecord = {
    id: store.nextId('product'),
    name: spec.name,
    type: spec.type ?? 'physical',
    sku: spec.sku,
    description: spec.description ?? `<p>${spec.name}.</p>`,
    price: spec.price,
    cost_price: spec.cost_price ?? Math.round(spec.price * 45) / 100,
    retail_price: spec.retail_price ?? 0,
    sale_price: spec.sale_price ?? 0,
    weight: spec.weight ?? 0.5,
    width: 0,
    height: 0,
    depth: 0,
    categories: spec.categories ?? [],
    brand_id: spec.brand_id ?? 0,
    inventory_level: spec.inventory_level ?? 0,
    inventory_warning_level: spec.inventory_warning_level ?? 0,
    inventory_tracking: spec.inventory_tracking ?? (hasOption ? 'variant' : 'product'),
    availability: spec.availability ?? 'available',
    availability_description: spec.availability_description ?? '',
    preorder_release_date: spec.preorder_release_date ?? null,
    preorder_message: spec.preorder_message ?? '',
    is_preorder_only: spec.is_preorder_only ?? false,
    is_visible: spec.is_visible ?? true,
    is_featured: spec.is_featured ?? false,
    total_sold: 0,
    search_keywords: '',
    upc: '',
    bin_picking_number: '',
    url: `/${slug(spec.name)}/`,
    date_created: created,
    date_modified: created,
    options: [],
    variants: [],
  };
  if (!hasOption || !spec.option) {
    product.variants.push(
      variantRecord(product, store.nextId('variant'), null, {
        sku: spec.sku,
        level: product.inventory_level,
      }),
    );
    store.data.products.push(product);
    return product;
  }
  const option: OptionRecord = {
    id: store.nextId('option'),
    display_name: spec.option.name,
    type: spec.option.type ?? 'rectangles',
    sort_order: 0,
    option_values: [],
  };
  product.options.push(option);
  spec.option.values.forEach((value, index) => {
    const optionValue = {
      id: store.nextId('optionValue'),
      label: value.label,
      sort_order: index,
      is_default: false,
    };
    option.option_values.push(optionValue);
    const variant = variantRecord(product, store.nextId('variant'), store.nextId('sku'), value);
    variant.option_values.push({
      id: optionValue.id,
      option_id: option.id,
      label: value.label,
      option_display_name: option.display_name,
    });
    product.variants.push(variant);
  });
  store.data.products.push(product);
  return product;
}
