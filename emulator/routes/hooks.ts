/**
 * `/v3/hooks`: the app's webhooks on this store. One hook per store, client, scope and destination: a
 * second POST of the same pair answers 422 (the spec has no 409 for hooks).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { isKnownHookScope } from '../events';
import { INVALID_JSON_TITLE, issuesToErrors, v3Error } from '../errors';
import { listPage, queryBool, queryString, type Query } from '../query';
import type { HookRecord } from '../types';
import { api, intParam } from './context';

const destination = z.string().refine(
  (value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      return false;
    }
  },
  { message: 'error.path.invalid_url' },
);
const scope = z.string().refine(isKnownHookScope, { message: 'error.path.invalid_scope' });
const headers = z.record(z.string(), z.string()).nullable();

const createSchema = z.object({
  scope,
  destination,
  is_active: z.boolean().optional(),
  headers: headers.optional(),
});
const updateSchema = z
  .object({
    scope: scope.optional(),
    destination: destination.optional(),
    is_active: z.boolean().optional(),
    headers: headers.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), {
    message: 'At least one field is required.',
  });

function format(hook: HookRecord): Record<string, unknown> {
  return { ...hook, headers: hook.headers ? { ...hook.headers } : null };
}

type Issues = ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>;

/** BigCommerce's style: `{"destination": "error.path.missing"}` for absent required fields. */
function invalid(res: Response, issues: Issues, body: unknown): void {
  const errors = issuesToErrors(issues);
  const given = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  for (const key of Object.keys(errors))
    if (given[key] === undefined && key !== 'body') errors[key] = 'error.path.missing';
  res.status(422).json(v3Error(422, INVALID_JSON_TITLE, errors));
}

function conflict(res: Response, existing: HookRecord): void {
  res.status(422).json(
    v3Error(422, INVALID_JSON_TITLE, {
      destination: `A webhook for scope ${existing.scope} and this destination already exists (id ${existing.id}).`,
    }),
  );
}

function ownHooks(res: Response): HookRecord[] {
  const { store, token } = api(res);
  return store.hooks.filter((h) => h.client_id === token.client_id);
}

function findHook(req: Request, res: Response): HookRecord | undefined {
  const id = intParam(req, 'webhook_id');
  const hook = ownHooks(res).find((h) => h.id === id);
  if (!hook)
    res.status(404).json(v3Error(404, `Webhook with id [${String(req.params.webhook_id)}] not found`));
  return hook;
}

function list(req: Request, res: Response): void {
  const query = req.query as Query;
  const active = queryBool(query, 'is_active');
  const byScope = queryString(query, 'scope');
  const byDestination = queryString(query, 'destination');
  const hooks = ownHooks(res).filter(
    (h) =>
      (active === undefined || h.is_active === active) &&
      (byScope === undefined || h.scope === byScope) &&
      (byDestination === undefined || h.destination === byDestination),
  );
  res.json(listPage(hooks, query, format));
}

function create(req: Request, res: Response): void {
  const parsed = createSchema.safeParse(req.body ?? {});
  if (!parsed.success) return invalid(res, parsed.error.issues, req.body);
  const { store, token } = api(res);
  const body = parsed.data;
  const existing = ownHooks(res).find((h) => h.scope === body.scope && h.destination === body.destination);
  if (existing) return conflict(res, existing);
  const now = Math.floor(Date.now() / 1000);
  const hook: HookRecord = {
    id: store.nextId('hook'),
    client_id: token.client_id,
    store_hash: store.hash,
    scope: body.scope,
    destination: body.destination,
    is_active: body.is_active ?? true,
    headers: body.headers ?? null,
    created_at: now,
    updated_at: now,
  };
  store.hooks.push(hook);
  store.changed();
  res.json({ data: format(hook), meta: {} });
}

function update(req: Request, res: Response): void {
  const hook = findHook(req, res);
  if (!hook) return;
  const parsed = updateSchema.safeParse(req.body ?? {});
  if (!parsed.success) return invalid(res, parsed.error.issues, req.body);
  const body = parsed.data;
  const nextScope = body.scope ?? hook.scope;
  const nextDestination = body.destination ?? hook.destination;
  const clash = ownHooks(res).find(
    (h) => h !== hook && h.scope === nextScope && h.destination === nextDestination,
  );
  if (clash) return conflict(res, clash);
  hook.scope = nextScope;
  hook.destination = nextDestination;
  if (body.is_active !== undefined) hook.is_active = body.is_active;
  if (body.headers !== undefined) hook.headers = body.headers;
  hook.updated_at = Math.floor(Date.now() / 1000);
  api(res).store.changed();
  res.json({ data: format(hook), meta: {} });
}

function getOne(req: Request, res: Response): void {
  const hook = findHook(req, res);
  if (hook) res.json({ data: format(hook), meta: {} });
}

function remove(req: Request, res: Response): void {
  const hook = findHook(req, res);
  if (!hook) return;
  const { store } = api(res);
  store.data.hooks = store.hooks.filter((h) => h !== hook);
  store.changed();
  res.json({ data: format(hook), meta: {} });
}

export function hooksRouter(): Router {
  const router = Router({ mergeParams: true });
  router.get('/', list);
  router.post('/', create);
  router.get('/:webhook_id', getOne);
  router.put('/:webhook_id', update);
  router.delete('/:webhook_id', remove);
  return router;
}
