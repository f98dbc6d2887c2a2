/**
 * The Products page's search on both databases (README, "Search"): by part of a name or SKU whatever
 * the case, within the calling store only; one or two characters by the start of a word; and the
 * trigram indexes the migration leaves, which the search's query can use.
 */
import { sql, type SQLWrapper } from 'drizzle-orm';
import { selectRows } from '../../../core/db/client';
import { itemListQueries, listItems, type ItemQuery } from '../../../core/db/items-list.repo';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';
import { makeItems, makeStore } from '../../support/fixtures';

const search = (q: string): ItemQuery => ({ q, page: 1, limit: 50, sort: 'name', direction: 'asc' });

describe.each(DB_KINDS)('item search on %s', (kind) => {
  let t: TestDatabase;
  let mine: number;
  let big: number;
  const found = async (q: string) => (await listItems(t.db, mine, search(q))).items.map((i) => i.name);

  beforeAll(async () => {
    t = await createTestDatabase(kind);
    mine = (await makeStore(t.db)).id;
    const other = (await makeStore(t.db)).id;
    await makeItems(t.db, mine, [
      { name: 'Rustic Ceramic Mug - Large', sku: 'MUG-004217' },
      { name: 'Linen Apron', sku: 'APR-000310' },
      { name: 'Tea Towel, Waffle', sku: 'TWL-77' },
      { name: 'Muffin Tin', sku: 'BAK-1' },
    ]);
    // The neighbour's items match every query below; none may show in the store's search.
    await makeItems(t.db, other, [
      { name: 'Rustic Ceramic Mug - Small', sku: 'MUG-004218' },
      { name: 'Apron of another store', sku: 'APR-000311' },
      { name: 'Mud Kitchen', sku: 'TWL-78' },
    ]);
    // A store of 30,000 items, vacuumed as autovacuum leaves a table (GIN's cost estimate reads the
    // entry counts vacuum records): big enough for the planner to prefer an index to reading it all.
    big = (await makeStore(t.db)).id;
    await t.db.execute(sql`
      insert into items (store_id, product_id, variant_id, sku, name, stock, threshold, status)
      select ${big}, g::text, g::text, 'ITM-' || lpad(g::text, 6, '0'), 'Item ' || md5(g::text), 5, 10, 'in_stock'
      from generate_series(1, 30000) g`);
    await t.db.execute(sql`vacuum analyze items`);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  it('finds part of a name or SKU whatever its case, in the calling store only', async () => {
    expect(await found('CERAMIC')).toEqual(['Rustic Ceramic Mug - Large']);
    expect(await found('amic mug')).toEqual(['Rustic Ceramic Mug - Large']);
    expect(await found('mug-0042')).toEqual(['Rustic Ceramic Mug - Large']);
    expect(await found('0003')).toEqual(['Linen Apron']);
    expect(await found('apr')).toEqual(['Linen Apron']);
    expect(await found('waffle')).toEqual(['Tea Towel, Waffle']);
    expect(await found('zebra')).toEqual([]);
    const page = await listItems(t.db, mine, search('twl-7'));
    expect(page).toMatchObject({ total: 1, totalCapped: false, items: [{ sku: 'TWL-77' }] });
  });

  it('finds the start of a word in the name, or of the SKU, for one or two characters', async () => {
    expect(await found('mu')).toEqual(['Muffin Tin', 'Rustic Ceramic Mug - Large']);
    expect(await found('AP')).toEqual(['Linen Apron']);
    expect(await found('w')).toEqual(['Tea Towel, Waffle']);
    expect(await found('ba')).toEqual(['Muffin Tin']);
    // Inside a word, two characters find nothing: "ug" of Mug, "31" of APR-000310.
    expect(await found('ug')).toEqual([]);
    expect(await found('31')).toEqual([]);
  });

  it('leaves trigram indexes on name and SKU under the store', async () => {
    const indexes = await selectRows<{ indexname: string; indexdef: string }>(
      t.db,
      sql`select indexname, indexdef from pg_indexes where tablename = 'items' and indexdef like '%gin_trgm_ops%' order by indexname`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'items_store_name_trgm_idx',
      'items_store_sku_trgm_idx',
    ]);
    expect(indexes.map((i) => i.indexdef)).toEqual([
      expect.stringContaining('USING gin (store_id, name gin_trgm_ops)'),
      expect.stringContaining('USING gin (store_id, sku gin_trgm_ops)'),
    ]);
  });

  it('counts a search up to 10,000 matches and says when there are more; a list counts them all', async () => {
    const many = await listItems(t.db, big, search('item'));
    expect(many).toMatchObject({ total: 10000, totalCapped: true });
    expect(many.items.map((i) => i.name)).toEqual([...many.items.map((i) => i.name)].sort());
    expect(many.items).toHaveLength(50);
    expect(await listItems(t.db, big, search('itm-00'))).toMatchObject({ total: 9999, totalCapped: false });
    const few = await listItems(t.db, big, { ...search('itm-000'), sort: 'sku', direction: 'desc', page: 2 });
    expect(few).toMatchObject({ total: 999, totalCapped: false });
    expect(few.items.map((i) => i.sku).slice(0, 2)).toEqual(['ITM-000949', 'ITM-000948']);
    expect(await listItems(t.db, big, { ...search('itm-000'), page: 30 })).toMatchObject({
      items: [],
      total: 999,
    });
    expect(await listItems(t.db, big, { ...search(''), q: undefined })).toMatchObject({
      total: 30000,
      totalCapped: false,
    });
  });

  it('answers a search from those indexes, sorted and paged, not by reading the store item by item', async () => {
    // A search of a few matches: counted and sorted from what the indexes found.
    const plan = async (q: ItemQuery) => {
      const { count, fromMatches } = itemListQueries(t.db, big, q);
      const explain = async (query: SQLWrapper) =>
        (await selectRows<Record<string, string>>(t.db, sql`explain ${query.getSQL()}`))
          .map((row) => Object.values(row)[0])
          .join('\n');
      return [await explain(count), await explain(fromMatches!)];
    };
    for (const q of [
      search('itm-0042'),
      search('ab'),
      { ...search('00421'), sort: 'stock' as const, page: 3 },
    ]) {
      for (const text of await plan(q)) expect(text).toMatch(/items_store_(name|sku)_trgm_idx/);
    }
  });
});
