/**
 * The admin's short-lived session token. `/bigcommerce/load` issues it; the web app sends it as
 * `Authorization: Bearer …` (third-party cookies are unreliable in the control-panel iframe).
 */
import type { RequestHandler } from 'express';
import { unauthorized } from '../core/errors';
import { signHs256, verifyHs256 } from '../core/security/jwt';

export interface AppSession {
  storeId: number;
  userId: string;
  email: string;
}

const AUDIENCE = 'backorder-admin';

export function issueSession(session: AppSession, secret: string, ttlSeconds: number, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  return signHs256(
    {
      sub: String(session.storeId),
      uid: session.userId,
      email: session.email,
      aud: AUDIENCE,
      iat,
      exp: iat + ttlSeconds,
    },
    secret,
  );
}

export function readSession(token: string, secret: string, now: Date): AppSession | { error: string } {
  const result = verifyHs256<{ sub?: string; uid?: string; email?: string }>(token, secret, {
    now,
    audience: AUDIENCE,
    leewaySeconds: 5,
  });
  if (!result.ok)
    return {
      error:
        result.reason === 'expired' ? 'Your session has expired: reopen the app.' : 'Invalid session token.',
    };
  const storeId = Number(result.claims.sub);
  if (!Number.isInteger(storeId) || !result.claims.uid) return { error: 'Invalid session token.' };
  return { storeId, userId: result.claims.uid, email: result.claims.email ?? '' };
}

/** The session's user, as the activity log records who made a change. */
export function actorOf(s: AppSession) {
  return { kind: 'user' as const, userId: s.userId, email: s.email };
}

declare module 'express-serve-static-core' {
  interface Request {
    session?: AppSession;
  }
}

/** Admin routes: a valid session token, whose store is still installed (checked by `isActive`). */
export function requireSession(
  secret: string,
  isActive: (storeId: number) => Promise<boolean>,
  clock: () => Date,
): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token)
      return next(unauthorized('Missing session token: open the app from your store control panel.'));
    const session = readSession(token, secret, clock());
    if ('error' in session) return next(unauthorized(session.error));
    if (!(await isActive(session.storeId)))
      return next(unauthorized('The app is not installed on this store.'));
    req.session = session;
    next();
  };
}
