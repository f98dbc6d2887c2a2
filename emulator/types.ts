/**
 * The emulator's data model: plain JSON records, persisted as they are. Field names follow BigCommerce's
 * so serialisation stays a thin mapping.
 */

export type InventoryTracking = 'none' | 'product' | 'variant';
export type Availability = 'available' | 'disabled' | 'preorder';

export interface OptionValueRecord {
  id: number;
  label: string;
  sort_order: number;
  is_default: boolean;
}

export interface OptionRecord {
  id: number;
  display_name: string;
  type: 'dropdown' | 'rectangles' | 'swatch' | 'radio_buttons';
  sort_order: number;
  option_values: OptionValueRecord[];
}

export interface VariantOptionValue {
  id: number;
  option_id: number;
  label: string;
  option_display_name: string;
}

export interface VariantRecord {
  id: number;
  product_id: number;
  sku: string;
  /** Catalog V2 SKU id; null for a product's base variant. */
  sku_id: number | null;
  price: number;
  sale_price: number;
  retail_price: number;
  cost_price: number;
  weight: number;
  inventory_level: number;
  inventory_warning_level: number;
  purchasing_disabled: boolean;
  purchasing_disabled_message: string;
  upc: string;
  bin_picking_number: string;
  option_values: VariantOptionValue[];
}

export interface ProductRecord {
  id: number;
  name: string;
  type: 'physical' | 'digital';
  sku: string;
  description: string;
  price: number;
  cost_price: number;
  retail_price: number;
  sale_price: number;
  weight: number;
  width: number;
  height: number;
  depth: number;
  categories: number[];
  brand_id: number;
  inventory_level: number;
  inventory_warning_level: number;
  inventory_tracking: InventoryTracking;
  availability: Availability;
  availability_description: string;
  preorder_release_date: string | null;
  preorder_message: string;
  is_preorder_only: boolean;
  is_visible: boolean;
  is_featured: boolean;
  total_sold: number;
  search_keywords: string;
  upc: string;
  bin_picking_number: string;
  url: string;
  date_created: string;
  date_modified: string;
  options: OptionRecord[];
  /** A product without options has exactly one (base) variant carrying the product's SKU. */
  variants: VariantRecord[];
}

export interface AddressRecord {
  first_name: string;
  last_name: string;
  company: string;
  street_1: string;
  street_2: string;
  city: string;
  state: string;
  zip: string;
  country: string;
  country_iso2: string;
  phone: string;
  email: string;
}

export interface OrderLineRecord {
  id: number;
  product_id: number;
  variant_id: number;
  name: string;
  sku: string;
  quantity: number;
  price: number;
  quantity_shipped: number;
  options: Array<{ option_id: number; display_name: string; display_value: string; value_id: number }>;
}

export interface OrderRecord {
  id: number;
  status_id: number;
  customer_id: number;
  date_created: string;
  date_modified: string;
  date_shipped: string;
  staff_notes: string;
  customer_message: string;
  payment_method: string;
  ip_address: string;
  billing_address: AddressRecord;
  shipping_address: AddressRecord & { id: number };
  shipping_method: string;
  shipping_cost: number;
  lines: OrderLineRecord[];
}

export interface HookRecord {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
  created_at: number;
  updated_at: number;
}

export interface ScriptRecord {
  uuid: string;
  name: string;
  description: string;
  html: string;
  src: string;
  auto_uninstall: boolean;
  load_method: 'default' | 'async' | 'defer';
  location: 'head' | 'footer';
  visibility: 'storefront' | 'all_pages' | 'checkout' | 'order_confirmation';
  kind: 'src' | 'script_tag';
  api_client_id: string;
  consent_category: string;
  enabled: boolean;
  channel_id: number;
  integrity_hashes: string[];
  date_created: string;
  date_modified: string;
}

export interface AccessTokenRecord {
  token: string;
  client_id: string;
  scope: string;
  user_id: number;
  created_at: string;
  revoked: boolean;
}

export interface UserRecord {
  id: number;
  email: string;
}

export type IdKind =
  'product' | 'variant' | 'sku' | 'option' | 'optionValue' | 'order' | 'orderLine' | 'hook';

export interface StoreData {
  hash: string;
  storeId: number;
  accountUuid: string;
  name: string;
  timeZone: string;
  /** ISO 3166-1 alpha-2; absent in state saved before it was kept (then US). */
  country?: string;
  owner: UserRecord;
  createdAt: string;
  products: ProductRecord[];
  orders: OrderRecord[];
  hooks: HookRecord[];
  scripts: ScriptRecord[];
  accessTokens: AccessTokenRecord[];
  nextIds: Record<IdKind, number>;
}

export interface PersistedState {
  version: 1;
  stores: StoreData[];
}
