import express, { Router } from 'express';
import type { Logger } from '../core/lib/log';
import { noMetrics, type WebhookCount, type WebhookMetrics } from '../core/lib/metrics';
import {
  receiveWebhook,
  WEBHOOK_UNAUTHENTICATED,
  type ReceiveDeps,
  type WebhookOutcome,
} from '../core/use-cases/receive-webhook.use-case';

/**
 * POST /webhooks/{platform}: authenticated over the raw body before anything is read, answered as soon
 * as it is filed or queued. Every unauthenticated delivery gets the same 401; an authentic one for a
 * store the app no longer serves gets the same 200 as any other.
 */
export function webhookRoutes(
  deps: ReceiveDeps & {
    log: Logger;
    /** News was refused (answered with an error): the platform will send it again later. */
    refused?: () => Promise<void>;
    metrics?: WebhookMetrics;
  },
): Router {
  const router = Router();
  const platform = deps.app.name;
  const metrics = deps.metrics ?? noMetrics;
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
        metrics.webhook({ outcome: 'error', platform });
        await deps.refused?.();
        throw err;
      });
      metrics.webhook(countOf(platform, outcome));
      if (outcome.kind === 'rejected') {
        deps.log.warn('webhook rejected', { reason: outcome.reason });
        const message = outcome.status === 401 ? WEBHOOK_UNAUTHENTICATED : outcome.reason;
        res.status(outcome.status).json({ error: { code: 'webhook_rejected', message } });
        return;
      }
      if (outcome.kind === 'duplicate') deps.log.debug('duplicate webhook ignored');
      if (outcome.kind === 'ignored') deps.log.debug('webhook ignored', { reason: outcome.reason });
      res.status(200).json({ ok: true, duplicate: outcome.kind === 'duplicate' });
    },
  );
  return router;
}

function countOf(platform: string, outcome: WebhookOutcome): WebhookCount {
  if (outcome.kind === 'rejected')
    return { outcome: 'rejected', platform, topic: outcome.topic, reason: outcome.cause };
  if (outcome.kind === 'ignored')
    return { outcome: 'ignored', platform, topic: outcome.topic, reason: 'unknown_store' };
  return { outcome: outcome.kind, platform, topic: outcome.topic };
}
