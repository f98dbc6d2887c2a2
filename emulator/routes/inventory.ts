/**
 * `/v3/inventory`: absolute and relative adjustments (2,000 items at most, one default location with
 * id 1) and inventory items across locations or at the default one.
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatInventoryItem } from '../catalog-format';
import { INVALID_JSON_TITLE, issuesToErrors, v3Error } from '../errors';
import { hasOptions, inventoryEvent, setProductLevel, setVariantLevel, stockOwner } from '../inventory';
import { listPage, queryInts, queryList, type Query } from '../query';
import type { EmulatedStore } from '../store';
import type { ProductRecord, VariantRecord } from '../types';
import { api, intParam } from './context';

export const ADJUSTMENT_LIMIT = 2000;

const itemSchema = z
  .object({
    location_id: z.int(),
    sku: z.string().min(1).optional(),
    variant_id: z.int().positive().optional(),
    product_id: z.int().positive().optional(),
    quantity: z.int().min(-2147483647).max(2147483647),
  })
  .refine((i) => [i.sku, i.variant_id, i.product_id].filter((v) => v !== undefined).length === 1, {
    message: 'Exactly one of sku, variant_id or product_id is required.',
  });

const bodySchema = z.object({
  reason: z.string().optional(),
  items: z.array(itemSchema).min(1),
});

type Item = z.infer<typeof itemSchema>;

interface Target {
  product: ProductRecord;
  /** Set when stock is held per variant. */
  variant: VariantRecord | null;
  quantity: number;
}

function identity(item: Item): string {
  if (item.sku !== undefined) return `sku ${item.sku}`;
  if (item.variant_id !== undefined) return `variant_id ${item.variant_id}`;
  return `product_id ${item.product_id ?? ''}`;
}

/** Resolves an item to where its stock lives, or returns BigCommerce's error title. */
function resolve(store: EmulatedStore, item: Item): Target | string {
  if (item.location_id !== 1) return `[Location with id ${item.location_id} not found]`;
  let product: ProductRecord | undefined;
  let variant: VariantRecord | null = null;
  if (item.product_id !== undefined) product = store.productById(item.product_id);
  else if (item.variant_id !== undefined) {
    const found = store.variantById(item.variant_id);
    product = found?.product;
    variant = found?.variant ?? null;
    if (product && !hasOptions(product))
      return `[Item with ${identity(item)} is tracked by product, please update stock by product id]`;
  } else if (item.sku !== undefined) {
    const found = store.findSku(item.sku);
    product = found?.product;
    variant = found && hasOptions(found.product) ? found.variant : null;
  }
  if (!product) return `[Item with ${identity(item)} not found]`;
  const owner = stockOwner(product);
  if (owner === 'variant' && !variant)
    return `[Item with ${identity(item)} is tracked by variant, please update stock by variant id or sku]`;
  if (owner === 'product' && variant)
    return `[Item with ${identity(item)} is tracked by product, please update stock by product id]`;
  return { product, variant, quantity: item.quantity };
}

function adjust(method: 'absolute' | 'relative') {
  return (req: Request, res: Response): void => {
    const body = req.body as { items?: unknown } | undefined;
    if (Array.isArray(body?.items) && body.items.length > ADJUSTMENT_LIMIT) {
      const title = `The request payload is too large. The maximum items allowed in the array is ${ADJUSTMENT_LIMIT}`;
      res.status(422).json(v3Error(422, title, {}));
      return;
    }
    const parsed = bodySchema.safeParse(body);
    if (!parsed.success) {
      res.status(422).json(v3Error(422, INVALID_JSON_TITLE, issuesToErrors(parsed.error.issues)));
      return;
    }
    const store = api(res).store;
    const targets: Target[] = [];
    for (const item of parsed.data.items) {
      const target = resolve(store, item);
      if (typeof target === 'string') {
        res.status(422).json(v3Error(422, target, {}));
        return;
      }
      const current = target.variant ? target.variant.inventory_level : target.product.inventory_level;
      const next = method === 'absolute' ? item.quantity : current + item.quantity;
      if (next < 0) {
        res
          .status(422)
          .json(v3Error(422, `[Item with ${identity(item)} would have a negative stock level]`, {}));
        return;
      }
      targets.push(target);
    }
    const now = new Date().toISOString();
    for (const target of targets) {
      const { product, variant, quantity } = target;
      if (variant)
        setVariantLevel(
          product,
          variant,
          method === 'absolute' ? quantity : variant.inventory_level + quantity,
        );
      else setProductLevel(product, method === 'absolute' ? quantity : product.inventory_level + quantity);
      product.date_modified = now;
      const level = variant ? variant.inventory_level : product.inventory_level;
      const event = inventoryEvent(product, variant, method, method === 'absolute' ? level : quantity, false);
      store.emit(event.scope, event.data);
    }
    store.changed();
    res.json({ transaction_id: randomUUID() });
  };
}

type ItemRow = { product: ProductRecord; variant: VariantRecord };

/** Inventory items are listed 50 a page and up to 1,000 (the catalog's lists stop at 250). */
const ITEM_PAGE = { limit: 50, max: 1000 };

function itemRows(req: Request, res: Response): ItemRow[] {
  const query = req.query as Query;
  const variantIds = queryInts(query, 'variant_id:in');
  const productIds = queryInts(query, 'product_id:in');
  const skus = queryList(query, 'sku:in');
  return api(res)
    .store.products.flatMap((product) => product.variants.map((variant) => ({ product, variant })))
    .filter(
      ({ product, variant }) =>
        (!variantIds || variantIds.includes(variant.id)) &&
        (!productIds || productIds.includes(product.id)) &&
        (!skus || skus.includes(variant.sku)),
    );
}

function items(req: Request, res: Response): void {
  const format = ({ product, variant }: ItemRow) => formatInventoryItem(product, variant);
  res.json(listPage(itemRows(req, res), req.query as Query, format, ITEM_PAGE));
}

/** One item at the default location: its stock figures there, without the `locations` list. */
function formatLocationItem({ product, variant }: ItemRow): Record<string, unknown> {
  const item = formatInventoryItem(product, variant) as {
    identity: unknown;
    locations: Array<Record<string, unknown>>;
  };
  const at = item.locations[0] ?? {};
  return {
    identity: item.identity,
    available_to_sell: at.available_to_sell,
    total_inventory_onhand: at.total_inventory_onhand,
    settings: at.settings,
  };
}

function locationItems(req: Request, res: Response): void {
  if (intParam(req, 'location_id') !== 1) {
    res.status(404).json(v3Error(404, `Location with id ${String(req.params.location_id)} not found`, {}));
    return;
  }
  res.json(listPage(itemRows(req, res), req.query as Query, formatLocationItem, ITEM_PAGE));
}

export function inventoryRouter(): Router {
  const router = Router({ mergeParams: true });
  router.put('/adjustments/absolute', adjust('absolute'));
  router.post('/adjustments/relative', adjust('relative'));
  router.get('/items', items);
  router.get('/locations/:location_id/items', locationItems);
  return router;
}
