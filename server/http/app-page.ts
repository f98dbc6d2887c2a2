/**
 * The page the control panel frames after install or load. It carries the short-lived session token
 * for the admin API. Until the React admin lands (web/), it is a plain page that proves the session.
 */
const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function appPage(input: { sessionToken: string; storeName: string; userEmail: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="backorder-session" content="${escape(input.sessionToken)}">
<title>Backorder</title>
<style>
  body { font-family: "Source Sans Pro", system-ui, sans-serif; margin: 0; background: #f6f7fc; color: #313440; }
  main { max-width: 880px; margin: 0 auto; padding: 32px 24px; }
  h1 { font-size: 28px; font-weight: 400; margin: 0 0 8px; }
  .panel { background: #fff; border-radius: 4px; box-shadow: 0 1px 6px rgba(49,52,64,.15); padding: 24px; margin-top: 24px; }
  .muted { color: #5e637a; }
</style>
</head>
<body>
<main>
  <h1>Backorder</h1>
  <p class="muted">Store: <strong id="store">${escape(input.storeName)}</strong> · Signed in as ${escape(input.userEmail)}</p>
  <div class="panel">
    <p>Backorder is installed. The admin pages (settings, templates, product assignment, import) are being built.</p>
    <p class="muted" id="session">Checking your session…</p>
  </div>
</main>
<script>
  const token = document.querySelector('meta[name="backorder-session"]').content;
  fetch('/api/session', { headers: { Authorization: 'Bearer ' + token } })
    .then((r) => r.json().then((b) => ({ ok: r.ok, b })))
    .then(({ ok, b }) => {
      document.getElementById('session').textContent = ok
        ? 'Connected to ' + b.store.name + ' (' + b.store.platformId + ').'
        : (b.error && b.error.message) || 'Your session has expired: reopen the app.';
    });
</script>
</body>
</html>`;
}
