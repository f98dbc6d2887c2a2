/**
 * `/v3/catalog/products`: list with BigCommerce's filters, sorting and paging; one product; a product's
 * variants; and the batch update (10 items at most).
 */
import { Router, type Request, type Response } from 'express';
import { formatProduct, formatVariant, PRODUCT_INCLUDES } from '../catalog-format';
import { productPutSchema, updateProducts, type ProductPut } from '../catalog-updates';
import { batchTooLarge, INVALID_JSON_TITLE, issuesToErrors, STATUS_CODES_URL, v3Error } from '../errors';
import { productLevel } from '../inventory';
import {
  listPage,
  pickFields,
  queryBool,
  queryInt,
  queryInts,
  queryList,
  queryString,
  type Query,
} from '../query';
import type { ProductRecord } from '../types';
import { api, intParam } from './context';

export const PRODUCT_BATCH_LIMIT = 10;

function includesOf(query: Query): Set<string> {
  const asked = queryList(query, 'include') ?? [];
  return new Set(asked.filter((name) => (PRODUCT_INCLUDES as readonly string[]).includes(name)));
}

type Filter = (p: ProductRecord) => boolean;

function idFilters(query: Query): Filter[] {
  const filters: Filter[] = [];
  const id = queryInt(query, 'id');
  if (id !== undefined) filters.push((p) => p.id === id);
  const ids = queryInts(query, 'id:in');
  if (ids) filters.push((p) => ids.includes(p.id));
  const notIds = queryInts(query, 'id:not_in');
  if (notIds) filters.push((p) => !notIds.includes(p.id));
  const bounds: Array<[string, (a: number, b: number) => boolean]> = [
    ['min', (a, b) => a >= b],
    ['max', (a, b) => a <= b],
    ['greater', (a, b) => a > b],
    ['less', (a, b) => a < b],
  ];
  for (const [suffix, test] of bounds) {
    const idBound = queryInt(query, `id:${suffix}`);
    if (idBound !== undefined) filters.push((p) => test(p.id, idBound));
    const levelBound = queryInt(query, `inventory_level:${suffix}`);
    if (levelBound !== undefined) filters.push((p) => test(productLevel(p), levelBound));
  }
  return filters;
}

function productFilters(query: Query): Filter[] {
  const filters = idFilters(query);
  const name = queryString(query, 'name');
  if (name !== undefined) filters.push((p) => p.name === name);
  const sku = queryString(query, 'sku');
  if (sku !== undefined) filters.push((p) => p.sku === sku);
  const skus = queryList(query, 'sku:in');
  if (skus) filters.push((p) => skus.includes(p.sku));
  const keyword = queryString(query, 'keyword')?.trim().toLowerCase();
  if (keyword) {
    const terms = keyword.split(/\s+/);
    filters.push((p) => {
      const text = [p.name, p.sku, ...p.variants.map((v) => v.sku), p.search_keywords]
        .join(' ')
        .toLowerCase();
      return terms.every((term) => text.includes(term));
    });
  }
  const availability = queryString(query, 'availability');
  if (availability !== undefined) filters.push((p) => p.availability === availability);
  const type = queryString(query, 'type');
  if (type !== undefined) filters.push((p) => p.type === type);
  for (const flag of ['is_visible', 'is_featured'] as const) {
    const value = queryBool(query, flag);
    if (value !== undefined) filters.push((p) => p[flag] === value);
  }
  const level = queryInt(query, 'inventory_level');
  if (level !== undefined) filters.push((p) => productLevel(p) === level);
  const categories = queryInts(query, 'categories:in') ?? queryInts(query, 'categories');
  if (categories) filters.push((p) => p.categories.some((c) => categories.includes(c)));
  if (queryBool(query, 'out_of_stock') === true)
    filters.push((p) => p.inventory_tracking !== 'none' && productLevel(p) === 0);
  return filters;
}

const byId = (p: ProductRecord): number => p.id;
const SORTS: Record<string, (p: ProductRecord) => string | number> = {
  id: byId,
  name: (p) => p.name.toLowerCase(),
  sku: (p) => p.sku.toLowerCase(),
  price: (p) => p.price,
  calculated_price: (p) => (p.sale_price > 0 ? p.sale_price : p.price),
  date_modified: (p) => p.date_modified,
  inventory_level: (p) => productLevel(p),
  total_sold: (p) => p.total_sold,
  is_visible: (p) => (p.is_visible ? 1 : 0),
};

function sorted(products: ProductRecord[], query: Query): ProductRecord[] {
  const key = SORTS[queryString(query, 'sort') ?? 'id'] ?? byId;
  const sign = queryString(query, 'direction') === 'desc' ? -1 : 1;
  return [...products].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === y) return (a.id - b.id) * sign;
    return (x < y ? -1 : 1) * sign;
  });
}

