/**
 * The admin JSON API the embedded app calls. Every route sits behind the session token and takes the
 * store from it, never from the request: a store only ever sees and changes its own data (an id of
 * another store's row answers 404, exactly as a missing one).
 */
import express, { Router } from 'express';
import type { AppConfig } from '../core/config/app-config';
import type { Session, SessionRenewal } from '../core/contract/admin-api';
import { getSettings } from '../core/db/settings.repo';
import { getStore, sessionAccess } from '../core/db/stores.repo';
import { getTemplate } from '../core/db/templates.repo';
import { invalid } from '../core/errors';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { changeSettings, type EnqueueSwitchApply } from '../core/use-cases/change-switch-condition.use-case';
import type { Platforms } from '../core/use-cases/platforms';
import { catalogRoutes } from './catalog.routes';
import { importRoutes, type ImportRouteDeps } from './imports.routes';
import { itemRoutes } from './items.routes';
import { overviewRoutes } from './overview.routes';
import { presentSettings } from './present';
import { settingsBody } from './schemas';
import { actorOf, issueSession, requireSession } from './session';
import { templateRoutes } from './templates.routes';
import { parse } from './validation';

export interface AdminDeps extends ApplyDeps, ImportRouteDeps {
  platforms: Platforms;
  config: AppConfig;
  sessionSecret: string;
  enqueueSwitchApply: EnqueueSwitchApply;
}

export function adminRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.use(
    '/api',
    express.json({ limit: '1mb' }),
    requireSession({
      secret: deps.sessionSecret,
      maxAgeSeconds: deps.config.session.maxAgeSeconds,
      access: (storeId, userId) => sessionAccess(deps.db, storeId, userId),
      clock: deps.clock,
    }),
  );
  router.use(importRoutes(deps));
  router.use(overviewRoutes(deps));
  router.use(templateRoutes(deps));
  router.use(catalogRoutes(deps));
  router.use(itemRoutes(deps));

  router.get('/api/session', async (req, res) => {
    const store = (await getStore(deps.db, req.session!.storeId))!;
    const session: Session = {
      store: {
        name: store.name,
        platform: store.platform,
        platformId: store.platformId,
        timeZone: store.timeZone,
      },
      user: { id: req.session!.userId, email: req.session!.email },
    };
    res.json(session);
  });

  // The admin renews its token while it is open; the session still ends at its maximum age.
  router.post('/api/session/renew', (req, res) => {
    const { token, expiresAt } = issueSession(
      req.session!,
      deps.sessionSecret,
      deps.config.session,
      deps.clock(),
    );
    const renewal: SessionRenewal = { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
    res.set('Cache-Control', 'no-store').json(renewal);
  });

  router.get('/api/settings', async (req, res) => {
    res.json(presentSettings((await getSettings(deps.db, req.session!.storeId))!));
  });

  router.put('/api/settings', async (req, res) => {
    const storeId = req.session!.storeId;
    const body = parse(settingsBody, req.body);
    if (body.defaultTemplateId && !(await getTemplate(deps.db, storeId, body.defaultTemplateId))) {
      throw invalid(
        `defaultTemplateId: template ${body.defaultTemplateId} does not exist`,
        'defaultTemplateId',
      );
    }
    // Logged in Activity; a new switch condition is applied to the products by a job (the answer says
    // it is applying).
    res.json(presentSettings((await changeSettings(deps, storeId, body, actorOf(req.session!)))!));
  });

  return router;
}
