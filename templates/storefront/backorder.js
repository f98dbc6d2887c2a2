/*
 * Backorder storefront script, installed by the app on the store's storefront pages.
 * On product pages it swaps the add-to-cart label and shows the product message; on the cart page it
 * shows the cart message under each backordered line. It asks the app only for the texts of products
 * on backorder (nothing else is public) and changes nothing when there are none.
 * Markup it looks for (Stencil themes such as Cornerstone): a form with an input[name="product_id"]
 * and a submit button; cart rows marked [data-backorder-cart-item] or .cart-item holding [data-product-id].
 */
/* global document, window, fetch, URL */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var src = new URL(script.src);
  var store = src.searchParams.get('store');
  if (!store) return;

  function each(selector, fn) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), fn);
  }
  function validId(id) {
    return /^\d{1,12}$/.test(id);
  }

  var forms = [];
  each('form', function (form) {
    var input = form.querySelector('input[name="product_id"]');
    if (input && validId(input.value)) forms.push({ form: form, productId: input.value });
  });
  var rows = [];
  each('[data-backorder-cart-item], .cart-item', function (row) {
    var holder = row.hasAttribute('data-product-id') ? row : row.querySelector('[data-product-id]');
    var id = holder && holder.getAttribute('data-product-id');
    if (id && validId(id)) rows.push({ row: row, productId: id });
  });
  var ids = {};
  forms.concat(rows).forEach(function (entry) {
    ids[entry.productId] = true;
  });
  var list = Object.keys(ids).slice(0, 50);
  if (list.length === 0) return;

  function note(parent, className, text) {
    if (!text || parent.querySelector('.' + className)) return;
    var p = document.createElement('p');
    p.className = className;
    p.setAttribute('role', 'status');
    p.textContent = text;
    parent.appendChild(p);
  }

  fetch(src.origin + '/storefront/' + encodeURIComponent(store) + '/items?products=' + list.join(','), {
    credentials: 'omit',
  })
    .then(function (res) {
      return res.ok ? res.json() : { items: [] };
    })
    .then(function (data) {
      var byProduct = {};
      (data.items || []).forEach(function (item) {
        byProduct[item.productId] = item;
      });
      forms.forEach(function (entry) {
        var item = byProduct[entry.productId];
        if (!item) return;
        var button = entry.form.querySelector('#form-action-addToCart, [type="submit"]');
        if (button && item.buttonText) {
          if (button.tagName === 'INPUT') button.value = item.buttonText;
          else button.textContent = item.buttonText;
        }
        note(entry.form, 'backorder-product-message', item.productMessage);
      });
      rows.forEach(function (entry) {
        var item = byProduct[entry.productId];
        if (item) note(entry.row, 'backorder-cart-message', item.cartMessage);
      });
    })
    .catch(function () {
      /* the storefront works as before without the texts */
    });
})();
