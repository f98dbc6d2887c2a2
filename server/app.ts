import express, { type Express } from 'express';
import type { Logger } from '../core/lib/log';
import { appAssets } from './app-page';
import { errorMiddleware } from './errors';
import { requestId } from './request-id';

export interface HealthChecks {
  db: () => Promise<void>;
  redis: () => Promise<void>;
}

export interface AppDeps {
  log: Logger;
  health: HealthChecks;
  /** Routers mounted by later slices (auth, admin API, webhooks), in order. */
  mount?: (app: Express) => void;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(requestId());
  app.get('/healthz', async (_req, res) => {
    const [db, redis] = await Promise.all([probe(deps.health.db), probe(deps.health.redis)]);
    res.status(db === 'ok' && redis === 'ok' ? 200 : 503).json({ db, redis });
  });
  app.use('/app/assets', appAssets());
  deps.mount?.(app);
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'No such route' } });
  });
  app.use(errorMiddleware(deps.log));
  return app;
}

/** 'ok', or a short reason; a check that hangs counts as down after two seconds. */
async function probe(check: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000);
      }),
    ]);
    return 'ok';
  } catch (err) {
    return `down: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}
