/** Templates: list, create, read, update, re-apply to the items they were applied to, delete. */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  updateTemplate,
} from '../core/db/templates.repo';
import { conflict, notFound } from '../core/errors';
import type { ApplyDeps } from '../core/use-cases/apply-item-event.use-case';
import { reapplyTemplate } from '../core/use-cases/patch-item.use-case';
import { presentTemplate } from './present';
import { id, templateBody, templateRow } from './schemas';
import { actorOf } from './session';
import { parse } from './validation';

export function templateRoutes(deps: ApplyDeps): Router {
  const router = Router();

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
    res.json(await reapplyTemplate(deps, storeId, t, actorOf(req.session!), randomUUID()));
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

  return router;
}
