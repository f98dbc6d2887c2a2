/**
 * The operators' routes: `GET /metrics` (Prometheus text) and the queue dashboard under
 * `/ops/queues`, both answering only to OPS_TOKEN, as `Authorization: Bearer <token>` (a scraper) or
 * as the password of HTTP Basic (a browser, which asks for it on the 401). Nothing a merchant holds
 * opens them: the admin's session is a bearer token of its own, never equal to OPS_TOKEN. Without
 * OPS_TOKEN the app mounts none of this, so the paths answer 404.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Express, Request, RequestHandler } from 'express';

export interface OpsDeps {
  token: string;
  metrics: { contentType: string; render(): Promise<string> };
  /** The queue dashboard (bull-board's Express app), served under DASHBOARD_PATH. */
  dashboard?: Express;
}

export const DASHBOARD_PATH = '/ops/queues';
const REALM = 'Basic realm="backorder ops", charset="UTF-8"';

/** On `app` itself: the dashboard is an Express app of its own, which only `app.use` mounts as one. */
export function mountOpsRoutes(app: Express, deps: OpsDeps): void {
  const guard = requireOpsToken(deps.token);
  app.get('/metrics', guard, async (_req, res) => {
    const body = await deps.metrics.render();
    res.type(deps.metrics.contentType).send(body);
  });
  if (deps.dashboard) app.use(DASHBOARD_PATH, guard, deps.dashboard);
}

/**
 * Lets a request through when it carries the token. Compared as SHA-256 digests in constant time, so
 * neither the token's characters nor its length leak through the answer's timing.
 */
export function requireOpsToken(token: string): RequestHandler {
  const expected = digest(token);
  return (req, res, next) => {
    // Never framed (the control panel frames the admin, never this), never cached, never referred.
    res.set({
      'Content-Security-Policy': "frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    const given = presentedToken(req.headers.authorization);
    if (!given || !timingSafeEqual(digest(given.token), expected)) {
      res.set('WWW-Authenticate', REALM);
      res.status(401).json({
        error: { code: 'unauthorized', message: 'This needs the operators token (OPS_TOKEN).' },
      });
      return;
    }
    // A browser sends Basic credentials it remembers with any request to this site, a form posted
    // from another site's page included: a change through the dashboard must come from its own page.
    if (given.scheme === 'basic' && !SAFE_METHODS.has(req.method) && !fromOwnPage(req)) {
      res.status(403).json({
        error: { code: 'forbidden', message: 'Changes to the queues are taken from the dashboard only.' },
      });
      return;
    }
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The token and how it came; undefined when the header carries none. */
export function presentedToken(
  header: string | undefined,
): { scheme: 'bearer' | 'basic'; token: string } | undefined {
  const match = /^(bearer|basic)\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const [, scheme, value] = match as unknown as [string, string, string];
  if (scheme.toLowerCase() === 'bearer') return { scheme: 'bearer', token: value };
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // The user name is free (a browser asks for one); the password is the token.
  return colon < 0 ? undefined : { scheme: 'basic', token: decoded.slice(colon + 1) };
}

/**
 * Whether the browser says the request comes from a page of this site: `Sec-Fetch-Site` where it is
 * sent (every current browser), else an `Origin` naming this host. A client that is not a browser
 * sends neither, and forges nothing for anyone but itself.
 */
function fromOwnPage(req: Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = req.get('origin');
  if (!origin) return true;
  try {
    return new URL(origin).host === req.get('host');
  } catch {
    return false;
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
