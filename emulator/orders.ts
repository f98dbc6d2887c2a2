/**
 * Placing and updating orders as a storefront checkout and the control panel would: stock is checked
 * and decremented where tracked, and the order and inventory webhooks fire.
 */
import { addressFor } from './addresses';
import { ControlError } from './errors';
import { inventoryEvent, sellableLevel, setProductLevel, setVariantLevel, stockOwner } from './inventory';
import type { EmulatedStore } from './store';
import type { OrderLineRecord, OrderRecord, ProductRecord, VariantRecord } from './types';

export const ORDER_STATUSES: Record<number, string> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
};

export const FLAT_SHIPPING = 9.95;

export interface PlaceOrderInput {
  lines: Array<{ sku: string; quantity: number }>;
  customerEmail: string;
  shippingCountry: string;
  statusId?: number;
  customerMessage?: string;
  /** For seeded history: the order's creation time, and no stock change or webhooks. */
  historical?: { dateCreated: Date };
}

interface ResolvedLine {
  product: ProductRecord;
  variant: VariantRecord;
  quantity: number;
  sku: string;
}

function badRequest(message: string): ControlError {
  return new ControlError(400, { error: 'BadRequest', message });
}

function resolveLines(store: EmulatedStore, input: PlaceOrderInput): ResolvedLine[] {
  if (input.lines.length === 0) throw badRequest('An order needs at least one line.');
  return input.lines.map(({ sku, quantity }) => {
    if (!Number.isInteger(quantity) || quantity < 1)
      throw badRequest(`Quantity for SKU "${sku}" must be a positive whole number.`);
    const found = store.requireSku(sku);
    if (!found.variant)
      throw new ControlError(422, {
        error: 'AmbiguousSku',
        sku,
        message: `SKU "${sku}" is a product with options; order one of its variant SKUs.`,
      });
    return { product: found.product, variant: found.variant, quantity, sku };
  });
}

function checkSellable(lines: ResolvedLine[]): void {
  const wanted = new Map<string, { line: ResolvedLine; quantity: number }>();
  for (const line of lines) {
    const { product, variant, sku } = line;
    if (product.availability === 'disabled' || variant.purchasing_disabled)
      throw new ControlError(409, {
        error: 'PurchasingDisabled',
        sku,
        message: `SKU "${sku}" cannot be purchased (purchasing is disabled).`,
      });
    if (product.inventory_tracking === 'none') continue;
    const key = stockOwner(product) === 'variant' ? `v${variant.id}` : `p${product.id}`;
    const entry = wanted.get(key) ?? { line, quantity: 0 };
    entry.quantity += line.quantity;
    wanted.set(key, entry);
  }
  for (const { line, quantity } of wanted.values()) {
    const available = sellableLevel(line.product, line.variant);
    if (available < quantity)
      throw new ControlError(409, {
        error: 'OutOfStock',
        sku: line.sku,
        available,
        requested: quantity,
        message: `Only ${available} of SKU "${line.sku}" in stock; ${quantity} requested.`,
      });
  }
}

function unitPrice(variant: VariantRecord): number {
  return variant.sale_price > 0 ? variant.sale_price : variant.price;
}

function toLine(store: EmulatedStore, line: ResolvedLine): OrderLineRecord {
  const { product, variant } = line;
  return {
    id: store.nextId('orderLine'),
    product_id: product.id,
    variant_id: variant.id,
    name: product.name,
    sku: variant.sku,
    quantity: line.quantity,
    price: unitPrice(variant),
    quantity_shipped: 0,
    options: variant.option_values.map((ov) => ({
      option_id: ov.option_id,
      display_name: ov.option_display_name,
      display_value: ov.label,
      value_id: ov.id,
    })),
  };
}

export function placeOrder(store: EmulatedStore, input: PlaceOrderInput): OrderRecord {
  if (!/^[^@\s]+@[^@\s]+$/.test(input.customerEmail))
    throw badRequest('customerEmail must be an email address.');
  if (!/^[A-Za-z]{2}$/.test(input.shippingCountry))
    throw badRequest('shippingCountry must be a two-letter ISO country code.');
  const statusId = input.statusId ?? 11;
  if (ORDER_STATUSES[statusId] === undefined) throw badRequest(`Unknown order status ${statusId}.`);
  const lines = resolveLines(store, input);
  if (!input.historical) checkSellable(lines);

  const created = (input.historical?.dateCreated ?? new Date()).toISOString();
  const address = addressFor(input.customerEmail, input.shippingCountry);
  const order: OrderRecord = {
    id: store.nextId('order'),
    status_id: statusId,
    customer_id: 0,
    date_created: created,
    date_modified: created,
    date_shipped: '',
    staff_notes: '',
    customer_message: input.customerMessage ?? '',
    payment_method: 'Credit Card',
    ip_address: '203.0.113.' + String(10 + (store.data.nextIds.order % 200)),
    billing_address: address,
    shipping_address: { ...address, id: 0 },
    shipping_method: 'Flat Rate',
    shipping_cost: FLAT_SHIPPING,
    lines: lines.map((line) => toLine(store, line)),
  };
  order.shipping_address.id = order.id + 1000;
  store.data.orders.push(order);
  for (const line of lines) line.product.total_sold += line.quantity;
  if (input.historical) {
    store.changed();
    return order;
  }

  store.emit('store/order/created', { type: 'order', id: order.id });
  store.emit('store/order/statusUpdated', {
    type: 'order',
    id: order.id,
    status: { previous_status_id: 0, new_status_id: statusId },
  });
  for (const line of lines) decrement(store, line);
  store.changed();
  return order;
}

function decrement(store: EmulatedStore, line: ResolvedLine): void {
  const { product, variant, quantity } = line;
  if (product.inventory_tracking === 'none') return;
  if (stockOwner(product) === 'variant')
    setVariantLevel(product, variant, variant.inventory_level - quantity);
  else setProductLevel(product, product.inventory_level - quantity);
  product.date_modified = new Date().toISOString();
  const event = inventoryEvent(product, variant, 'relative', -quantity, true);
  store.emit(event.scope, event.data);
}

export interface OrderPatch {
  status_id?: number;
  staff_notes?: string;
  customer_message?: string;
}

/** Applies a V2 order update and fires `store/order/updated` (+ `statusUpdated` on a status change). */
export function updateOrder(store: EmulatedStore, order: OrderRecord, patch: OrderPatch): OrderRecord {
  const previous = order.status_id;
  if (patch.status_id !== undefined) order.status_id = patch.status_id;
  if (patch.staff_notes !== undefined) order.staff_notes = patch.staff_notes;
  if (patch.customer_message !== undefined) order.customer_message = patch.customer_message;
  order.date_modified = new Date().toISOString();
  if (order.status_id === 2 && !order.date_shipped) order.date_shipped = order.date_modified;
  store.emit('store/order/updated', { type: 'order', id: order.id });
  if (order.status_id !== previous)
    store.emit('store/order/statusUpdated', {
      type: 'order',
      id: order.id,
      status: { previous_status_id: previous, new_status_id: order.status_id },
    });
  store.changed();
  return order;
}
