/**
 * One emulated BigCommerce store: its data plus the operations tests and the control API use. Every
 * change goes through `emit` (webhooks) and `changed` (persistence).
 */
import { buildProduct, type ProductSpec } from './catalog-builder';
import { ControlError } from './errors';
import type { EventData, EventScope } from './events';
import { inventoryEvent, setProductLevel, setVariantLevel, stockOwner } from './inventory';
import { placeOrder, updateOrder, type OrderPatch, type PlaceOrderInput } from './orders';
import type {
  AccessTokenRecord,
  HookRecord,
  IdKind,
  OrderRecord,
  ProductRecord,
  ScriptRecord,
  StoreData,
  VariantRecord,
} from './types';

export interface StoreSink {
  emit(store: EmulatedStore, scope: EventScope, data: EventData): void;
  changed(): void;
}

export interface SkuMatch {
  product: ProductRecord;
  /** Null when the SKU is the parent SKU of a product with options. */
  variant: VariantRecord | null;
}

export interface InventorySet {
  sku: string;
  product_id: number;
  variant_id: number | null;
  level: number;
  tracked_by: 'product' | 'variant';
}

export class EmulatedStore {
  /**
   * Products whose saves fail in part, with the reason (tests; not kept in the state file): a
   * product batch naming one answers 207, saving the others and leaving it as it was.
   */
  readonly saveFailures = new Map<number, string>();

  constructor(
    readonly data: StoreData,
    private readonly sink: StoreSink,
  ) {}

  get hash(): string {
    return this.data.hash;
  }
  get name(): string {
    return this.data.name;
  }
  get products(): ProductRecord[] {
    return this.data.products;
  }
  get orders(): OrderRecord[] {
    return this.data.orders;
  }
  get hooks(): HookRecord[] {
    return this.data.hooks;
  }
  get scripts(): ScriptRecord[] {
    return this.data.scripts;
  }
  get accessTokens(): AccessTokenRecord[] {
    return this.data.accessTokens;
  }

  nextId(kind: IdKind): number {
    const id = this.data.nextIds[kind];
    this.data.nextIds[kind] = id + 1;
    return id;
  }

  emit(scope: EventScope, data: EventData): void {
    this.sink.emit(this, scope, data);
  }

  changed(): void {
    this.sink.changed();
  }

  productById(id: number): ProductRecord | undefined {
    return this.data.products.find((p) => p.id === id);
  }

  variantById(id: number): { product: ProductRecord; variant: VariantRecord } | undefined {
    for (const product of this.data.products) {
      const variant = product.variants.find((v) => v.id === id);
      if (variant) return { product, variant };
    }
    return undefined;
  }

  /** A variant SKU (base variants carry their product's SKU) or a parent product SKU. */
  findSku(sku: string): SkuMatch | undefined {
    for (const product of this.data.products) {
      const variant = product.variants.find((v) => v.sku === sku);
      if (variant) return { product, variant };
    }
    const product = this.data.products.find((p) => p.sku === sku);
    return product ? { product, variant: null } : undefined;
  }

  /** `findSku`, or the 404 `UnknownSku` that placing an order or setting stock answers. */
  requireSku(sku: string): SkuMatch {
    const found = this.findSku(sku);
    if (!found)
      throw new ControlError(404, {
        error: 'UnknownSku',
        sku,
        message: `No product or variant has SKU "${sku}" in store ${this.hash}.`,
      });
    return found;
  }

  productBySku(sku: string): ProductRecord | undefined {
    return this.findSku(sku)?.product;
  }

  variantBySku(sku: string): VariantRecord | undefined {
    return this.findSku(sku)?.variant ?? undefined;
  }

  orderById(id: number): OrderRecord | undefined {
    return this.data.orders.find((o) => o.id === id);
  }

  activeToken(token: string): AccessTokenRecord | undefined {
    return this.data.accessTokens.find((t) => t.token === token && !t.revoked);
  }

  isInstalled(clientId: string): boolean {
    return this.data.accessTokens.some((t) => t.client_id === clientId && !t.revoked);
  }

  /** Sets on-hand stock as a warehouse would, firing the absolute inventory webhook. */
  setInventory(sku: string, level: number): InventorySet {
    if (!Number.isInteger(level) || level < 0 || level > 2147483647)
      throw new ControlError(400, { error: 'BadRequest', message: 'level must be a whole number from 0.' });
    const found = this.requireSku(sku);
    const { product } = found;
    const byVariant = stockOwner(product) === 'variant';
    if (byVariant && !found.variant)
      throw new ControlError(422, {
        error: 'TrackedByVariant',
        sku,
        message: `SKU "${sku}" is a product tracked by variant; set the stock of one of its variant SKUs.`,
      });
    const variant = byVariant ? found.variant : null;
    if (variant) setVariantLevel(product, variant, level);
    else setProductLevel(product, level);
    product.date_modified = new Date().toISOString();
    const event = inventoryEvent(product, variant, 'absolute', level, false);
    this.emit(event.scope, event.data);
    this.changed();
    return {
      sku,
      product_id: product.id,
      variant_id: variant?.id ?? found.variant?.id ?? null,
      level,
      tracked_by: byVariant ? 'variant' : 'product',
    };
  }

  /** Adds a product as the control panel would, firing `store/product/created` (and `store/sku/created`). */
  addProduct(spec: ProductSpec): ProductRecord {
    const product = buildProduct(this, spec);
    this.emit('store/product/created', { type: 'product', id: product.id });
    for (const variant of product.variants) {
      if (variant.sku_id === null) continue;
      const sku = { product_id: product.id, variant_id: variant.id };
      this.emit('store/sku/created', { type: 'sku', id: variant.sku_id, sku });
    }
    this.changed();
    return product;
  }

  /** Deletes a product as the control panel would, firing `store/product/deleted` (and `store/sku/deleted`). */
  deleteProduct(id: number): ProductRecord | undefined {
    const product = this.productById(id);
    if (!product) return undefined;
    this.data.products = this.data.products.filter((p) => p !== product);
    for (const variant of product.variants) {
      if (variant.sku_id === null) continue;
      const sku = { product_id: product.id, variant_id: variant.id };
      this.emit('store/sku/deleted', { type: 'sku', id: variant.sku_id, sku });
    }
    this.emit('store/product/deleted', { type: 'product', id: product.id });
    this.changed();
    return product;
  }

  /**
   * Deletes one variant of a product with options as the control panel would, firing
   * `store/sku/deleted`. A product without options keeps its base variant (delete the product).
   */
  deleteVariant(productId: number, variantId: number): VariantRecord | undefined {
    const product = this.productById(productId);
    const variant = product?.variants.find((v) => v.id === variantId);
    if (!product || !variant) return undefined;
    if (variant.sku_id === null)
      throw new ControlError(422, {
        error: 'BaseVariant',
        message: `Variant ${variantId} is the base variant of product ${productId}: delete the product.`,
      });
    product.variants = product.variants.filter((v) => v !== variant);
    product.date_modified = new Date().toISOString();
    this.emit('store/sku/deleted', {
      type: 'sku',
      id: variant.sku_id,
      sku: { product_id: product.id, variant_id: variant.id },
    });
    this.changed();
    return variant;
  }

  placeOrder(input: PlaceOrderInput): OrderRecord {
    return placeOrder(this, input);
  }

  updateOrder(id: number, patch: OrderPatch): OrderRecord | undefined {
    const order = this.orderById(id);
    return order ? updateOrder(this, order, patch) : undefined;
  }
}
