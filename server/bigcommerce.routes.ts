/**
 * The paths a merchant registers in the BigCommerce developer portal: auth (install), load,
 * uninstall, remove-user. Every one but auth verifies `signed_payload_jwt`, else 401 with the reason.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../core/config/app-config';
import { addUser, findStore, getStore, removeUser } from '../core/db/stores.repo';
import type { BigCommerceApp, SignedPayload } from '../core/platform/bigcommerce/app';
import { issueSession } from './session';
import { installStore, type InstallDeps } from '../core/use-cases/install-store.use-case';
import { uninstallStore } from '../core/use-cases/uninstall-store.use-case';
import { appPage } from './app-page';
import { invalid, unauthorized } from '../core/errors';
import type { Logger } from '../core/lib/log';

export interface BigCommerceRouteDeps extends InstallDeps {
  bigcommerce: BigCommerceApp;
  config: AppConfig;
  sessionSecret: string;
  log: Logger;
  clock: () => Date;
  /** Removes the store's scheduled and queued jobs at uninstall. */
  forgetStoreJobs: (storeId: number) => Promise<void>;
}

const authQuery = z.object({
  code: z.string().min(1, 'code is missing'),
  scope: z.string().default(''),
  context: z.string().regex(/^stores\/[a-z0-9]+$/i, 'context must be stores/{store_hash}'),
});

export function bigCommerceRoutes(deps: BigCommerceRouteDeps): Router {
  const router = Router();

  const verified = (req: Request): SignedPayload => {
    const token = typeof req.query.signed_payload_jwt === 'string' ? req.query.signed_payload_jwt : '';
    if (!token) throw unauthorized('signed_payload_jwt is missing');
    const result = deps.bigcommerce.verifySignedPayload(token, deps.clock());
    if (!result.ok) throw unauthorized(`signed_payload_jwt rejected: ${result.reason}`);
    return result.payload;
  };

  const session = (storeId: number, user: { id: string; email: string }) =>
    issueSession(
      { storeId, userId: user.id, email: user.email },
      deps.sessionSecret,
      deps.config.session.ttlSeconds,
      deps.clock(),
    );

  router.get('/bigcommerce/auth', async (req, res) => {
    const parsed = authQuery.safeParse(req.query);
    if (!parsed.success)
      throw invalid(parsed.error.issues[0]!.message, String(parsed.error.issues[0]!.path[0]));
    const { store, user } = await installStore(deps, parsed.data);
    deps.log.info('store installed', { store: store.platformId, storeId: store.id });
    // The page carries a session token: never stored by a browser or proxy cache.
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      appPage({
        sessionToken: session(store.id, user),
        storeName: store.name || store.platformId,
        userEmail: user.email,
      }),
    );
  });

  router.get('/bigcommerce/load', async (req, res) => {
    const payload = verified(req);
    const store = await findStore(deps.db, 'bigcommerce', payload.storeHash);
    if (!store || store.status !== 'active')
      throw unauthorized('The app is not installed on this store: install it first.');
    if (payload.user.id !== store.ownerId) await addUser(deps.db, store.id, payload.user);
    const fresh = (await getStore(deps.db, store.id)) ?? store;
    // The page carries a session token: never stored by a browser or proxy cache.
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      appPage({
        sessionToken: session(store.id, payload.user),
        storeName: fresh.name || fresh.platformId,
        userEmail: payload.user.email,
      }),
    );
  });

  router.get('/bigcommerce/uninstall', async (req, res) => {
    const payload = verified(req);
    const store = await findStore(deps.db, 'bigcommerce', payload.storeHash);
    if (store && (await uninstallStore(deps, store.id)).changed) {
      deps.log.info('store uninstalled', { store: store.platformId, storeId: store.id });
    }
    res.status(200).json({ uninstalled: true });
  });

  router.get('/bigcommerce/remove-user', async (req, res) => {
    const payload = verified(req);
    const store = await findStore(deps.db, 'bigcommerce', payload.storeHash);
    if (store) await removeUser(deps.db, store.id, payload.user.id);
    res.status(200).json({ removed: true });
  });

  return router;
}
