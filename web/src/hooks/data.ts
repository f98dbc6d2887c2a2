/**
 * The admin's data hooks: one per API resource, each returning plain data and async actions that
 * throw ApiError. No UI library here: the BigDesign pages (and a future Polaris admin) render them.
 */
import { useCallback, useEffect, useState } from 'react';
import { query } from '../api/client';
import type {
  ActivityEvent,
  CatalogPage,
  Item,
  ItemPage,
  ItemPatch,
  ItemQuery,
  Overview,
  Session,
  Settings,
  Template,
  TemplateInput,
} from '../api/types';
import { useApi } from './api-context';
import { useResource } from './use-resource';

export function useSession() {
  const api = useApi();
  return useResource(() => api.get<Session>('/api/session'), [api]);
}

/** How often the Settings page asks how far a new switch condition is, while it is being applied. */
export const SWITCH_APPLY_POLL_MS = 1000;

export function useSettings() {
  const api = useApi();
  const [applying, setApplying] = useState(false);
  const res = useResource(() => api.get<Settings>('/api/settings'), [api], {
    pollMs: applying ? SWITCH_APPLY_POLL_MS : undefined,
  });
  const { setData } = res;
  const status = res.data?.switchConditionApply?.status;
  useEffect(() => setApplying(status === 'applying'), [status]);
  const save = useCallback(
    async (patch: Partial<Settings>) => {
      const saved = await api.put<Settings>('/api/settings', patch);
      setData(() => saved);
      return saved;
    },
    [api, setData],
  );
  return { ...res, save };
}

/**
 * The store's time zone (Settings), which dates and times are read in: undefined while it loads, and
 * `failed` when it could not be read.
 */
export function useStoreTimeZone() {
  const api = useApi();
  const res = useResource(() => api.get<Settings>('/api/settings'), [api]);
  return { timeZone: res.data?.timeZone, failed: !!res.error && !res.data };
}

export function useTemplates() {
  const api = useApi();
  const res = useResource(
    async () => (await api.get<{ templates: Template[] }>('/api/templates')).templates,
    [api],
  );
  const { reload } = res;
  const create = useCallback(
    async (input: TemplateInput) => {
      const t = await api.post<Template>('/api/templates', input);
      await reload();
      return t;
    },
    [api, reload],
  );
  const update = useCallback(
    async (id: number, input: TemplateInput) => {
      const t = await api.put<Template>(`/api/templates/${id}`, input);
      await reload();
      return t;
    },
    [api, reload],
  );
  const remove = useCallback(
    async (id: number) => {
      await api.delete(`/api/templates/${id}`);
      await reload();
    },
    [api, reload],
  );
  const makeDefault = useCallback(
    async (id: number) => {
      await api.put<Settings>('/api/settings', { defaultTemplateId: id });
      await reload();
    },
    [api, reload],
  );
  /** Copies the template's current values onto the products it was applied to. */
  const reapply = useCallback(
    async (id: number) => {
      const result = await api.post<ReapplyResult>(`/api/templates/${id}/apply`, {});
      await reload();
      return result;
    },
    [api, reload],
  );
  return { ...res, create, update, remove, makeDefault, reapply };
}

/** What re-applying a template did: the items it went to, and those whose new values the rules refused. */
export interface ReapplyResult {
  items: number;
  refused: Array<{ itemId: number; reason: string }>;
}

export function useCatalog(q: string, page: number) {
  const api = useApi();
  const res = useResource(() => api.get<CatalogPage>(`/api/catalog${query({ q, page })}`), [api, q, page]);
  const { reload } = res;
  const assign = useCallback(
    async (productIds: string[], templateId?: number) => {
      const result = await api.post<Record<string, unknown>>('/api/assignments', {
        productIds,
        ...(templateId ? { templateId } : {}),
      });
      await reload();
      return result;
    },
    [api, reload],
  );
  return { ...res, assign };
}

export const ITEMS_POLL_MS = 3000;

export function useItems(q: ItemQuery, options: { pollMs?: number } = {}) {
  const api = useApi();
  const res = useResource(
    () =>
      api.get<ItemPage>(
        `/api/items${query({ item: q.item, status: q.status, q: q.q, page: q.page, limit: q.limit, sort: q.sort, direction: q.direction })}`,
      ),
    [api, q.item, q.status, q.q, q.page, q.limit, q.sort, q.direction],
    { pollMs: options.pollMs },
  );
  const { setData } = res;
  const update = useCallback(
    async (id: number, patch: ItemPatch) => {
      const item = await api.patch<Item>(`/api/items/${id}`, patch);
      setData((page) => (page ? { ...page, items: page.items.map((i) => (i.id === id ? item : i)) } : page));
      return item;
    },
    [api, setData],
  );
  return { ...res, update };
}

export function useEvents(filter: { type?: string; itemId?: number; before?: number; limit?: number }) {
  const api = useApi();
  return useResource(
    async () =>
      (
        await api.get<{ events: ActivityEvent[] }>(
          `/api/events${query({ type: filter.type, itemId: filter.itemId, before: filter.before, limit: filter.limit ?? 50 })}`,
        )
      ).events,
    [api, filter.type, filter.itemId, filter.before, filter.limit],
  );
}

export function useOverview(options: { pollMs?: number } = {}) {
  const api = useApi();
  return useResource(() => api.get<Overview>('/api/overview'), [api], options);
}

/** The four setup steps the Overview walks a merchant through, done or not. */
export function setupSteps(o: Overview['setup'] | undefined) {
  return [
    { id: 'settings', title: 'Set the switch condition', page: 'settings', done: !!o?.settingsSaved },
    { id: 'templates', title: 'Set up a template', page: 'templates', done: (o?.templates ?? 0) > 0 },
    { id: 'assign', title: 'Assign products', page: 'assign', done: (o?.assigned ?? 0) > 0 },
    { id: 'import', title: 'Import stock', page: 'import', done: !!o?.imported },
  ] as const;
}

export const IMPORT_POLL_MS = 700;
