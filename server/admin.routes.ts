/**
 * The admin JSON API the embedded app calls. Every route sits behind the session token and takes the
 * store from it, never from the request: a store only ever sees and changes its own data (an id of
 * another store's row answers 404, exactly as a missing one).
 */
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../core/config/app-config';
import { listEvents } from '../core/db/events.repo';
import { getItem, ITEM_SORTS, itemsOfProducts, listItems } from '../core/db/items.repo';
import { getSettings, updateSettings } from '../core/db/settings.repo';
import { getStore } from '../core/db/stores.repo';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  setDefaultTemplate,
  updateTemplate,
} from '../core/db/templates.repo';
import { isRealDate } from '../core/domain/dates';
import type { Platforms } from '../core/use-cases/platforms';
import { requireSession } from './session';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { patchItem, reapplyTemplate } from '../core/use-cases/patch-item.use-case';
import { assignProducts } from '../core/use-cases/assign-products.use-case';
import { unassignProduct } from '../core/use-cases/unassign-product.use-case';
import { conflict, invalid, notFound } from '../core/errors';
import { overviewRoutes } from './overview.routes';
import { importRoutes, type ImportRouteDeps } from './imports.routes';
import { presentItem, presentSettings, presentTemplate } from './present';
import { parse } from './validation';

export interface AdminDeps extends ApplyDeps, ImportRouteDeps {
  platforms: Platforms;
  config: AppConfig;
  sessionSecret: string;
}

