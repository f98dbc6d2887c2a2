/**
 * The page the control panel frames after install or load: the built React admin (`web/dist`, made by
 * `npm run build:web`) with the short-lived session token injected as
 * `<meta name="backorder-session">`. Its hashed assets are served from `/app/assets/` with long cache
 * headers. Without a build the page says how to make one instead of staying blank.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { projectRoot } from '../core/lib/paths';

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `web/dist` of this checkout, whether running from source or from `dist/`. */
export function webDistDir(): string {
  return path.join(projectRoot, 'web', 'dist');
}

export function appPage(
  input: { sessionToken: string; storeName: string; userEmail: string; deepLink?: string },
  distDir = webDistDir(),
): string {
  // The admin reads its session token here (the store and user come from /api/session), and the
  // page to open first when the platform launched it at a deep link.
  const meta =
    `<meta name="backorder-session" content="${escape(input.sessionToken)}">` +
    (input.deepLink ? `<meta name="backorder-deep-link" content="${escape(input.deepLink)}">` : '');
  const index = path.join(distDir, 'index.html');
  if (existsSync(index)) {
    return readFileSync(index, 'utf8').replace('<!--backorder-session-->', meta);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${meta}
<link rel="icon" href="data:,">
<title>Backorder</title>
<style>
  body { font-family: "Source Sans Pro", system-ui, sans-serif; margin: 0; background: #f6f7fc; color: #313440; }
  main { max-width: 880px; margin: 0 auto; padding: 32px 24px; }
  .panel { background: #fff; border-radius: 4px; box-shadow: 0 1px 6px rgba(49,52,64,.15); padding: 24px; }
  code { background: #f0f1f5; padding: 2px 4px; border-radius: 2px; }
</style>
</head>
<body>
<main>
  <div class="panel" role="alert">
    <h1>Backorder is installed, but its admin pages are not built</h1>
    <p>Store: <strong id="store">${escape(input.storeName)}</strong> · Signed in as ${escape(input.userEmail)}</p>
    <p>Run <code>npm run build</code> (or <code>npm run build:web</code>) on the server, then reopen the app.</p>
  </div>
</main>
</body>
</html>`;
}

/** The admin's hashed JS/CSS: immutable, cached for a year; a missing file falls through to the 404. */
export function appAssets(): RequestHandler {
  return express.static(path.join(webDistDir(), 'assets'), {
    immutable: true,
    maxAge: '365d',
    index: false,
  });
}
