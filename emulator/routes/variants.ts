/**
 * `/v3/catalog/variants`: every variant in the catalog (base variants included) with id/sku/product
 * filters and paging, and the batch update (50 items at most).
 */
import { Router, type Request, type Response } from 'express';
import { formatVariant } from '../catalog-format';
import { updateVariants, variantPutSchema } from '../catalog-updates';
import { batchTooLarge, INVALID_JSON_TITLE, STATUS_CODES_URL } from '../errors';
import { listPage, pickFields, queryInt, queryInts, queryList, queryString, type Query } from '../query';
import type { ProductRecord, VariantRecord } from '../types';
import { api } from './context';

export const VARIANT_BATCH_LIMIT = 50;

interface Row {
  product: ProductRecord;
  variant: VariantRecord;
}

function matches(query: Query): (row: Row) => boolean {
  const id = queryInt(query, 'id');
  const ids = queryInts(query, 'id:in');
  const sku = queryString(query, 'sku');
  const skus = queryList(query, 'sku:in');
  const productIds = queryInts(query, 'product_id:in') ?? queryInts(query, 'product_id');
  const upc = queryString(query, 'upc');
  return ({ product, variant }) =>
    (id === undefined || variant.id === id) &&
    (!ids || ids.includes(variant.id)) &&
    (sku === undefined || variant.sku === sku) &&
    (!skus || skus.includes(variant.sku)) &&
    (!productIds || productIds.includes(product.id)) &&
    (upc === undefined || variant.upc === upc);
}

function list(req: Request, res: Response): void {
  const query = req.query as Query;
  const rows: Row[] = api(res).store.products.flatMap((product) =>
    product.variants.map((variant) => ({ product, variant })),
  );
  const format = ({ product, variant }: Row) => pickFields(formatVariant(product, variant), query);
  res.json(listPage(rows.filter(matches(query)), query, format));
}

function batchError(errors: Record<string, string>, title = INVALID_JSON_TITLE) {
  return { status: 422, title, type: STATUS_CODES_URL, errors };
}

function batchUpdate(req: Request, res: Response): void {
  const body: unknown = req.body;
  if (!Array.isArray(body) || body.length === 0) {
    res.status(422).json({ batch_errors: [batchError({ body: 'Expected a non-empty array of variants.' })] });
    return;
  }
  if (body.length > VARIANT_BATCH_LIMIT) {
    res.status(413).json(batchTooLarge(VARIANT_BATCH_LIMIT, false));
    return;
  }
  const store = api(res).store;
  const batchErrors: ReturnType<typeof batchError>[] = [];
  const items = body.flatMap((raw: unknown, index) => {
    const parsed = variantPutSchema.safeParse(raw);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues)
        errors[[index, ...issue.path.map(String)].join('.')] = issue.message;
      batchErrors.push(batchError(errors));
      return [];
    }
    if (!store.variantById(parsed.data.id)) {
      batchErrors.push(
        batchError({ [`${index}.id`]: `Variant ${parsed.data.id} does not exist.` }, 'Variant not found'),
      );
      return [];
    }
    return [parsed.data];
  });
  if (batchErrors.length > 0) {
    res.status(422).json({ batch_errors: batchErrors });
    return;
  }
  const updated = updateVariants(store, items);
  res.json({ data: updated.map(({ product, variant }) => formatVariant(product, variant)), meta: {} });
}

export function variantsRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/', list);
  router.put('/', batchUpdate);
  return router;
}
