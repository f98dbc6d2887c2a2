/**
 * The emulator's storefront pages, in the markup of BigCommerce's Cornerstone theme (reduced to what a
 * storefront script meets: `templates/components/products/product-view.html`, `add-to-cart.html`,
 * `options/set-rectangle.html` and `set-select.html`, `cart/content.html`) with the store's scripts
 * injected where the Scripts API put them. No theme JavaScript: forms post as they do without it.
 */
import { escapeHtml } from '../admin-page';
import { hasOptions } from '../inventory';
import type { EmulatedStore } from '../store';
import type { OptionRecord, ProductRecord, ScriptRecord } from '../types';
import { unitPrice, type Cart } from './shopper';

export interface PageContext {
  store: EmulatedStore;
  /** The storefront's root URL path, ending in `/` (its cart is `${root}cart.php`). */
  root: string;
  cart: Cart | undefined;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 "Karla",-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#545454;background:#fff}
a{color:#3c64f4}.header{display:flex;justify-content:space-between;align-items:center;padding:18px 40px;border-bottom:1px solid #e5e5e5}
.header-logo{font:700 22px/1 Montserrat,Arial,sans-serif;color:#333;text-decoration:none}.navUser-action{text-decoration:none;color:#333;font-weight:600}
.countPill{display:inline-block;min-width:22px;padding:0 6px;border-radius:11px;background:#00abc9;color:#fff;text-align:center;font-size:12px}
.body{max-width:1100px;margin:0 auto;padding:32px 40px}.footer{border-top:1px solid #e5e5e5;padding:16px 40px;font-size:13px;color:#8c8c8c}
.productGrid{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:20px}
.card{border:1px solid #e5e5e5;padding:16px;height:100%}.card-title{font-size:15px;margin:0 0 8px}
.productView{display:grid;grid-template-columns:1fr 1fr;gap:40px}.productView-images{background:#f2f2f2;min-height:320px;display:flex;align-items:center;justify-content:center;color:#aaa;font-size:64px}
.productView-title{font:700 28px/1.2 Montserrat,Arial,sans-serif;color:#333;margin:0 0 8px}.productView-price{font-size:20px;color:#333;margin-bottom:12px}
.productView-info{display:grid;grid-template-columns:auto 1fr;gap:4px 12px;font-size:14px}.productView-info dt{font-weight:700}.productView-info dd{margin:0}
.form-field{margin:16px 0}.form-label{display:block;font-weight:700;margin-bottom:6px;color:#333}.form-label small{font-weight:400;color:#8c8c8c}
.form-radio{position:absolute;opacity:0}.form-option{display:inline-block;border:1px solid #ccc;padding:6px 14px;margin:0 6px 6px 0;cursor:pointer}
.form-radio:checked+.form-option{border-color:#333;box-shadow:inset 0 0 0 1px #333}.form-radio:focus-visible+.form-option{outline:2px solid #3c64f4}
.form-select,.form-input{padding:8px;border:1px solid #ccc;font:inherit}.form-input{width:70px}
.button--primary{background:#444;color:#fff;border:0;padding:12px 28px;font:700 14px/1 Montserrat,Arial,sans-serif;text-transform:uppercase;cursor:pointer}
.alertBox{border:1px solid #e57373;background:#fdecea;padding:10px 14px;margin:0 0 16px}
.backorder-product-message,.backorder-cart-message{color:#b4541a;font-weight:700;margin:10px 0}
.cart{width:100%;border-collapse:collapse}.cart th{text-align:left;border-bottom:1px solid #e5e5e5;padding:8px}.cart td{border-bottom:1px solid #e5e5e5;padding:12px 8px;vertical-align:top}
.cart-item-name{font-size:16px;margin:0}.definitionList{display:flex;gap:6px;margin:4px 0;font-size:14px}.definitionList-value{margin:0}
`;

function money(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** Scripts the Scripts API installed for storefront pages, at `location`, as BigCommerce renders them. */
function scripts(store: EmulatedStore, location: ScriptRecord['location']): string {
  return store.scripts
    .filter((s) => s.enabled && s.location === location && ['storefront', 'all_pages'].includes(s.visibility))
    .map((s) => {
      if (s.kind === 'script_tag') return s.html;
      const load = s.load_method === 'default' ? '' : ` ${s.load_method}`;
      return `<script src="${escapeHtml(s.src)}"${load}></script>`;
    })
    .join('\n');
}

function layout(ctx: PageContext, title: string, content: string): string {
  const { store, root } = ctx;
  const count = ctx.cart?.lines.reduce((sum, l) => sum + l.quantity, 0) ?? 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="icon" href="data:,">
<title>${escapeHtml(title)} - ${escapeHtml(store.name)}</title><style>${STYLE}</style>
${scripts(store, 'head')}</head>
<body><header class="header"><a class="header-logo" href="${escapeHtml(root)}">${escapeHtml(store.name)}</a>
<nav class="navUser" aria-label="Account"><a class="navUser-action navUser-action--cart" href="${escapeHtml(root)}cart.php">Cart <span class="countPill cart-quantity">${count}</span></a></nav></header>
<main class="body">${content}</main>
<footer class="footer">Storefront of the local BigCommerce emulator (store ${escapeHtml(store.hash)}) ·
<a href="/_emulator/stores/${encodeURIComponent(store.hash)}/admin">control panel</a></footer>
${scripts(store, 'footer')}
</body></html>`;
}

export function productUrl(root: string, product: ProductRecord): string {
  return `${root}${product.url.replace(/^\//, '')}`;
}

export function homePage(ctx: PageContext): string {
  const cards = ctx.store.products
    .filter((p) => p.is_visible)
    .map(
      (p) => `<li class="product"><article class="card"><h3 class="card-title">
<a href="${escapeHtml(productUrl(ctx.root, p))}">${escapeHtml(p.name)}</a></h3>
<span class="price price--withoutTax">${money(p.price)}</span></article></li>`,
    )
    .join('');
  return layout(ctx, 'Shop', `<h1 class="page-heading">Shop</h1><ul class="productGrid">${cards}</ul>`);
}

function optionField(option: OptionRecord): string {
  const label = `${escapeHtml(option.display_name)}: <small>Required</small>`;
  if (option.type === 'dropdown') {
    const values = option.option_values
      .map(
        (v) =>
          `<option data-product-attribute-value="${v.id}" value="${v.id}"${v.is_default ? ' selected data-default' : ''}>${escapeHtml(v.label)}</option>`,
      )
      .join('');
    return `<div class="form-field" data-product-attribute="set-select">
<label class="form-label form-label--alternate form-label--inlineSmall" for="attribute_select_${option.id}">${label}</label>
<select class="form-select form-select--small" name="attribute[${option.id}]" id="attribute_select_${option.id}" required>
<option value="">Choose Options</option>${values}</select></div>`;
  }
  const values = option.option_values
    .map((v) => {
      const id = `attribute_rectangle__${option.id}_${v.id}`;
      return `<div class="form-option-wrapper" style="display:inline-block">
<input class="form-radio" type="radio" id="${id}" name="attribute[${option.id}]" value="${v.id}"${v.is_default ? ' checked data-default' : ''} required>
<label class="form-option" for="${id}" data-product-attribute-value="${v.id}"><span class="form-option-variant">${escapeHtml(v.label)}</span></label></div>`;
    })
    .join('');
  return `<div class="form-field" data-product-attribute="set-rectangle" role="radiogroup" aria-labelledby="rectangle-group-label-${option.id}">
<label class="form-label form-label--alternate form-label--inlineSmall" id="rectangle-group-label-${option.id}">${label}</label>${values}</div>`;
}

export function productPage(ctx: PageContext, product: ProductRecord, error?: string): string {
  const canPurchase = product.availability !== 'disabled';
  const label = product.availability === 'preorder' ? 'Pre-Order Now' : 'Add to Cart';
  const alert = error
    ? `<div class="alertBox alertBox--error" role="alert"><p class="alertBox-message">${escapeHtml(error)}</p></div>`
    : '';
  const availability = product.availability_description
    ? `<dt class="productView-info-name">Availability:</dt><dd class="productView-info-value">${escapeHtml(product.availability_description)}</dd>`
    : '';
  const options = hasOptions(product) ? product.options.map(optionField).join('') : '';
  const content = `${alert}<div class="productView" data-product-id="${product.id}">
<section class="productView-images" aria-hidden="true">☕</section>
<section class="productView-details">
<h1 class="productView-title">${escapeHtml(product.name)}</h1>
<div class="productView-price"><span class="price price--withoutTax" data-product-price-without-tax>${money(product.price)}</span></div>
<dl class="productView-info"><dt class="productView-info-name">SKU:</dt><dd class="productView-info-value" data-product-sku>${escapeHtml(product.sku)}</dd>${availability}</dl>
<form class="form" method="post" action="${escapeHtml(ctx.root)}cart.php" data-cart-item-add>
<input type="hidden" name="action" value="add">
<input type="hidden" name="product_id" value="${product.id}"/>
<div data-product-option-change>${options}</div>
<div id="add-to-cart-wrapper" class="add-to-cart-wrapper"${canPurchase ? '' : ' style="display: none"'}>
<div class="form-field form-field--increments"><label class="form-label form-label--alternate" for="qty[]">Quantity:</label>
<input class="form-input form-input--incrementTotal" id="qty[]" name="qty[]" type="tel" value="1" min="1" pattern="[0-9]*"></div>
<div class="add-to-cart-buttons"><div class="form-action">
<input id="form-action-addToCart" data-wait-message="Adding to cart…" class="button button--primary" type="submit" value="${label}">
</div></div></div>
</form></section></div>`;
  return layout(ctx, product.name, content);
}

export function cartPage(ctx: PageContext): string {
  const lines = (ctx.cart?.lines ?? []).flatMap((line) => {
    const found = ctx.store.variantById(line.variantId);
    if (!found) return [];
    const { product, variant } = found;
    const price = unitPrice(variant);
    const options = variant.option_values.length
      ? `<dl class="definitionList">${variant.option_values
          .map(
            (ov) =>
              `<dt class="definitionList-key">${escapeHtml(ov.option_display_name)}:</dt><dd class="definitionList-value">${escapeHtml(ov.label)}</dd>`,
          )
          .join('')}</dl>
<a href="#" data-item-edit="${line.id}" data-product-id="${product.id}" aria-label="Change options for ${escapeHtml(product.name)}">Change</a>`
      : '';
    return [
      `<tr class="cart-item" data-item-row>
<td class="cart-item-block cart-item-title"><h2 class="cart-item-name"><a class="cart-item-name__label" href="${escapeHtml(productUrl(ctx.root, product))}">${escapeHtml(product.name)}</a></h2>${options}</td>
<td class="cart-item-block cart-item-info"><span class="cart-item-value">${money(price)}</span></td>
<td class="cart-item-block cart-item-info cart-item-quantity"><label class="form-label cart-item-label" for="qty-${line.id}">Quantity:</label>
<input class="form-input form-input--incrementTotal cart-item-qty-input" id="qty-${line.id}" name="qty-${line.id}" type="tel" value="${line.quantity}" data-cart-itemid="${line.id}" data-action="manualQtyChange" readonly></td>
<td class="cart-item-block cart-item-info"><strong class="cart-item-value">${money(price * line.quantity)}</strong></td></tr>`,
    ];
  });
  const content = lines.length
    ? `<table class="cart" data-cart-quantity="${lines.length}"><thead class="cart-header"><tr>
<th class="cart-header-item">Item</th><th class="cart-header-item">Price</th><th class="cart-header-item cart-header-quantity">Quantity</th><th class="cart-header-item">Total</th>
</tr></thead><tbody class="cart-list">${lines.join('')}</tbody></table>`
    : '<p>Your cart is empty.</p>';
  return layout(
    ctx,
    'Your Cart',
    `<h1 class="page-heading">Your Cart</h1><div data-cart-content>${content}</div>`,
  );
}
