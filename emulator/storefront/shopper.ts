/**
 * What a shopper's browser sees of a store besides its pages: the variant an option selection names
 * (as `/remote/v1/product-attributes/{id}` answers Cornerstone) and a cart (as the Storefront Cart API,
 * `/api/storefront/carts`, answers). Carts live in memory only, one per browser cookie; checkout is not
 * emulated (orders come from the control API).
 */
import { randomUUID } from 'node:crypto';
import { ControlError } from '../errors';
import { hasOptions, sellableLevel, stockOwner } from '../inventory';
import type { EmulatedStore } from '../store';
import type { ProductRecord, VariantRecord } from '../types';

/** A form's fields as the browser posts them (`attribute[12]=34`, `qty[]=1`, …). */
export type FormFields = Record<string, string | string[] | undefined>;

export interface CartLine {
  id: string;
  productId: number;
  variantId: number;
  quantity: number;
}

export interface Cart {
  id: string;
  storeHash: string;
  lines: CartLine[];
  createdTime: string;
  updatedTime: string;
  version: number;
}

function field(fields: FormFields, name: string): string | undefined {
  const value = fields[name];
  return Array.isArray(value) ? value[0] : value;
}

function money(value: number): { formatted: string; value: number; currency: string } {
  return { formatted: `$${value.toFixed(2)}`, value, currency: 'USD' };
}

export function unitPrice(variant: VariantRecord): number {
  return variant.sale_price > 0 ? variant.sale_price : variant.price;
}

/** Option id → chosen value id, for the product's own options only. */
export function selectedAttributes(product: ProductRecord, fields: FormFields): Record<string, number> {
  const selected: Record<string, number> = {};
  for (const option of product.options) {
    const raw = field(fields, `attribute[${option.id}]`);
    const value = option.option_values.find((v) => String(v.id) === raw);
    if (value) selected[String(option.id)] = value.id;
  }
  return selected;
}

/** The variant a complete selection names; a product without options has its base variant. */
export function selectedVariant(product: ProductRecord, fields: FormFields): VariantRecord | undefined {
  if (!hasOptions(product)) return product.variants[0];
  const selected = selectedAttributes(product, fields);
  if (Object.keys(selected).length < product.options.length) return undefined;
  return product.variants.find((v) =>
    v.option_values.every((ov) => selected[String(ov.option_id)] === ov.id),
  );
}

function purchasingProblem(product: ProductRecord, variant: VariantRecord, quantity: number) {
  if (product.availability === 'disabled' || variant.purchasing_disabled)
    return variant.purchasing_disabled_message || `${product.name} cannot be purchased.`;
  if (product.inventory_tracking === 'none') return undefined;
  const available = sellableLevel(product, variant);
  if (available < quantity)
    return available > 0
      ? `We don't have enough ${product.name} in stock: only ${available} left.`
      : `${product.name} is out of stock.`;
  return undefined;
}

/** The `data` Cornerstone reads from `/remote/v1/product-attributes/{id}` (the fields it uses). */
export function productAttributes(product: ProductRecord, fields: FormFields): Record<string, unknown> {
  const selected = selectedAttributes(product, fields);
  const variant = selectedVariant(product, fields);
  const inStock = product.variants
    .filter((v) => product.inventory_tracking === 'none' || sellableLevel(product, v) > 0)
    .flatMap((v) => v.option_values.map((ov) => ov.id));
  const base = {
    base: variant === undefined || !hasOptions(product),
    selected_attributes: selected,
    in_stock_attributes: [...new Set(inStock)],
  };
  if (!variant)
    return { ...base, sku: product.sku, purchasable: false, instock: false, price: priceOf(product.price) };
  const problem = purchasingProblem(product, variant, 1);
  const tracked = product.inventory_tracking !== 'none';
  return {
    ...base,
    sku: variant.sku,
    purchasable: problem === undefined,
    purchasing_message: problem ?? null,
    instock: !tracked || sellableLevel(product, variant) > 0,
    stock: tracked ? sellableLevel(product, variant) : null,
    available_to_sell: tracked ? sellableLevel(product, variant) : null,
    // BigCommerce names the V2 SKU id `variantId` here and the catalog's variant id `v3_variant_id`.
    ...(variant.sku_id === null ? {} : { variantId: variant.sku_id }),
    v3_variant_id: variant.id,
    price: priceOf(unitPrice(variant)),
  };
}

function priceOf(value: number) {
  return { without_tax: money(value), tax_label: 'Tax' };
}

/** Carts by id, at most `limit` of them (the oldest goes first): a demo's shoppers, not a database. */
export class Carts {
  private readonly carts = new Map<string, Cart>();
  constructor(private readonly limit = 1000) {}

  find(storeHash: string, id: string | undefined): Cart | undefined {
    const cart = id ? this.carts.get(id) : undefined;
    return cart?.storeHash === storeHash ? cart : undefined;
  }

