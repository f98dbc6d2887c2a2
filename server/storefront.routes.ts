/**
 * What the storefront script may read: public, cacheable, and nothing but the texts of products on
 * backorder. No session (shoppers have none); the store is named by its platform id in the path, and an
 * unknown or uninstalled store answers 404 like a store with nothing on backorder would reveal nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../core/db/client';
import { backorderTexts } from '../core/db/items.repo';
import { findStore } from '../core/db/stores.repo';
import { projectRoot } from '../core/lib/paths';
import { notFound } from '../core/errors';
import { parse } from './validation';

export function storefrontRoutes(deps: { db: Db }): Router {
  const router = Router();
  const script = readFileSync(path.join(projectRoot, 'templates', 'storefront', 'backorder.js'), 'utf8');
  const publicHeaders = (res: Response, maxAge: number) => {
    res.set('Access-Control-Allow-Origin', '*');
    res.set('Cache-Control', `public, max-age=${maxAge}`);
  };

  router.get('/storefront/backorder.js', (_req, res) => {
    publicHeaders(res, 3600);
    res.type('application/javascript').send(script);
  });

  router.get('/storefront/:platformId/items', async (req, res) => {
    const q = parse(
      z.object({
        products: z
          .string()
          .regex(/^\d{1,12}(,\d{1,12}){0,49}$/, 'must be up to 50 product ids separated by commas'),
      }),
      req.query,
    );
    const store = await findStore(deps.db, 'bigcommerce', String(req.params.platformId));
    if (!store || store.status !== 'active') throw notFound('Store');
    const items = await backorderTexts(deps.db, store.id, [...new Set(q.products.split(','))]);
    // Short: a status change shows on the storefront within half a minute.
    publicHeaders(res, 30);
    res.json({ items });
  });

  return router;
}
