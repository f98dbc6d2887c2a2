/** GET /api/overview: the admin's first page (core/db/overview.repo.ts), only the session's store. */
import { Router } from 'express';
import type { Db } from '../core/db/client';
import { overview } from '../core/db/overview.repo';

export interface OverviewDeps {
  db: Db;
  clock: () => Date;
}

export function overviewRoutes(deps: OverviewDeps): Router {
  const router = Router();
  router.get('/api/overview', async (req, res) => {
    res.json(await overview(deps.db, req.session!.storeId, deps.clock()));
  });
  return router;
}
