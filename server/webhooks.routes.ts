import express, { Router } from 'express';
import { WEBHOOK_TOKEN_HEADER } from '../core/platform/bigcommerce/app';
import { receiveWebhook, type ReceiveDeps } from '../core/use-cases/receive-webhook.use-case';
import type { Logger } from '../core/lib/log';

/** POST /webhooks/bigcommerce: verified over the raw body, answered as soon as it is queued. */
export function webhookRoutes(deps: ReceiveDeps & { log: Logger }): Router {
  const router = Router();
  router.post('/webhooks/bigcommerce', express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const header = (name: string) =>
      typeof req.headers[name] === 'string' ? (req.headers[name] as string) : undefined;
    const outcome = await receiveWebhook(deps, {
      rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
      id: header('webhook-id'),
      timestamp: header('webhook-timestamp'),
      signature: header('webhook-signature'),
      token: header(WEBHOOK_TOKEN_HEADER),
    });
    if (outcome.kind === 'rejected') {
      deps.log.warn('webhook rejected', { reason: outcome.reason });
      res.status(outcome.status).json({ error: { code: 'webhook_rejected', message: outcome.reason } });
      return;
    }
    if (outcome.kind === 'duplicate') deps.log.debug('duplicate webhook ignored');
    res.status(200).json({ ok: true, duplicate: outcome.kind === 'duplicate' });
  });
  return router;
}
