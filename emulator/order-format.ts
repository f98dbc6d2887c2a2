/**
 * Order records → V2 JSON: money as strings with four decimals, dates in RFC 2822, sub-resources as
 * `{url, resource}` links. Only fields the spec lists (order products allow no others).
 */
import { ORDER_STATUSES } from './orders';
import type { OrderLineRecord, OrderRecord } from './types';

const money = (n: number): string => n.toFixed(4);
const ZERO = money(0);

export function rfc2822(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

function subtotal(order: OrderRecord): number {
  return order.lines.reduce((sum, line) => sum + line.price * line.quantity, 0);
}

function link(baseUrl: string, hash: string, resource: string): { url: string; resource: string } {
  return { url: `${baseUrl}/stores/${hash}/v2${resource}`, resource };
}

export function formatOrder(order: OrderRecord, hash: string, baseUrl: string): Record<string, unknown> {
  const sub = subtotal(order);
  const total = sub + order.shipping_cost;
  const items = order.lines.reduce((sum, l) => sum + l.quantity, 0);
  const shipped = order.lines.reduce((sum, l) => sum + l.quantity_shipped, 0);
  return {
    id: order.id,
    customer_id: order.customer_id,
    date_created: rfc2822(order.date_created),
    date_modified: rfc2822(order.date_modified),
    date_shipped: order.date_shipped ? rfc2822(order.date_shipped) : '',
    status_id: order.status_id,
    status: ORDER_STATUSES[order.status_id] ?? 'Unknown',
    subtotal_ex_tax: money(sub),
    subtotal_inc_tax: money(sub),
    subtotal_tax: ZERO,
    base_shipping_cost: money(order.shipping_cost),
    shipping_cost_ex_tax: money(order.shipping_cost),
    shipping_cost_inc_tax: money(order.shipping_cost),
    shipping_cost_tax: ZERO,
    shipping_cost_tax_class_id: 2,
    base_handling_cost: ZERO,
    handling_cost_ex_tax: ZERO,
    handling_cost_inc_tax: ZERO,
    handling_cost_tax: ZERO,
    handling_cost_tax_class_id: 2,
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_cost_tax_class_id: 3,
    total_ex_tax: money(total),
    total_inc_tax: money(total),
    total_tax: ZERO,
    items_total: items,
    items_shipped: shipped,
    payment_method: order.payment_method,
    payment_provider_id: '',
    payment_status: 'captured',
    refunded_amount: ZERO,
    order_is_digital: false,
    store_credit_amount: ZERO,
    gift_certificate_amount: ZERO,
    ip_address: order.ip_address,
    ip_address_v6: '',
    geoip_country: order.billing_address.country,
    geoip_country_iso2: order.billing_address.country_iso2,
    currency_id: 1,
    currency_code: 'USD',
    currency_exchange_rate: '1.0000000000',
    default_currency_id: 1,
    default_currency_code: 'USD',
    store_default_currency_code: 'USD',
    store_default_to_transactional_exchange_rate: '1.0000000000',
    staff_notes: order.staff_notes,
    customer_message: order.customer_message,
    discount_amount: ZERO,
    coupon_discount: ZERO,
    shipping_address_count: 1,
    is_deleted: false,
    ebay_order_id: '0',
    cart_id: `cart-${hash}-${order.id}`,
    billing_address: { ...order.billing_address, form_fields: [] },
    is_email_opt_in: false,
    order_source: 'www',
    channel_id: 1,
    external_source: null,
    external_id: null,
    external_merchant_id: null,
    tax_provider_id: 'BasicTaxProvider',
    customer_locale: 'en',
    external_order_id: '',
    is_tax_inclusive_pricing: false,
    products: link(baseUrl, hash, `/orders/${order.id}/products`),
    shipping_addresses: link(baseUrl, hash, `/orders/${order.id}/shippingaddresses`),
    coupons: link(baseUrl, hash, `/orders/${order.id}/coupons`),
  };
}

export function formatOrderProduct(order: OrderRecord, line: OrderLineRecord): Record<string, unknown> {
  const total = money(line.price * line.quantity);
  return {
    id: line.id,
    order_id: order.id,
    product_id: line.product_id,
    variant_id: line.variant_id,
    order_pickup_method_id: 0,
    order_address_id: order.shipping_address.id,
    name: line.name,
    name_customer: line.name,
    name_merchant: line.name,
    sku: line.sku,
    upc: '',
    type: 'physical',
    base_price: money(line.price),
    price_ex_tax: money(line.price),
    price_inc_tax: money(line.price),
    price_tax: ZERO,
    base_total: total,
    total_ex_tax: total,
    total_inc_tax: total,
    total_tax: ZERO,
    weight: '0.5000',
    width: ZERO,
    height: ZERO,
    depth: ZERO,
    quantity: line.quantity,
    base_cost_price: ZERO,
    cost_price_inc_tax: ZERO,
    cost_price_ex_tax: ZERO,
    cost_price_tax: ZERO,
    is_refunded: false,
    quantity_refunded: 0,
    refund_amount: ZERO,
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: '',
    base_wrapping_cost: ZERO,
    wrapping_cost_ex_tax: ZERO,
    wrapping_cost_inc_tax: ZERO,
    wrapping_cost_tax: ZERO,
    wrapping_message: '',
    quantity_shipped: line.quantity_shipped,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: ZERO,
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: '',
    applied_discounts: [],
    product_options: line.options.map((o, index) => ({
      id: line.id * 10 + index,
      option_id: o.option_id,
      order_product_id: line.id,
      product_option_id: o.option_id,
      display_name: o.display_name,
      display_name_customer: o.display_name,
      display_name_merchant: o.display_name,
      display_value: o.display_value,
      display_value_customer: o.display_value,
      display_value_merchant: o.display_value,
      value: String(o.value_id),
      type: 'Multiple choice',
      name: o.display_name,
      display_style: 'Rectangle',
    })),
    configurable_fields: [],
    gift_certificate_id: null,
    discounted_total_inc_tax: total,
  };
}

export function formatShippingAddress(
  order: OrderRecord,
  hash: string,
  baseUrl: string,
): Record<string, unknown> {
  const { id, ...address } = order.shipping_address;
  const cost = money(order.shipping_cost);
  return {
    id,
    order_id: order.id,
    ...address,
    form_fields: [],
    items_total: order.lines.reduce((sum, l) => sum + l.quantity, 0),
    items_shipped: order.lines.reduce((sum, l) => sum + l.quantity_shipped, 0),
    shipping_method: order.shipping_method,
    base_cost: cost,
    cost_ex_tax: cost,
    cost_inc_tax: cost,
    cost_tax: ZERO,
    cost_tax_class_id: 2,
    base_handling_cost: ZERO,
    handling_cost_ex_tax: ZERO,
    handling_cost_inc_tax: ZERO,
    handling_cost_tax: ZERO,
    handling_cost_tax_class_id: 2,
    shipping_zone_id: 1,
    shipping_zone_name: address.country,
    shipping_quotes: link(baseUrl, hash, `/orders/${order.id}/shipping_addresses/${id}/shipping_quotes`),
  };
}
