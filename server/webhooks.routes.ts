import express, { Router } from 'express';
import type { Logger } from '../core/lib/log';
import { receiveWebhook, type ReceiveDeps } from '../core/use-cases/receive-webhook.use-case';

/** POST /webhooks/{platform}: verified over the raw body, answered as soon as it is filed or queued. */
export function webhookRoutes(
  deps: ReceiveDeps & {
    log: Logger;
    /** News was refused (answered with an error): the platform will send it again later. */
    refused?: () => Promise<void>;
  },
): Router {
  const router = Router();
  router.post(
    `/webhooks/${deps.app.name}`,
    express.raw({ type: () => true, limit: '1mb' }),
    async (req, res) => {
      const outcome = await receiveWebhook(deps, {
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        header: (name) => {
          const value = req.headers[name.toLowerCase()];
          return typeof value === 'string' ? value : undefined;
        },
      }).catch(async (err: unknown) => {
        await deps.refused?.();
        throw err;
      });
      if (outcome.kind === 'rejected') {
        deps.log.warn('webhook rejected', { reason: outcome.reason });
        res.status(outcome.status).json({ error: { code: 'webhook_rejected', message: outcome.reason } });
        return;
      }
      if (outcome.kind === 'duplicate') deps.log.debug('duplicate webhook ignored');
      res.status(200).json({ ok: true, duplicate: outcome.kind === 'duplicate' });
    },
  );
  return router;
}
