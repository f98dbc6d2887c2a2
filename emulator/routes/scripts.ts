/**
 * `/v3/content/scripts`: storefront scripts. Scripts with `auto_uninstall` are removed when the app is
 * uninstalled (see app-lifecycle).
 */
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { INVALID_JSON_TITLE, issuesToErrors, v3Error } from '../errors';
import { listPage, queryString, type Query } from '../query';
import type { ScriptRecord } from '../types';
import { api } from './context';

const base = {
  description: z.string().optional(),
  html: z.string().max(65536).optional(),
  src: z.string().optional(),
  auto_uninstall: z.boolean().optional(),
  load_method: z.enum(['default', 'async', 'defer']).optional(),
  location: z.enum(['head', 'footer']).optional(),
  visibility: z.enum(['storefront', 'all_pages', 'checkout', 'order_confirmation']).optional(),
  kind: z.enum(['src', 'script_tag']).optional(),
  consent_category: z.enum(['essential', 'functional', 'analytics', 'targeting']).optional(),
  enabled: z.boolean().optional(),
  channel_id: z.int().min(1).optional(),
  integrity_hashes: z.array(z.string()).max(5).optional(),
};
const createSchema = z.object({ name: z.string().min(1).max(255), ...base });
const updateSchema = z.object({ name: z.string().min(1).max(255).optional(), ...base });

/**
 * BigCommerce stores `unknown` when no consent category was given, but the spec's enum has no such value,
 * so it is left out of the answer rather than sent.
 */
function format(script: ScriptRecord): Record<string, unknown> {
  const { consent_category, ...rest } = script;
  const out: Record<string, unknown> = { ...rest, integrity_hashes: [...script.integrity_hashes] };
  if (consent_category !== 'unknown') out.consent_category = consent_category;
  return out;
}

function invalid(
  res: Response,
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
): void {
  res.status(422).json(v3Error(422, INVALID_JSON_TITLE, issuesToErrors(issues)));
}

function notFound(req: Request, res: Response): void {
  res.status(404).json(v3Error(404, `Script with uuid ${String(req.params.uuid)} was not found.`, {}));
}

function kindProblem(script: Pick<ScriptRecord, 'kind' | 'src' | 'html'>): string | undefined {
  if (script.kind === 'src' && !script.src) return 'src is required when kind is src';
  if (script.kind === 'script_tag' && !script.html) return 'html is required when kind is script_tag';
  return undefined;
}

function create(req: Request, res: Response): void {
  const parsed = createSchema.safeParse(req.body ?? {});
  if (!parsed.success) return invalid(res, parsed.error.issues);
  const { store, token } = api(res);
  const body = parsed.data;
  const now = new Date().toISOString();
  const script: ScriptRecord = {
    uuid: randomUUID(),
    name: body.name,
    description: body.description ?? '',
    html: body.html ?? '',
    src: body.src ?? '',
    auto_uninstall: body.auto_uninstall ?? false,
    load_method: body.load_method ?? 'default',
    location: body.location ?? 'footer',
    visibility: body.visibility ?? 'storefront',
    kind: body.kind ?? (body.src ? 'src' : 'script_tag'),
    api_client_id: token.client_id,
    consent_category: body.consent_category ?? 'unknown',
    enabled: body.enabled ?? true,
    channel_id: body.channel_id ?? 1,
    integrity_hashes: body.integrity_hashes ?? [],
    date_created: now,
    date_modified: now,
  };
  const problem = kindProblem(script);
  if (problem) {
    res.status(422).json(v3Error(422, INVALID_JSON_TITLE, { kind: problem }));
    return;
  }
  store.scripts.push(script);
  store.changed();
  res.json({ data: format(script), meta: {} });
}

function list(req: Request, res: Response): void {
  const query = req.query as Query;
  const sort = queryString(query, 'sort') as keyof ScriptRecord | undefined;
  const sign = queryString(query, 'direction') === 'desc' ? -1 : 1;
  const scripts = [...api(res).store.scripts];
  if (sort && ['name', 'description', 'date_created', 'date_modified'].includes(sort))
    scripts.sort((a, b) => String(a[sort]).localeCompare(String(b[sort])) * sign);
  res.json(listPage(scripts, query, format));
}

function findScript(req: Request, res: Response): ScriptRecord | undefined {
  const script = api(res).store.scripts.find((s) => s.uuid === req.params.uuid);
  if (!script) notFound(req, res);
  return script;
}

function getOne(req: Request, res: Response): void {
  const script = findScript(req, res);
  if (script) res.json({ data: format(script), meta: {} });
}

function update(req: Request, res: Response): void {
  const script = findScript(req, res);
  if (!script) return;
  const parsed = updateSchema.safeParse(req.body ?? {});
  if (!parsed.success) return invalid(res, parsed.error.issues);
  const next = {
    ...script,
    ...Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)),
  };
  const problem = kindProblem(next);
  if (problem) {
    res.status(422).json(v3Error(422, INVALID_JSON_TITLE, { kind: problem }));
    return;
  }
  Object.assign(script, next, { date_modified: new Date().toISOString() });
  api(res).store.changed();
  res.json({ data: format(script), meta: {} });
}

function remove(req: Request, res: Response): void {
  const script = findScript(req, res);
  if (!script) return;
  const { store } = api(res);
  store.data.scripts = store.scripts.filter((s) => s !== script);
  store.changed();
  res.status(204).end();
}

export function scriptsRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/', list);
  router.post('/', create);
  router.get('/:uuid', getOne);
  router.put('/:uuid', update);
  router.delete('/:uuid', remove);
  return router;
}
