/**
 * A page of the Products list (the admin's query, or the untracked items): filtered by status or
 * search, sorted, paged and counted. A search is answered from the trigram indexes of migration 0012
 * (README, "Search").
 */
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { SEARCH, type ItemQuery as ContractItemQuery } from '../contract/admin-api';
import type { Db } from './client';
import type { ItemRow } from './items.repo';
import { items } from './schema';

export interface ItemQuery extends ContractItemQuery {
  tracked?: boolean;
}

/**
 * A list reads its page in sort order and counts from an index. A search takes its matches from
 * the trigram indexes, at most one past `SEARCH.countUpTo`, and sorts, pages and counts those in one
 * pass: its cost follows the matches. Left to itself the planner would read in sort order (the name
 * index) and stop at the page whenever it expects that to be quicker; where the matches cluster in
 * that order (a word that starts the names: "Vintage …") it reads most of the store first, 250 ms at
 * 100,000 items. A search with more matches than that reads in sort order after all: they are dense
 * enough to fill a page soon, and sorting them all would read and check every match again (trigrams
 * only narrow a pattern down): 60-110 ms for 33,000 on PostgreSQL. Its total is `countUpTo`, with
 * `totalCapped`.
 */
export async function listItems(db: Db, storeId: number, query: ItemQuery) {
  const { count: counting, inOrder, fromMatches } = itemListQueries(db, storeId, query);
  let rows: ItemRow[];
  let n: number;
  if (fromMatches) {
    const found = await fromMatches;
    rows = found.map((r) => r.item);
    // A page past the last match carries no total: count them.
    n = found[0]?.total ?? (query.page > 1 ? ((await counting)[0]?.n ?? 0) : 0);
    if (n > SEARCH.countUpTo) rows = await inOrder;
  } else {
    const [page, [counted]] = await Promise.all([inOrder, counting]);
    rows = page;
    n = counted?.n ?? 0;
  }
  const capped = fromMatches !== undefined && n > SEARCH.countUpTo;
  return {
    items: rows,
    total: capped ? SEARCH.countUpTo : n,
    totalCapped: capped,
    page: query.page,
    limit: query.limit,
  };
}

/**
 * The queries of a page, apart so a test can EXPLAIN them: how many match (a search's no further
 * than `countUpTo + 1`), the page read in sort order, and a search's page sorted from its matches,
 * each row with their number.
 */
export function itemListQueries(db: Db, storeId: number, query: ItemQuery) {
  const where: SQL[] = [eq(items.storeId, storeId), eq(items.tracked, query.tracked ?? true)];
  if (query.item !== undefined) where.push(eq(items.id, query.item));
  if (query.status) where.push(eq(items.status, query.status));
  if (query.q) where.push(matching(query.q));
  const dir = query.direction === 'desc' ? desc : asc;
  const offset = (query.page - 1) * query.limit;
  const inOrder = db
    .select()
    .from(items)
    .where(and(...where))
    .orderBy(dir(items[query.sort]), dir(items.id))
    .limit(query.limit)
    .offset(offset);
  if (!query.q) {
    const counting = db
      .select({ n: count() })
      .from(items)
      .where(and(...where));
    return { count: counting, inOrder, fromMatches: undefined };
  }
  // The limit bounds the work, and keeps the planner from reading the matches in sort order.
  const matches = db
    .select({ id: items.id, key: items[query.sort] })
    .from(items)
    .where(and(...where))
    .limit(SEARCH.countUpTo + 1)
    .as('matches');
  const page = db
    .select({
      id: matches.id,
      key: matches.key,
      total: sql<number>`count(*) over ()`.mapWith(Number).as('total'),
    })
    .from(matches)
    .orderBy(dir(matches.key), dir(matches.id))
    .limit(query.limit)
    .offset(offset)
    .as('page');
  return {
    count: db.select({ n: count() }).from(matches),
    inOrder,
    fromMatches: db
      .select({ item: items, total: page.total })
      .from(items)
      .innerJoin(page, eq(items.id, page.id))
      .orderBy(dir(page.key), dir(page.id)),
  };
}

/**
 * What a search matches, case-insensitively: from three characters on, anywhere in the name or the
 * SKU; one or two, the start of the name, of a word in it, or of the SKU. Both are written so the
 * trigram indexes (`items_store_*_trgm_idx`) answer them: a trigram index finds a pattern by its runs
 * of three letters or digits, and knows where words start, but cannot find one or two characters
 * inside a word, for which every item of the store would have to be read.
 */
function matching(q: string): SQL {
  const text = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  if ([...q].length >= SEARCH.anywhereFrom) {
    return or(ilike(items.name, `%${text}%`), ilike(items.sku, `%${text}%`))!;
  }
  return or(ilike(items.name, `${text}%`), ilike(items.name, `% ${text}%`), ilike(items.sku, `${text}%`))!;
}
