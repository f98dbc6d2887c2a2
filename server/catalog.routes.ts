/**
 * The store's catalog to pick from (a platform read: a search must answer now), assigning or
 * unassigning products (with what unassigning will do to each variant), and the variants unassigning
 * left with purchase disabled, which the merchant may make purchasable again.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import { LIMITS, type CatalogPage } from '../core/contract/admin-api';
import type { DisabledVariantPage, UnassignResult } from '../core/contract/unassign';
import type { Db } from '../core/db/client';
import { itemsOfProducts } from '../core/db/items.repo';
import { getStore } from '../core/db/stores.repo';
import { listDisabledUnassigned } from '../core/db/unassigned-items.repo';
import { backordered } from '../core/domain/status';
import type { ProductId } from '../core/domain/types';
import { notFound } from '../core/errors';
import { assignProducts, type AssignDeps } from '../core/use-cases/assign-products.use-case';
import { makePurchasable } from '../core/use-cases/make-purchasable.use-case';
import { previewUnassign, unassignProduct } from '../core/use-cases/unassign-product.use-case';
import { id } from './schemas';
import { actorOf } from './session';
import { parse } from './validation';

export function catalogRoutes(deps: AssignDeps): Router {
  const router = Router();

  router.get('/api/catalog', async (req, res) => {
    const q = parse(
      z.object({
        q: z.string().max(LIMITS.search).default(''),
        page: z.coerce.number().int().min(1).default(1),
      }),
      req.query,
    );
    const storeId = req.session!.storeId;
    const page = await deps.platforms
      .forStore((await getStore(deps.db, storeId))!)
      .searchCatalog({ keyword: q.q, page: q.page, limit: LIMITS.catalogPage });
    const assigned = await assignedProductIds(
      deps.db,
      storeId,
      page.products.map((p) => p.id),
    );
    const answer: CatalogPage = {
      ...page,
      products: page.products.map((p) => ({ ...p, assigned: assigned.has(p.id) })),
    };
    res.json(answer);
  });

  router.post('/api/assignments', async (req, res) => {
    const body = parse(
      z
        .object({
          productIds: z
            .array(z.coerce.string().min(1))
            .min(1, 'pick at least one product')
            .max(LIMITS.assignBatch),
          templateId: id.optional(),
        })
        .strict(),
      req.body,
    );
    const result = await assignProducts(deps, req.session!.storeId, {
      ...body,
      actor: actorOf(req.session!),
      requestKey: randomUUID(),
    });
    res.status(201).json(result);
  });

  // What unassigning will do: each variant with its units on hand and owed to customers.
  router.get('/api/assignments/:productId', async (req, res) => {
    const preview = await previewUnassign(deps.db, req.session!.storeId, String(req.params.productId));
    if (!preview) throw notFound('Assigned product');
    res.json(preview);
  });

  router.delete('/api/assignments/:productId', async (req, res) => {
    const q = parse(
      z.object({ keepInStock: z.enum(['true', 'false']).default('false') }).strict(),
      req.query,
    );
    const result: UnassignResult = await unassignProduct(
      deps,
      req.session!.storeId,
      String(req.params.productId),
      actorOf(req.session!),
      randomUUID(),
      { keepInStock: q.keepInStock === 'true' },
    );
    if (result.unassigned === 0) throw notFound('Assigned product');
    res.json(result);
  });

  router.get('/api/unassigned', async (req, res) => {
    const q = parse(z.object({ page: z.coerce.number().int().min(1).default(1) }), req.query);
    const limit = LIMITS.catalogPage;
    const { rows, total } = await listDisabledUnassigned(deps.db, req.session!.storeId, {
      page: q.page,
      limit,
    });
    const answer: DisabledVariantPage = {
      items: rows.map((r) => ({
        id: r.id,
        productId: r.productId,
        variantId: r.variantId,
        name: r.name,
        sku: r.sku,
        onHand: Math.max(0, r.stock),
        onBackorder: backordered(r.stock),
      })),
      total,
      page: q.page,
      limit,
    };
    res.json(answer);
  });

  router.post('/api/unassigned/:id/purchasable', async (req, res) => {
    const itemId = parse(id, req.params.id);
    const found = await makePurchasable(
      deps,
      req.session!.storeId,
      itemId,
      actorOf(req.session!),
      randomUUID(),
    );
    if (!found) throw notFound('Item');
    res.json({ id: itemId, purchasable: true });
  });

  return router;
}

async function assignedProductIds(db: Db, storeId: number, productIds: ProductId[]): Promise<Set<string>> {
  return new Set(
    (await itemsOfProducts(db, storeId, productIds)).filter((i) => i.tracked).map((i) => i.productId),
  );
}