const count = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(1_000_000, 'must be at most 1000000');
const isoDate = z.string().refine(isRealDate, 'must be a real date written YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const id = z.coerce.number().int().positive();

const settingsBody = z
  .object({
    switchCondition: z.number().int('must be a whole number').min(-1_000_000).max(1_000_000),
    defaultTemplateId: id.nullable(),
    ownerEmail: z.email('must be an email address').nullable(),
    notifyOwner: z.boolean(),
    timeZone: z.string().refine(validZone, 'must be an IANA time zone such as Europe/Amsterdam'),
    autoAssignNewProducts: z.boolean(),
  })
  .partial()
  .strict();

const templateBody = z
  .object({
    name: text(100).min(1, 'is required'),
    isDefault: z.boolean().default(false),
    storefront: z.object({
      buttonText: text(60).min(1, 'is required'),
      productMessage: text(255),
      cartMessage: text(255),
    }),
    stock: z.object({
      threshold: count,
      incomingStock: count.default(0),
      backInStockDate: z.union([isoDate, z.literal('none'), z.null()]).default(null),
    }),
    packingSlip: z.object({ note: text(500) }),
  })
  .strict();

const itemPatch = z
  .object({
    enabled: z.boolean(),
    threshold: count,
    incomingStock: count,
    backInStockDate: isoDate.nullable(),
    switchAt: z.number().int().nullable(),
    buttonText: text(60).min(1, 'is required'),
    productMessage: text(255),
    cartMessage: text(255),
    packingSlipNote: text(500),
  })
  .partial()
  .strict();

export function adminRoutes(deps: AdminDeps): Router {
  const router = Router();
  const isActive = async (storeId: number) => (await getStore(deps.db, storeId))?.status === 'active';
  router.use(
    '/api',
    express.json({ limit: '1mb' }),
    requireSession(deps.sessionSecret, isActive, deps.clock),
  );
  router.use(importRoutes(deps));
  router.use(overviewRoutes(deps));

  router.get('/api/session', async (req, res) => {
    const store = (await getStore(deps.db, req.session!.storeId))!;
    res.json({
      store: {
        name: store.name,
        platform: store.platform,
        platformId: store.platformId,
        timeZone: store.timeZone,
      },
      user: { id: req.session!.userId, email: req.session!.email },
    });
  });

  router.get('/api/settings', async (req, res) => {
    res.json(presentSettings((await getSettings(deps.db, req.session!.storeId))!));
  });

  router.put('/api/settings', async (req, res) => {
    const storeId = req.session!.storeId;
    const body = parse(settingsBody, req.body);
    if (body.defaultTemplateId && !(await getTemplate(deps.db, storeId, body.defaultTemplateId))) {
      throw invalid(
        `defaultTemplateId: template ${body.defaultTemplateId} does not exist`,
        'defaultTemplateId',
      );
    }
    const { defaultTemplateId, ...rest } = body;
    if (defaultTemplateId !== undefined) await setDefaultTemplate(deps.db, storeId, defaultTemplateId);
    res.json(presentSettings((await updateSettings(deps.db, storeId, rest))!));
  });

  router.get('/api/templates', async (req, res) => {
    res.json({ templates: (await listTemplates(deps.db, req.session!.storeId)).map(presentTemplate) });
  });

  router.post('/api/templates', async (req, res) => {
    const t = parse(templateBody, req.body);
    const created = await createTemplate(deps.db, req.session!.storeId, templateRow(t));
    res.status(201).json(presentTemplate(created));
  });

  router.get('/api/templates/:id', async (req, res) => {
    const t = await getTemplate(deps.db, req.session!.storeId, parse(id, req.params.id));
    if (!t) throw notFound('Template');
    res.json(presentTemplate(t));
  });

  router.put('/api/templates/:id', async (req, res) => {
    const t = parse(templateBody, req.body);
    const updated = await updateTemplate(
      deps.db,
      req.session!.storeId,
      parse(id, req.params.id),
      templateRow(t),
    );
    if (!updated) throw notFound('Template');
    res.json(presentTemplate(updated));
  });

  // "Re-apply": the template's current values onto every item it was applied to.
  router.post('/api/templates/:id/apply', async (req, res) => {
    const storeId = req.session!.storeId;
    const t = await getTemplate(deps.db, storeId, parse(id, req.params.id));
    if (!t) throw notFound('Template');
    res.json(await reapplyTemplate(deps, storeId, t, userActor(req.session!), randomUUID()));
  });

  router.delete('/api/templates/:id', async (req, res) => {
    const result = await deleteTemplate(deps.db, req.session!.storeId, parse(id, req.params.id));
    if (result.deleted) return void res.status(204).end();
    if (result.reason === 'not_found') throw notFound('Template');
    throw conflict(
      'template_in_use',
      `This template is used by ${result.itemCount} item${result.itemCount === 1 ? '' : 's'}; assign them another template first.`,
    );
  });

  router.get('/api/catalog', async (req, res) => {
    const q = parse(
      z.object({ q: z.string().max(100).default(''), page: z.coerce.number().int().min(1).default(1) }),
      req.query,
    );
    const storeId = req.session!.storeId;
    const page = await deps.platforms
      .forStore((await getStore(deps.db, storeId))!)
      .searchCatalog({ keyword: q.q, page: q.page, limit: 50 });
    const assigned = await assignedProductIds(
      deps,
      storeId,
      page.products.map((p) => p.id),
    );
    res.json({ ...page, products: page.products.map((p) => ({ ...p, assigned: assigned.has(p.id) })) });
  });

  router.post('/api/assignments', async (req, res) => {
    const body = parse(
      z
        .object({
          productIds: z.array(z.coerce.string().min(1)).min(1, 'pick at least one product').max(250),
          templateId: id.optional(),
        })
        .strict(),
      req.body,
    );
    const result = await assignProducts(deps, req.session!.storeId, {
      ...body,
      actor: userActor(req.session!),
      requestKey: randomUUID(),
    });
    res.status(201).json(result);
  });

  router.delete('/api/assignments/:productId', async (req, res) => {
    const result = await unassignProduct(
      deps,
      req.session!.storeId,
      String(req.params.productId),
      userActor(req.session!),
      randomUUID(),
    );
    if (result.unassigned === 0) throw notFound('Assigned product');
    res.json(result);
  });

  router.get('/api/items', async (req, res) => {
    const q = parse(
      z.object({
        status: z.enum(['in_stock', 'backorder', 'unavailable']).optional(),
        q: z.string().max(100).optional(),
        page: z.coerce.number().int().min(1).default(1),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(deps.config.items.pageSizeMax)
          .default(deps.config.items.pageSizeDefault),
        sort: z.enum(ITEM_SORTS).default('name'),
        direction: z.enum(['asc', 'desc']).default('asc'),
      }),
      req.query,
    );
    const page = await listItems(deps.db, req.session!.storeId, q);
    res.json({ ...page, items: page.items.map(presentItem) });
  });

  router.patch('/api/items/:id', async (req, res) => {
    const storeId = req.session!.storeId;
    const itemId = parse(id, req.params.id);
    const body = parse(itemPatch, req.body);
    const { enabled, buttonText, productMessage, cartMessage, packingSlipNote, ...edits } = body;
    const found = await patchItem(
      deps,
      storeId,
      itemId,
      { edits, texts: { buttonText, productMessage, cartMessage, packingSlipNote }, enabled },
      userActor(req.session!),
      randomUUID(),
    );
    if (!found) throw notFound('Item');
    res.json(presentItem((await getItem(deps.db, storeId, itemId))!));
  });

  router.get('/api/events', async (req, res) => {
    const q = parse(
      z.object({
        itemId: id.optional(),
        type: z.string().max(50).optional(),
        before: id.optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      req.query,
    );
    res.json({ events: await listEvents(deps.db, req.session!.storeId, q) });
  });

  return router;
}

function templateRow(t: z.infer<typeof templateBody>) {
  return {
    name: t.name,
    isDefault: t.isDefault,
    buttonText: t.storefront.buttonText,
    productMessage: t.storefront.productMessage,
    cartMessage: t.storefront.cartMessage,
    threshold: t.stock.threshold,
    incomingStock: t.stock.incomingStock,
    backInStockDate: t.stock.backInStockDate === 'none' ? null : t.stock.backInStockDate,
    packingSlipNote: t.packingSlip.note,
  };
}

function userActor(s: { userId: string; email: string }) {
  return { kind: 'user' as const, userId: s.userId, email: s.email };
}

async function assignedProductIds(
  deps: AdminDeps,
  storeId: number,
  productIds: string[],
): Promise<Set<string>> {
  return new Set(
    (await itemsOfProducts(deps.db, storeId, productIds)).filter((i) => i.tracked).map((i) => i.productId),
  );
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
