/**
 * The admin JSON API the embedded app calls. Every route sits behind the session token and reads the
 * store from it, never from the request: a store only ever sees its own data.
 */
import express, { Router } from 'express';
import type { Db } from '../db/client';
import { getStore } from '../db/stores.repo';
import { requireSession } from '../security/session';
import { notFound } from './errors';

export function adminRoutes(deps: { db: Db; sessionSecret: string; clock: () => Date }): Router {
  const router = Router();
  const isActive = async (storeId: number) => (await getStore(deps.db, storeId))?.status === 'active';
  router.use(
    '/api',
    express.json({ limit: '1mb' }),
    requireSession(deps.sessionSecret, isActive, deps.clock),
  );

  router.get('/api/session', async (req, res) => {
    const store = await getStore(deps.db, req.session!.storeId);
    if (!store) throw notFound('Store');
    res.json({
      store: {
        name: store.name,
        platform: store.platform,
        platformId: store.platformId,
        timeZone: store.timeZone,
      },
      user: { id: req.session!.userId, email: req.session!.email },
    });
  });
  return router;
}
