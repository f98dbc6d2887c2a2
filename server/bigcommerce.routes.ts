/**
 * The paths a merchant registers in the BigCommerce developer portal: auth (install), load,
 * uninstall, remove-user. Every one but auth verifies `signed_payload_jwt` and takes it once, else
 * 401 with the reason. The pages they serve may be framed by the platform's control panel only.
 */
import { Router, type Request, type Response } from 'express';
import type { AppConfig } from '../core/config/app-config';
import { findStore, removeUser, type Store } from '../core/db/stores.repo';
import type { Logger } from '../core/lib/log';
import type { Person } from '../core/platform/types';
import { installStore, type InstallDeps } from '../core/use-cases/install-store.use-case';
import { acceptLaunch, launchApp } from '../core/use-cases/launch-app.use-case';
import { uninstallStore } from '../core/use-cases/uninstall-store.use-case';
import { appPage } from './app-page';
import { issueSession } from './session';

export interface BigCommerceRouteDeps extends InstallDeps {
  config: AppConfig;
  sessionSecret: string;
  log: Logger;
  clock: () => Date;
  /** Removes the store's scheduled and queued jobs at uninstall. */
  forgetStoreJobs: (storeId: number) => Promise<void>;
}

const JWT = 'signed_payload_jwt';

export function bigCommerceRoutes(deps: BigCommerceRouteDeps): Router {
  const router = Router();
  const token = (req: Request) => (typeof req.query[JWT] === 'string' ? req.query[JWT] : undefined);

  /**
   * The admin in the control panel's frame, with a session of its own for this user, opening at the
   * launch's deep link when it has one.
   */
  const embed = (res: Response, store: Store, user: Person, deepLink?: string) => {
    const { token: session } = issueSession(
      { storeId: store.id, userId: user.id, email: user.email },
      deps.sessionSecret,
      deps.config.session,
      deps.clock(),
    );
    // The page carries a session token: never stored by a browser or proxy cache, and never shown in
    // a frame of another site (clickjacking).
    res.set('Cache-Control', 'no-store');
    res.set(
      'Content-Security-Policy',
      `frame-ancestors ${deps.app.frameAncestors(store.platformId).join(' ')}`,
    );
    res.type('html').send(
      appPage({
        sessionToken: session,
        storeName: store.name || store.platformId,
        userEmail: user.email,
        deepLink,
      }),
    );
  };

  router.get('/bigcommerce/auth', async (req, res) => {
    const { store, user } = await installStore(deps, req.query);
    deps.log.info('store installed', { store: store.platformId, storeId: store.id });
    embed(res, store, user);
  });

  router.get('/bigcommerce/load', async (req, res) => {
    const { store, launch } = await launchApp(deps, token(req), JWT);
    embed(res, store, launch.user, launch.path);
  });

  router.get('/bigcommerce/uninstall', async (req, res) => {
    const { platformId } = await acceptLaunch(deps, token(req), JWT);
    const store = await findStore(deps.db, deps.app.name, platformId);
    if (store && (await uninstallStore(deps, store.id)).changed) {
      deps.log.info('store uninstalled', { store: store.platformId, storeId: store.id });
    }
    res.status(200).json({ uninstalled: true });
  });

  router.get('/bigcommerce/remove-user', async (req, res) => {
    const { platformId, user } = await acceptLaunch(deps, token(req), JWT);
    const store = await findStore(deps.db, deps.app.name, platformId);
    if (store) await removeUser(deps.db, store.id, user.id);
    res.status(200).json({ removed: true });
  });

  return router;
}
