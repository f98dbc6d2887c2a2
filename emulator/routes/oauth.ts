/**
 * login.bigcommerce.com's token endpoint: `POST /oauth2/token` with a JSON (or form-encoded) body.
 * Errors follow OAuth 2.0 (RFC 6749 §5.2): `{error, error_description}`.
 */
import express, { Router } from 'express';
import type { AppLifecycle } from '../app-lifecycle';

export function oauthRouter(lifecycle: AppLifecycle): Router {
  const router = Router();
  router.post(
    '/oauth2/token',
    express.json({ limit: '100kb' }),
    express.urlencoded({ extended: false, limit: '100kb' }),
    (req, res) => {
      const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<
        string,
        unknown
      >;
      const answer = lifecycle.exchange(body);
      res.status(answer.status).json(answer.body);
    },
  );
  return router;
}