function productNotFound(res: Response, id: string | undefined): void {
  res.status(404).json(v3Error(404, `The product with id ${id ?? ''} was not found.`));
}

function list(req: Request, res: Response): void {
  const query = req.query as Query;
  const filters = productFilters(query);
  const matching = api(res).store.products.filter((p) => filters.every((f) => f(p)));
  const includes = includesOf(query);
  res.json(listPage(sorted(matching, query), query, (p) => pickFields(formatProduct(p, includes), query)));
}

function getOne(req: Request, res: Response): void {
  const id = intParam(req, 'product_id');
  const product = id === undefined ? undefined : api(res).store.productById(id);
  if (!product) return productNotFound(res, req.params.product_id as string | undefined);
  const query = req.query as Query;
  res.json({ data: pickFields(formatProduct(product, includesOf(query)), query), meta: {} });
}

function productVariants(req: Request, res: Response): void {
  const id = intParam(req, 'product_id');
  const product = id === undefined ? undefined : api(res).store.productById(id);
  if (!product) return productNotFound(res, req.params.product_id as string | undefined);
  const variantId = req.params.variant_id;
  const query = req.query as Query;
  if (variantId !== undefined) {
    const variant = product.variants.find((v) => String(v.id) === variantId);
    if (!variant) {
      res.status(404).json(v3Error(404, `The variant with id ${variantId} was not found.`));
      return;
    }
    res.json({ data: pickFields(formatVariant(product, variant), query), meta: {} });
    return;
  }
  res.json(listPage(product.variants, query, (v) => pickFields(formatVariant(product, v), query)));
}

function batchUpdate(req: Request, res: Response): void {
  const body: unknown = req.body;
  if (!Array.isArray(body) || body.length === 0) {
    res
      .status(422)
      .json(v3Error(422, INVALID_JSON_TITLE, { body: 'Expected a non-empty array of products.' }));
    return;
  }
  if (body.length > PRODUCT_BATCH_LIMIT) {
    res.status(413).json(batchTooLarge(PRODUCT_BATCH_LIMIT, true));
    return;
  }
  const parsed = productPutSchema.array().safeParse(body);
  if (!parsed.success) {
    res.status(422).json(v3Error(422, INVALID_JSON_TITLE, issuesToErrors(parsed.error.issues)));
    return;
  }
  const items: ProductPut[] = parsed.data;
  const store = api(res).store;
  const missing = items.find((item) => !store.productById(item.id));
  if (missing) return productNotFound(res, String(missing.id));
  // A product whose save fails in part: the rest of the batch is saved, and the answer is a 207
  // naming it by its index in the batch, as a 422's errors do.
  const failing = items.flatMap((item, index) => {
    const reason = store.saveFailures.get(item.id);
    return reason === undefined ? [] : [[`${index}.id`, reason] as const];
  });
  const updated = updateProducts(
    store,
    items.filter((item) => !store.saveFailures.has(item.id)),
  );
  const data = updated.map((p) => formatProduct(p, new Set()));
  if (failing.length === 0) {
    res.json({ data, meta: {} });
    return;
  }
  const errors = {
    status: 207,
    title: 'Multi-status',
    type: STATUS_CODES_URL,
    errors: Object.fromEntries(failing),
  };
  res.status(207).json({ data, errors, meta: {} });
}

function deleteVariant(req: Request, res: Response): void {
  const productId = intParam(req, 'product_id');
  const variantId = intParam(req, 'variant_id');
  const store = api(res).store;
  const product = productId === undefined ? undefined : store.productById(productId);
  if (!product) return productNotFound(res, req.params.product_id as string | undefined);
  const variant = product.variants.find((v) => v.id === variantId);
  if (!variant) {
    res.status(404).json(v3Error(404, `The variant with id ${String(req.params.variant_id)} was not found.`));
    return;
  }
  if (variant.sku_id === null) {
    res.status(422).json(v3Error(422, 'The base variant of a product without options cannot be deleted.'));
    return;
  }
  store.deleteVariant(product.id, variant.id);
  res.status(204).end();
}

function deleteOne(req: Request, res: Response): void {
  const id = intParam(req, 'product_id');
  const deleted = id === undefined ? undefined : api(res).store.deleteProduct(id);
  if (!deleted) return productNotFound(res, req.params.product_id as string | undefined);
  res.status(204).end();
}

export function catalogRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/', list);
  router.put('/', batchUpdate);
  router.get('/:product_id', getOne);
  router.delete('/:product_id', deleteOne);
  router.get('/:product_id/variants', productVariants);
  router.get('/:product_id/variants/:variant_id', productVariants);
  router.delete('/:product_id/variants/:variant_id', deleteVariant);
  return router;
}
