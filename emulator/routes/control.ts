/**
 * The control API under `/_emulator`: what happens in a real store without the app (a warehouse sets
 * stock, a shopper places an order, the merchant opens the app). No auth; JSON in and out.
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { CallbackResult } from '../app-lifecycle';
import { ControlError } from '../errors';
import { formatOrder } from '../order-format';
import type { CreateStoreInput } from '../state';
import type { EmulatedStore } from '../store';
import { baseUrlOf, storeOfRequest } from './context';

export interface ControlDeps {
  stores(): EmulatedStore[];
  store(hash: string): EmulatedStore | undefined;
  createStore(input: CreateStoreInput): EmulatedStore;
  install(hash: string): Promise<CallbackResult>;
  uninstall(hash: string): Promise<CallbackResult>;
  /** The control panel with the app framed; `deepLink`: the path it opens the app at. */
  adminPage(hash: string, notice?: string, deepLink?: string): string;
  /** The registered app's id: its page is `/stores/{hash}/manage/app/{appId}/…`. */
  appId: string;
}

const createSchema = z.object({
  hash: z.string().regex(/^[a-z0-9]{1,64}$/),
  name: z.string().min(1).optional(),
  timeZone: z.string().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  ownerEmail: z.string().optional(),
  seed: z.enum(['demo', 'empty']).optional(),
});
const orderSchema = z.object({
  lines: z.array(z.object({ sku: z.string().min(1), quantity: z.int().min(1) })).min(1),
  customerEmail: z.string(),
  shippingCountry: z.string(),
  statusId: z.int().optional(),
  customerMessage: z.string().optional(),
});
const productSchema = z.object({
  name: z.string().min(1).max(250),
  sku: z.string().min(1),
  price: z.number().min(0),
  inventory_level: z.int().min(0).optional(),
  inventory_tracking: z.enum(['none', 'product', 'variant']).optional(),
  availability: z.enum(['available', 'disabled', 'preorder']).optional(),
  categories: z.array(z.int()).optional(),
  option: z
    .object({
      name: z.string().min(1),
      values: z
        .array(
          z.object({
            label: z.string().min(1),
            sku: z.string().min(1),
            level: z.int().min(0),
            price: z.number().optional(),
          }),
        )
        .min(1),
    })
    .optional(),
});
const inventorySchema = z.object({ sku: z.string().min(1), level: z.int().min(0) });
const orderUpdateSchema = z.object({
  status_id: z.int().optional(),
  staff_notes: z.string().optional(),
  customer_message: z.string().optional(),
});

function summary(store: EmulatedStore) {
  return {
    hash: store.hash,
    name: store.name,
    storeId: store.data.storeId,
    products: store.products.length,
    orders: store.orders.length,
    hooks: store.hooks.length,
  };
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw new ControlError(400, {
    error: 'BadRequest',
    message: `${where}${issue?.message ?? 'invalid body'}`,
  });
}

export function controlRouter(deps: ControlDeps): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));

  const storeOf = storeOfRequest(deps.store);

  router.get('/stores', (_req, res) => {
    res.json(deps.stores().map(summary));
  });
  router.post('/stores', (req, res) => {
    const input = parse(createSchema, req.body);
    const existed = deps.store(input.hash) !== undefined;
    res.status(existed ? 200 : 201).json(summary(deps.createStore(input)));
  });
  router.get('/stores/:hash/state', (req, res) => {
    res.json(storeOf(req).data);
  });
  router.post('/stores/:hash/orders', (req, res) => {
    const store = storeOf(req);
    const order = store.placeOrder(parse(orderSchema, req.body));
    res.status(201).json(formatOrder(order, store.hash, baseUrlOf(req)));
  });
  router.put('/stores/:hash/orders/:id', (req, res) => {
    const store = storeOf(req);
    const patch = parse(orderUpdateSchema, req.body);
    const order = store.updateOrder(Number(req.params.id), patch);
    if (!order)
      throw new ControlError(404, { error: 'UnknownOrder', message: `No order ${String(req.params.id)}.` });
    res.json(formatOrder(order, store.hash, baseUrlOf(req)));
  });
  router.post('/stores/:hash/products', (req, res) => {
    const store = storeOf(req);
    const spec = parse(productSchema, req.body);
    const taken = [spec.sku, ...(spec.option?.values.map((v) => v.sku) ?? [])].find((sku) =>
      store.findSku(sku),
    );
    if (taken)
      throw new ControlError(409, { error: 'DuplicateSku', sku: taken, message: `SKU "${taken}" exists.` });
    res.status(201).json(store.addProduct(spec));
  });
  router.delete('/stores/:hash/products/:id', (req, res) => {
    const deleted = storeOf(req).deleteProduct(Number(req.params.id));
    if (!deleted)
      throw new ControlError(404, {
        error: 'UnknownProduct',
        message: `No product ${String(req.params.id)}.`,
      });
    res.status(204).end();
  });
  router.delete('/stores/:hash/products/:id/variants/:variantId', (req, res) => {
    const deleted = storeOf(req).deleteVariant(Number(req.params.id), Number(req.params.variantId));
    if (!deleted)
      throw new ControlError(404, {
        error: 'UnknownVariant',
        message: `No variant ${String(req.params.variantId)} of product ${String(req.params.id)}.`,
      });
    res.status(204).end();
  });
  router.put('/stores/:hash/inventory', (req, res) => {
    const { sku, level } = parse(inventorySchema, req.body);
    res.json(storeOf(req).setInventory(sku, level));
  });
  router.get('/stores/:hash/admin', (req, res) => {
    const store = storeOf(req);
    const notice = typeof req.query.notice === 'string' ? req.query.notice : undefined;
    res.type('html').send(deps.adminPage(store.hash, notice));
  });
  // The app's page, as BigCommerce serves `/manage/app/{appId}/{path}` on a store's control panel: the
  // app framed, launched with `/{path}` as the load's `url` claim (a deep link).
  router.get('/stores/:hash/manage/app/:appId{/*path}', (req, res) => {
    const store = storeOf(req);
    if (req.params.appId !== deps.appId)
      throw new ControlError(404, { error: 'UnknownApp', message: `No app ${req.params.appId} here.` });
    const segments = (req.params as { path?: string[] }).path ?? [];
    const deepLink = segments.length > 0 ? `/${segments.join('/')}` : undefined;
    res.type('html').send(deps.adminPage(store.hash, undefined, deepLink));
  });
  router.post('/stores/:hash/install', async (req, res) => {
    const store = storeOf(req);
    let notice: string | undefined;
    try {
      const result = await deps.install(store.hash);
      if (result.status >= 400) notice = `The app's auth callback answered ${result.status}.`;
    } catch (err) {
      notice = `Install failed: ${err instanceof Error ? err.message : String(err)}`;
    }
    const query = notice ? `?notice=${encodeURIComponent(notice)}` : '';
    res.redirect(303, `/_emulator/stores/${encodeURIComponent(store.hash)}/admin${query}`);
  });
  router.post('/stores/:hash/uninstall', async (req, res) => {
    const store = storeOf(req);
    res.json(await deps.uninstall(store.hash));
  });

  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'NotFound', message: 'No such control endpoint.' });
  });
  router.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof ControlError) {
      res.status(err.status).json(err.body);
      return;
    }
    const e = err as { type?: string; message?: string };
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'BadRequest', message: 'The request body is not valid JSON.' });
      return;
    }
    res.status(500).json({ error: 'Internal', message: e.message ?? String(err) });
  });
  return router;
}
