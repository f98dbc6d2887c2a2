/** Templates: list, create, read, update, re-apply to the items they were applied to, delete. */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  templateUsage,
  updateTemplate,
  type Template,
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
  /** A template as the API shows it, with how many products it was applied to. */
  const withUsage = async (storeId: number, t: Template) =>
    presentTemplate(t, (await templateUsage(deps.db, storeId, [t.id])).get(t.id));

  router.get('/api/templates', async (req, res) => {
    const storeId = req.session!.storeId;
    const [list, usage] = await Promise.all([
      listTemplates(deps.db, storeId),
      templateUsage(deps.db, storeId),
    ]);
    res.json({ templates: list.map((t) => presentTemplate(t, usage.get(t.id))) });
  });

  router.post('/api/templates', async (req, res) => {
    const t = parse(templateBody, req.body);
    const created = await createTemplate(deps.db, req.session!.storeId, templateRow(t));
    res.status(201).json(presentTemplate(created));
  });

  router.get('/api/templates/:id', async (req, res) => {
    const t = await getTemplate(deps.db, req.session!.storeId, parse(id, req.params.id));
    if (!t) throw notFound('Template');
    res.json(await withUsage(req.session!.storeId, t));
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
    res.json(await withUsage(req.session!.storeId, updated));
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
      result.itemCount === 1
        ? 'This template is used by 1 item; assign it another template first.'
        : `This template is used by ${result.itemCount} items; assign them another template first.`,
    );
  });

  return router;
}
