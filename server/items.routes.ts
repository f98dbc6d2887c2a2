/** The tracked items (Products page): a page of them, one item's edit, and the activity log. */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../core/config/app-config';
import { ITEM_SORTS, LIMITS } from '../core/contract/admin-api';
import { listEvents } from '../core/db/events.repo';
import { getItem } from '../core/db/items.repo';
import { listItems } from '../core/db/items-list.repo';
import { ruleSettings } from '../core/db/settings.repo';
import { notFound } from '../core/errors';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { patchItem } from '../core/use-cases/patch-item.use-case';
import { presentEvent, presentItem } from './present';
import { id, itemPatch } from './schemas';
import { actorOf } from './session';
import { parse } from './validation';

export function itemRoutes(deps: ApplyDeps & { config: AppConfig }): Router {
  const router = Router();

  router.get('/api/items', async (req, res) => {
    const q = parse(
      z.object({
        item: id.optional(),
        status: z.enum(['in_stock', 'backorder', 'unavailable']).optional(),
        q: z.string().trim().max(LIMITS.search).optional(),
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
    const storeId = req.session!.storeId;
    const page = await listItems(deps.db, storeId, q);
    const settings = await ruleSettings(deps.db, storeId);
    const now = deps.clock();
    res.json({ ...page, items: page.items.map((row) => presentItem(row, settings, now)) });
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
      actorOf(req.session!),
      randomUUID(),
    );
    if (!found) throw notFound('Item');
    const settings = await ruleSettings(deps.db, storeId);
    res.json(presentItem((await getItem(deps.db, storeId, itemId))!, settings, deps.clock()));
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
    res.json({ events: (await listEvents(deps.db, req.session!.storeId, q)).map(presentEvent) });
  });

  return router;
}
