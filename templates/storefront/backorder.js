/*
 * Backorder storefront script, installed by the app on the store's storefront pages.
 * On product pages it swaps the add-to-cart label and shows the product message while the selected
 * variant is on backorder; on the cart page it shows the cart message under each line whose own variant
 * is on backorder. It asks the app only for the texts of products on backorder (nothing else is public)
 * and changes nothing when there are none.
 *
 * Markup it looks for (Stencil themes such as Cornerstone): a form with an input[name="product_id"], its
 * options inside [data-product-option-change] and the button #form-action-addToCart (or a submit); cart
 * rows (.cart-item, or [data-backorder-cart-item]) naming their line with [data-cart-itemid], or their
 * product and variant with [data-product-id] and [data-variant-id].
 *
 * Which variant is meant comes from the storefront itself, as the theme learns it: the selection is sent
 * to /remote/v1/product-attributes/{product id} (what Cornerstone calls on every option change) and the
 * answer's v3_variant_id names the variant; cart lines are read from the Storefront Cart API
 * (/api/storefront/carts). Both live at the storefront's root, where its cart.php is.
 */
/* global document, window, fetch, URL, URLSearchParams, FormData */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var src = new URL(script.src);
  var store = src.searchParams.get('store');
  if (!store) return;

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }
  function validId(id) {
    return typeof id === 'string' && /^\d{1,12}$/.test(id);
  }
  function idOf(value) {
    var id = value === null || value === undefined ? '' : String(value);
    return validId(id) ? id : undefined;
  }
  function attr(el, selector, name) {
    var holder = el.hasAttribute(name) ? el : el.querySelector(selector);
    return holder ? holder.getAttribute(name) : null;
  }

  /** The storefront's root: where the cart.php that its forms post to and its pages link to lives. */
  function storefrontRoot() {
    var candidates = [document.location.href];
    all(document, 'form[data-cart-item-add][action], a[href*="cart.php"]').forEach(function (el) {
      candidates.push(el.getAttribute('action') || el.getAttribute('href'));
    });
    for (var i = 0; i < candidates.length; i++) {
      var url = new URL(candidates[i], document.baseURI);
      if (url.origin === document.location.origin && /\/cart\.php$/.test(url.pathname))
        return new URL('.', url).href;
    }
    return document.location.origin + '/';
  }
  var root = storefrontRoot();

  var forms = [];
  all(document, 'form').forEach(function (form) {
    var input = form.querySelector('input[name="product_id"]');
    var productId = input && idOf(input.value);
    if (!productId) return;
    var button = form.querySelector('#form-action-addToCart, [type="submit"]');
    forms.push({
      form: form,
      productId: productId,
      button: button,
      label: button ? (button.tagName === 'INPUT' ? button.value : button.textContent) : '',
      options: form.querySelector('[data-product-option-change]'),
      asked: 0,
    });
  });
  var rows = [];
  all(document, '[data-backorder-cart-item], .cart-item').forEach(function (row) {
    rows.push({
      row: row,
      lineId: attr(row, '[data-cart-itemid]', 'data-cart-itemid'),
      productId: idOf(attr(row, '[data-product-id]', 'data-product-id')),
      variantId: idOf(attr(row, '[data-variant-id]', 'data-variant-id')),
    });
  });
  if (forms.length === 0 && rows.length === 0) return;

  function json(res) {
    return res.ok ? res.json() : undefined;
  }
  function quietly() {
    return undefined; /* the storefront works as before without the texts */
  }

  /** Fills in each row's product and variant from the cart's own lines, where the row names its line. */
  function cartLines() {
    var unknown = rows.some(function (entry) {
      return entry.lineId && !entry.variantId;
    });
    if (!unknown) return Promise.resolve();
    return fetch(root + 'api/storefront/carts', {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    })
      .then(json)
      .then(function (carts) {
        var byLine = {};
        (Array.isArray(carts) ? carts : []).forEach(function (cart) {
          var lines = (cart && cart.lineItems) || {};
          (lines.physicalItems || []).concat(lines.digitalItems || []).forEach(function (line) {
            byLine[String(line.id)] = line;
          });
        });
        rows.forEach(function (entry) {
          var line = entry.lineId && byLine[entry.lineId];
          if (!line || entry.variantId) return;
          entry.productId = idOf(line.productId) || entry.productId;
          entry.variantId = idOf(line.variantId);
        });
      }, quietly);
  }

  function texts(productIds) {
    var url = src.origin + '/storefront/' + encodeURIComponent(store) + '/items?products=';
    return fetch(url + productIds.join(','), { credentials: 'omit' })
      .then(json)
      .then(function (data) {
        var byProduct = {};
        ((data && data.items) || []).forEach(function (item) {
          (byProduct[item.productId] = byProduct[item.productId] || []).push(item);
        });
        return byProduct;
      });
  }

  /** The item for this variant; an item with no variant stands for every variant of its product. */
  function itemFor(items, variantId) {
    var found;
    (items || []).forEach(function (item) {
      if (found) return;
      if (item.variantId === null || item.variantId === undefined) found = item;
      else if (variantId && String(item.variantId) === variantId) found = item;
    });
    return found;
  }
  function wholeProduct(items) {
    return itemFor(items, undefined);
  }

  function showNote(parent, className, text) {
    var note = parent.querySelector('.' + className);
    if (!text) {
      if (note) note.parentNode.removeChild(note);
      return;
    }
    if (!note) {
      note = document.createElement('p');
      note.className = className;
      note.setAttribute('role', 'status');
      parent.appendChild(note);
    }
    note.textContent = text;
  }

  /** Under the line's name (Cornerstone's .cart-item-title cell); a table row takes it in a cell. */
  function cartCell(row) {
    var title = row.querySelector('.cart-item-title');
    if (title) return title;
    return row.tagName === 'TR' && row.cells.length > 0 ? row.cells[0] : row;
  }

  function showOnForm(entry, item) {
    var label = item && item.buttonText ? item.buttonText : entry.label;
    if (entry.button) {
      if (entry.button.tagName === 'INPUT') entry.button.value = label;
      else entry.button.textContent = label;
    }
    showNote(entry.form, 'backorder-product-message', item ? item.productMessage : '');
  }

  /** The variant the form's options select, as the storefront resolves it; undefined while incomplete. */
  function selectedVariant(entry) {
    var body = new URLSearchParams();
    new FormData(entry.form).forEach(function (value, name) {
      if (typeof value === 'string' && value !== '') body.append(name, value);
    });
    var bc = window.BCData;
    return fetch(root + 'remote/v1/product-attributes/' + entry.productId, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
        'stencil-config': '{}',
        'stencil-options': '{}',
        'x-xsrf-token': bc && bc.csrf_token ? bc.csrf_token : '',
        'x-requested-with': 'stencil-utils',
      },
      body: body.toString(),
    })
      .then(json)
      .then(function (answer) {
        return idOf(answer && answer.data && answer.data.v3_variant_id);
      });
  }

  function followForm(entry, items) {
    var whole = wholeProduct(items);
    if (whole || !entry.options) {
      // Stock kept for the whole product, or a product without options: its one variant is meant.
      showOnForm(entry, whole || items[0]);
      return;
    }
    var follow = function () {
      var asked = ++entry.asked;
      showOnForm(entry, undefined);
      selectedVariant(entry).then(function (variantId) {
        if (asked === entry.asked) showOnForm(entry, itemFor(items, variantId));
      }, quietly);
    };
    entry.options.addEventListener('change', follow);
    follow();
  }

  cartLines()
    .then(function () {
      var ids = {};
      forms.concat(rows).forEach(function (entry) {
        if (entry.productId) ids[entry.productId] = true;
      });
      var list = Object.keys(ids).slice(0, 50);
      return list.length === 0 ? {} : texts(list);
    })
    .then(function (byProduct) {
      forms.forEach(function (entry) {
        var items = byProduct[entry.productId];
        if (items && items.length > 0) followForm(entry, items);
      });
      rows.forEach(function (entry) {
        var item = itemFor(byProduct[entry.productId], entry.variantId);
        if (item) showNote(cartCell(entry.row), 'backorder-cart-message', item.cartMessage);
      });
    })
    .catch(quietly);
})();