  /**
   * Adds what a product form posted (`product_id`, `attribute[…]`, `qty[]`) to the cart, creating it if
   * needed; the same variant again adds to its line. Refuses what the store would not sell.
   */
  add(store: EmulatedStore, cart: Cart | undefined, fields: FormFields): Cart {
    const product = store.productById(Number(field(fields, 'product_id')));
    if (!product || !product.is_visible)
      throw new ControlError(404, { error: 'UnknownProduct', message: 'That product is not in this store.' });
    const variant = selectedVariant(product, fields);
    if (!variant)
      throw new ControlError(422, {
        error: 'OptionsRequired',
        message: `Choose ${product.options.map((o) => o.display_name).join(', ')} before adding ${product.name}.`,
      });
    const raw = field(fields, 'qty[]') ?? field(fields, 'qty') ?? '1';
    const quantity = /^\d{1,6}$/.test(raw) ? Number(raw) : 0;
    if (quantity < 1)
      throw new ControlError(422, {
        error: 'BadQuantity',
        message: `Quantity "${raw}" is not a whole number from 1.`,
      });
    const inCart = (cart?.lines ?? [])
      .filter((l) =>
        stockOwner(product) === 'variant' ? l.variantId === variant.id : l.productId === product.id,
      )
      .reduce((sum, l) => sum + l.quantity, 0);
    const problem = purchasingProblem(product, variant, inCart + quantity);
    if (problem) throw new ControlError(409, { error: 'CannotAdd', message: problem });
    const target = cart ?? this.create(store.hash);
    const line = target.lines.find((l) => l.variantId === variant.id);
    if (line) line.quantity += quantity;
    else target.lines.push({ id: randomUUID(), productId: product.id, variantId: variant.id, quantity });
    target.updatedTime = new Date().toISOString();
    target.version += 1;
    return target;
  }

  private create(storeHash: string): Cart {
    const now = new Date().toISOString();
    const cart: Cart = {
      id: randomUUID(),
      storeHash,
      lines: [],
      createdTime: now,
      updatedTime: now,
      version: 0,
    };
    this.carts.set(cart.id, cart);
    if (this.carts.size > this.limit) this.carts.delete(this.carts.keys().next().value as string);
    return cart;
  }
}

/** One line as the Storefront Cart API shows it (`lineItems.physicalItems[]` / `digitalItems[]`). */
function formatLine(store: EmulatedStore, line: CartLine, root: string, withOptions: boolean) {
  const found = store.variantById(line.variantId);
  if (!found) return undefined;
  const { product, variant } = found;
  const price = unitPrice(variant);
  return {
    type: product.type,
    item: {
      id: line.id,
      parentId: null,
      variantId: variant.id,
      productId: product.id,
      sku: variant.sku,
      name: product.name,
      url: `${root}${product.url.replace(/^\//, '')}`,
      quantity: line.quantity,
      isTaxable: true,
      imageUrl: '',
      discounts: [],
      discountAmount: 0,
      couponAmount: 0,
      originalPrice: variant.price,
      listPrice: price,
      salePrice: price,
      extendedListPrice: price * line.quantity,
      extendedSalePrice: price * line.quantity,
      isShippingRequired: product.type === 'physical',
      isMutable: true,
      giftWrapping: null,
      ...(withOptions
        ? {
            options: variant.option_values.map((ov) => ({
              name: ov.option_display_name,
              nameId: ov.option_id,
              value: ov.label,
              valueId: ov.id,
            })),
          }
        : {}),
    },
  };
}

/** A cart as `GET /api/storefront/carts` answers it (inside an array). */
export function formatCart(store: EmulatedStore, cart: Cart, root: string, include: string) {
  const wanted = include.split(',');
  const lines = cart.lines.map((l) => {
    const type = store.variantById(l.variantId)?.product.type ?? 'physical';
    return formatLine(store, l, root, wanted.includes(`lineItems.${type}Items.options`));
  });
  const physicalItems = lines.filter((l) => l?.type === 'physical').map((l) => l!.item);
  const digitalItems = lines.filter((l) => l?.type === 'digital').map((l) => l!.item);
  const amount = [...physicalItems, ...digitalItems].reduce((sum, l) => sum + l.extendedSalePrice, 0);
  return {
    id: cart.id,
    customerId: 0,
    email: '',
    currency: { name: 'US Dollars', code: 'USD', symbol: '$', decimalPlaces: 2 },
    isTaxIncluded: false,
    baseAmount: amount,
    discountAmount: 0,
    cartAmount: amount,
    coupons: [],
    discounts: [],
    lineItems: { physicalItems, digitalItems, giftCertificates: [], customItems: [] },
    createdTime: cart.createdTime,
    updatedTime: cart.updatedTime,
    locale: 'en',
    version: cart.version,
  };
}
