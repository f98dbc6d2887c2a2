/**
 * The one place the HTTP face turns errors into answers, `{error: {code, message, field?}}`: the
 * kinds of core/errors.ts (retryable → 503; must fix → 4xx by its problem, with its message;
 * ignorable → 200), body-parser's own 4xx, and anything else a 500 whose details stay in the log.
 */
import type { ErrorRequestHandler } from 'express';
import { isAppError, MustFixError, type AppError, type Problem } from '../core/errors';
import { asDatabaseUnavailable } from '../core/db/client';
import type { Logger } from '../core/lib/log';

const STATUS: Record<Problem, number> = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  // The platform refused a call the request needed: the merchant's store, not the request, is at fault.
  refused: 502,
};

const RETRY_LATER = 'A service Backorder relies on did not answer; try again in a moment.';

export function errorMiddleware(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const known = isAppError(err) ? err : asDatabaseUnavailable(err);
    if (known) {
      const { status, body } = answer(known);
      if (status >= 500) log.warn('request failed', { method: req.method, path: req.path, error: err });
      res.status(status).json(body);
      return;
    }
    // body-parser errors (malformed JSON, body too large) carry a status and `expose`.
    const status =
      typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500 && err?.expose) {
      res.status(status).json({ error: { code: err.type ?? 'invalid', message: err.message } });
      return;
    }
    log.error('request failed', { method: req.method, path: req.path, error: err });
    res.status(500).json({
      error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' },
    });
  };
}

function answer(err: AppError): { status: number; body: unknown } {
  if (err.kind === 'retryable') {
    const message = err.merchantMessage ?? RETRY_LATER;
    return { status: 503, body: { error: { code: 'unavailable', message } } };
  }
  if (err.kind === 'ignorable') return { status: 200, body: { ok: true, ignored: err.code } };
  const problem: Problem = 'problem' in err ? (err.problem as Problem) : 'invalid';
  const field = err instanceof MustFixError && err.field ? { field: err.field } : {};
  const message = err.merchantMessage ?? err.message;
  return { status: STATUS[problem], body: { error: { code: err.code, message, ...field } } };
}
