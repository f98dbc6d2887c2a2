/**
 * Each store's storefront under `/_emulator/stores/{hash}/storefront/`, shaped as a Stencil storefront
 * is at its domain's root: the home page, product pages at the product's `url`, `cart.php` (GET shows
 * the cart; a product form POSTs `action=add` to it), `remote/v1/product-attributes/{id}` (the variant
 * an option selection names, as Cornerstone asks on every option change) and `api/storefront/carts`
 * (the Storefront Cart API). The cart is found by a cookie scoped to the store's storefront path.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { ControlError } from '../errors';
import type { EmulatedStore } from '../store';
import { storeOfRequest } from './context';
import { cartPage, homePage, productPage, type PageContext } from '../storefront/pages';
import { Carts, formatCart, productAttributes, type Cart, type FormFields } from '../storefront/shopper';

const CART_COOKIE = 'emulator_cart';

export interface StorefrontDeps {
  store(hash: string): EmulatedStore | undefined;
}

export function storefrontPath(hash: string): string {
  return `/_emulator/stores/${encodeURIComponent(hash)}/storefront/`;
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

export function storefrontRouter(deps: StorefrontDeps): Router {
  const router = Router({ mergeParams: true });
  const carts = new Carts();
  router.use(express.urlencoded({ extended: false, limit: '100kb' }));

  const storeOf = storeOfRequest(deps.store);
  const context = (req: Request): PageContext => {
    const store = storeOf(req);
    return {
      store,
      root: storefrontPath(store.hash),
      cart: carts.find(store.hash, cookie(req, CART_COOKIE)),
    };
  };
  const keepCart = (res: Response, ctx: PageContext, cart: Cart) => {
    res.cookie(CART_COOKIE, cart.id, { path: ctx.root, httpOnly: true, sameSite: 'lax' });
  };
  const visibleProduct = (store: EmulatedStore, id: string | undefined) => {
    const product = /^\d{1,12}$/.test(id ?? '') ? store.productById(Number(id)) : undefined;
    return product?.is_visible ? product : undefined;
  };

  router.get('/', (req, res) => {
    const ctx = context(req);
    if (!req.originalUrl.split('?')[0]!.endsWith('/')) return res.redirect(301, ctx.root);
    res.type('html').send(homePage(ctx));
  });

  router.get('/cart.php', (req, res) => {
    res.type('html').send(cartPage(context(req)));
  });

  router.post('/cart.php', (req, res) => {
    const ctx = context(req);
    const fields = (req.body ?? {}) as FormFields;
    if (fields.action !== 'add') return res.redirect(303, `${ctx.root}cart.php`);
    try {
      keepCart(res, ctx, carts.add(ctx.store, ctx.cart, fields));
      res.redirect(303, `${ctx.root}cart.php`);
    } catch (err) {
      const product = visibleProduct(ctx.store, String(fields.product_id));
      if (!(err instanceof ControlError) || !product) throw err;
      res
        .status(err.status)
        .type('html')
        .send(productPage(ctx, product, String(err.body.message)));
    }
  });

  router.post('/remote/v1/product-attributes/:productId', (req, res) => {
    const store = storeOf(req);
    const product = visibleProduct(store, String(req.params.productId));
    if (!product) {
      res.status(404).json({ error: 'Product not found.' });
      return;
    }
    res.json({ data: productAttributes(product, (req.body ?? {}) as FormFields) });
  });

  router.get('/api/storefront/carts', (req, res) => {
    const ctx = context(req);
    const include = typeof req.query.include === 'string' ? req.query.include : '';
    res.json(
      ctx.cart && ctx.cart.lines.length > 0 ? [formatCart(ctx.store, ctx.cart, ctx.root, include)] : [],
    );
  });

  router.get('/:slug', (req, res, next) => {
    const ctx = context(req);
    const product = ctx.store.products.find((p) => p.is_visible && p.url === `/${String(req.params.slug)}/`);
    if (!product) return next();
    res.type('html').send(productPage(ctx, product));
  });

  router.use((req: Request, res: Response) => {
    res
      .status(404)
      .type('html')
      .send('<!doctype html><title>Not found</title><h1>404: no such page on this storefront</h1>');
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ControlError) {
      res.status(err.status).json(err.body);
      return;
    }
    res.status(500).json({ error: 'Internal', message: err instanceof Error ? err.message : String(err) });
  });
  return router;
}
