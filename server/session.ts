/**
 * The admin's short-lived session token. `/bigcommerce/load` issues it; the web app sends it as
 * `Authorization: Bearer …` (third-party cookies are unreliable in the control-panel iframe) and
 * renews it while the app is open (`POST /api/session/renew`): each renewal extends it by the
 * session's lifetime, never past the maximum age counted from the launch that opened it. Every
 * request also checks that the store is installed and the user still has access, so a removed user
 * or an uninstalled store loses the session at once.
 */
import type { RequestHandler } from 'express';
import { unauthorized } from '../core/errors';
import { signHs256, verifyHs256 } from '../core/security/jwt';

export interface AppSession {
  storeId: number;
  userId: string;
  email: string;
  /** When the user launched the app (seconds): no renewal takes the session past it + the maximum age. */
  authTime: number;
  /** When this token expires (seconds). */
  expiresAt: number;
}

export interface SessionLimits {
  /** How long one token lives; a renewal gives this again. */
  ttlSeconds: number;
  /** How long a session lives from its launch, however often it is renewed. */
  maxAgeSeconds: number;
}

const AUDIENCE = 'backorder-admin';

export const SESSION_EXPIRED = 'Your session has expired: reopen the app.';
export const ACCESS_REMOVED = 'You no longer have access to Backorder in this store: ask the store owner.';

/** A token for `session`; a renewal passes the session's `authTime`, a launch leaves it to now. */
export function issueSession(
  session: { storeId: number; userId: string; email: string; authTime?: number },
  secret: string,
  limits: SessionLimits,
  now: Date,
): { token: string; expiresAt: number } {
  const iat = Math.floor(now.getTime() / 1000);
  const authTime = session.authTime ?? iat;
  const expiresAt = Math.min(iat + limits.ttlSeconds, authTime + limits.maxAgeSeconds);
  const token = signHs256(
    {
      sub: String(session.storeId),
      uid: session.userId,
      email: session.email,
      aud: AUDIENCE,
      iat,
      auth_time: authTime,
      exp: expiresAt,
    },
    secret,
  );
  return { token, expiresAt };
}

export function readSession(
  token: string,
  secret: string,
  now: Date,
  maxAgeSeconds: number,
): AppSession | { error: string } {
  const result = verifyHs256<{
    sub?: string;
    uid?: string;
    email?: string;
    auth_time?: number;
    exp?: number;
  }>(token, secret, { now, audience: AUDIENCE, leewaySeconds: 5 });
  if (!result.ok) return { error: result.reason === 'expired' ? SESSION_EXPIRED : 'Invalid session token.' };
  const { claims } = result;
  const storeId = Number(claims.sub);
  if (!Number.isInteger(storeId) || !claims.uid || typeof claims.auth_time !== 'number')
    return { error: 'Invalid session token.' };
  // The cap is also checked here, so a shorter maximum age applies to tokens issued before it.
  if (claims.auth_time + maxAgeSeconds < Math.floor(now.getTime() / 1000)) return { error: SESSION_EXPIRED };
  return {
    storeId,
    userId: claims.uid,
    email: claims.email ?? '',
    authTime: claims.auth_time,
    expiresAt: claims.exp!,
  };
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

/**
 * Admin routes: a valid session token whose store is still installed and whose user still has
 * access (one query, `access`).
 */
export function requireSession(options: {
  secret: string;
  maxAgeSeconds: number;
  access: (storeId: number, userId: string) => Promise<'ok' | 'not-installed' | 'removed'>;
  clock: () => Date;
}): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token)
      return next(unauthorized('Missing session token: open the app from your store control panel.'));
    const session = readSession(token, options.secret, options.clock(), options.maxAgeSeconds);
    if ('error' in session) return next(unauthorized(session.error));
    const access = await options.access(session.storeId, session.userId);
    if (access === 'not-installed') return next(unauthorized('The app is not installed on this store.'));
    if (access === 'removed') return next(unauthorized(ACCESS_REMOVED));
    req.session = session;
    next();
  };
}
