import express, { type Express } from 'express';
import type { Logger } from '../core/lib/log';
import { appAssets } from './app-page';
import { errorMiddleware } from './errors';
import { requestId } from './request-id';

export interface HealthChecks {
  db: () => Promise<void>;
  redis: () => Promise<void>;
}

/**
 * What `/readyz` checks before the process takes traffic, by name: each resolves when ready and throws
 * otherwise (a `NotReady` says why in words fit for the answer; any other error counts as down).
 */
export type ReadyChecks = Record<string, () => Promise<void>>;

/** A check's failure in words fit for the answer: they reach whoever polls `/readyz`. */
export class NotReady extends Error {}

/** A readiness check slower than this counts as failed: probes usually give up after a second or two. */
export const READY_TIMEOUT_MS = 1000;

export interface AppDeps {
  log: Logger;
  health: HealthChecks;
  ready: ReadyChecks;
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
  // Readiness, for a load balancer or orchestrator: the database answers, Redis answers, and the
  // schema is the one this build expects. 503 names the failed check, without internals.
  app.get('/readyz', async (_req, res) => {
    const names = Object.keys(deps.ready);
    const answers = await Promise.all(names.map((name) => readiness(deps.ready[name]!)));
    const checks = Object.fromEntries(names.map((name, i) => [name, answers[i]!]));
    const ok = answers.every((a) => a === 'ok');
    res.status(ok ? 200 : 503).json({ ok, checks });
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
  try {
    await within(check(), 2000);
    return 'ok';
  } catch (err) {
    return `down: ${(err as Error).message}`;
  }
}

/** 'ok', or why not: a NotReady's words, else "down" with the socket error's code, never a message. */
async function readiness(check: () => Promise<void>): Promise<string> {
  try {
    await within(check(), READY_TIMEOUT_MS);
    return 'ok';
  } catch (err) {
    if (err instanceof NotReady) return err.message;
    const code = socketCode(err);
    return code ? `down (${code})` : 'down';
  }
}

/** ECONNREFUSED and its kind, from the error or what it wraps (drizzle wraps the driver's). */
function socketCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}

async function within(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      work,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new NotReady(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
