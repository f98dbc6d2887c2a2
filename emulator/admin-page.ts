/**
 * A simplified BigCommerce control panel around the app's iframe: dark left navigation with Apps >
 * Backorder, a header with the store name, the app loaded with a fresh signed_payload_jwt, and a small
 * drawer of emulator tools (set stock, place an order) for demos.
 */

export interface AdminPageInput {
  hash: string;
  storeName: string;
  ownerEmail: string;
  appName: string;
  /** The app's load URL with a fresh JWT; undefined when not installed or no URLs are set. */
  iframeSrc?: string;
  installed: boolean;
  urlsSet: boolean;
  /** The store's storefront (product pages and cart with the installed scripts). */
  storefrontUrl: string;
  notice?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const NAV = [
  'Home',
  'Orders',
  'Products',
  'Customers',
  'Storefront',
  'Marketing',
  'Analytics',
  'Channel Manager',
];

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:14px/1.4 -apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;background:#f6f7f9;color:#313440;display:flex;min-height:100vh}
.nav{width:220px;background:#1e2433;color:#c9ccd6;flex-shrink:0;padding:16px 0}
.nav .logo{color:#fff;font-weight:700;letter-spacing:.08em;padding:4px 20px 20px;font-size:13px}
.nav .logo small{display:block;font-weight:400;letter-spacing:0;color:#8c93ad;font-size:11px}
.nav a{display:block;color:inherit;text-decoration:none;padding:8px 20px}.nav a:hover{background:#2b3347;color:#fff}
.nav .group{color:#fff;font-weight:600}.nav .sub{padding-left:36px;font-size:13px}.nav .active{background:#3c64f4;color:#fff}
main{flex:1;display:flex;flex-direction:column;min-width:0}
header{height:56px;background:#fff;border-bottom:1px solid #dfe1e6;display:flex;align-items:center;justify-content:space-between;padding:0 24px}
header h1{font-size:16px;margin:0}header span{color:#6b7080;font-size:13px}
.crumbs{padding:12px 24px;color:#6b7080;font-size:13px}
.frame{flex:1;margin:0 24px 16px;background:#fff;border:1px solid #dfe1e6;border-radius:4px;min-height:600px;display:flex}
iframe{flex:1;border:0;width:100%;min-height:600px}
.panel{margin:auto;text-align:center;max-width:460px;padding:40px}
.panel button{background:#3c64f4;color:#fff;border:0;border-radius:4px;padding:10px 20px;font-size:14px;cursor:pointer}
.panel button[disabled]{background:#a8b3d6;cursor:not-allowed}
.notice{margin:0 24px 12px;padding:10px 14px;background:#fff7e0;border:1px solid #f0d58c;border-radius:4px}
details{margin:0 24px 24px;background:#fff;border:1px solid #dfe1e6;border-radius:4px;padding:10px 14px}
details form{display:flex;gap:8px;align-items:center;margin:8px 0;flex-wrap:wrap}details input{padding:5px 8px}
#tool-result{font-family:monospace;font-size:12px;white-space:pre-wrap;color:#313440}
`;

function nav(appName: string, storefrontUrl: string): string {
  // Storefront opens the store as shoppers see it, the app's script included.
  const items = NAV.map((item) =>
    item === 'Storefront'
      ? `<a href="${escapeHtml(storefrontUrl)}" target="_blank" rel="noopener">View storefront ↗</a>`
      : `<a href="#">${escapeHtml(item)}</a>`,
  ).join('');
  return `<nav class="nav" aria-label="Control panel">
<div class="logo">BIGCOMMERCE<small>local emulator</small></div>${items}
<a class="group" href="#">Apps</a><a class="sub" href="#">My Apps</a>
<a class="sub active" href="#" aria-current="page">${escapeHtml(appName)}</a>
<a href="#">Settings</a></nav>`;
}

function content(input: AdminPageInput): string {
  if (input.installed && input.iframeSrc)
    return `<iframe id="app-frame" title="${escapeHtml(input.appName)}" src="${escapeHtml(input.iframeSrc)}"></iframe>`;
  const why = !input.urlsSet
    ? 'The emulator has no app URLs yet (start it with --app-url, or call setAppUrls).'
    : `${escapeHtml(input.appName)} is not installed on this store.`;
  return `<div class="panel"><h2>${escapeHtml(input.appName)}</h2><p>${why}</p>
<form method="post" action="/_emulator/stores/${encodeURIComponent(input.hash)}/install">
<button type="submit"${input.urlsSet ? '' : ' disabled'}>Install</button></form></div>`;
}

function tools(hash: string): string {
  const base = `/_emulator/stores/${encodeURIComponent(hash)}`;
  return `<details><summary>Emulator tools</summary>
<form data-tool="inventory"><label>SKU <input name="sku" required></label><label>Stock <input name="level" type="number" min="0" required></label><button>Set stock</button></form>
<form data-tool="orders"><label>SKU <input name="sku" required></label><label>Qty <input name="quantity" type="number" min="1" value="1" required></label>
<label>Email <input name="customerEmail" value="shopper@example.com" required></label><label>Country <input name="shippingCountry" value="US" size="3" required></label><button>Place order</button></form>
<div id="tool-result"></div></details>
<script>
document.querySelectorAll('form[data-tool]').forEach(function (form) {
  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    var f = new FormData(form), tool = form.getAttribute('data-tool'), body, method;
    if (tool === 'inventory') { method = 'PUT'; body = { sku: f.get('sku'), level: Number(f.get('level')) }; }
    else { method = 'POST'; body = { lines: [{ sku: f.get('sku'), quantity: Number(f.get('quantity')) }],
      customerEmail: f.get('customerEmail'), shippingCountry: f.get('shippingCountry') }; }
    var res = await fetch(${JSON.stringify(base)} + '/' + tool, { method: method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    document.getElementById('tool-result').textContent = res.status + ' ' + (await res.text());
  });
});
</script>`;
}

export function adminPage(input: AdminPageInput): string {
  const notice = input.notice ? `<div class="notice" role="status">${escapeHtml(input.notice)}</div>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>${escapeHtml(input.appName)} · Apps · ${escapeHtml(input.storeName)}</title><style>${STYLE}</style></head>
<body>${nav(input.appName, input.storefrontUrl)}
<main><header><h1>${escapeHtml(input.storeName)}</h1><span>${escapeHtml(input.ownerEmail)} · store ${escapeHtml(input.hash)}</span></header>
<div class="crumbs">Apps › ${escapeHtml(input.appName)}</div>${notice}
<div class="frame">${content(input)}</div>
${tools(input.hash)}</main></body></html>`;
}

/** The emulator's front page: its stores, each with a link to its control panel. */
export function indexPage(
  stores: Array<{ hash: string; name: string; products: number; orders: number }>,
): string {
  const rows = stores
    .map(
      (s) =>
        `<li><a href="/_emulator/stores/${encodeURIComponent(s.hash)}/admin">${escapeHtml(s.name)}</a> ` +
        `(${escapeHtml(s.hash)}: ${s.products} products, ${s.orders} orders)</li>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>BigCommerce emulator</title></head>
<body style="font:14px/1.5 sans-serif;margin:40px"><h1>BigCommerce emulator</h1>
<ul>${rows || '<li>No stores yet: POST /_emulator/stores {"hash": "...", "seed": "demo"}</li>'}</ul></body></html>`;
}
