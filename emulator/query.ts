/**
 * Query-string helpers and V3 paging: `page`/`limit` in, `meta.pagination` out, as BigCommerce shapes it.
 */

export type Query = Record<string, unknown>;

export function queryString(query: Query, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) return typeof value[0] === 'string' ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Comma-separated (or repeated) values: `id:in=1,2,3`. */
export function queryList(query: Query, name: string): string[] | undefined {
  const value = query[name];
  const raw = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [value];
  const items = raw
    .filter((v): v is string => typeof v === 'string')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length > 0 ? items : undefined;
}

export function queryInts(query: Query, name: string): number[] | undefined {
  const list = queryList(query, name);
  return list?.map(Number).filter((n) => Number.isInteger(n));
}

export function queryInt(query: Query, name: string): number | undefined {
  const raw = queryString(query, name);
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

export function queryBool(query: Query, name: string): boolean | undefined {
  const raw = queryString(query, name);
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  return undefined;
}

export interface PageRequest {
  page: number;
  limit: number;
}

export function readPage(query: Query, defaults: { limit: number; max: number }): PageRequest {
  const page = Math.max(1, queryInt(query, 'page') ?? 1);
  const asked = queryInt(query, 'limit');
  const limit = asked === undefined || asked < 1 ? defaults.limit : Math.min(asked, defaults.max);
  return { page, limit };
}

export interface Pagination {
  total: number;
  count: number;
  per_page: number;
  current_page: number;
  total_pages: number;
  links: { previous?: string; current: string; next?: string };
}

function link(query: Query, page: number, limit: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'page' || key === 'limit') continue;
    for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') params.append(key, v);
  }
  params.set('page', String(page));
  params.set('limit', String(limit));
  return `?${params.toString()}`;
}

export function paginate<T>(
  items: T[],
  request: PageRequest,
  query: Query,
): { data: T[]; pagination: Pagination } {
  const { page, limit } = request;
  const data = items.slice((page - 1) * limit, page * limit);
  const totalPages = Math.ceil(items.length / limit);
  const links: Pagination['links'] = { current: link(query, page, limit) };
  if (page > 1) links.previous = link(query, page - 1, limit);
  if (page < totalPages) links.next = link(query, page + 1, limit);
  return {
    data,
    pagination: {
      total: items.length,
      count: data.length,
      per_page: limit,
      current_page: page,
      total_pages: totalPages,
      links,
    },
  };
}

/**
 * A V3 list's answer: one page of `items`, each shaped by `format`, and `meta.pagination`. 50 a page
 * unless `limit` asks otherwise, 250 at the most (some endpoints allow more).
 */
export function listPage<T>(
  items: T[],
  query: Query,
  format: (item: T) => unknown,
  limits = { limit: 50, max: 250 },
): { data: unknown[]; meta: { pagination: Pagination } } {
  const page = paginate(items, readPage(query, limits), query);
  return { data: page.data.map((item) => format(item)), meta: { pagination: page.pagination } };
}

/** Applies `include_fields` / `exclude_fields` to one V3 resource; `id` is always kept. */
export function pickFields(resource: Record<string, unknown>, query: Query): Record<string, unknown> {
  const include = queryList(query, 'include_fields');
  const exclude = queryList(query, 'exclude_fields');
  if (!include && !exclude) return resource;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resource)) {
    if (include && key !== 'id' && !include.includes(key) && key !== 'variants') continue;
    if (exclude && key !== 'id' && exclude.includes(key)) continue;
    out[key] = value;
  }
  return out;
}
