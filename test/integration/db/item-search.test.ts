/**
 * The Products page's search on both databases (README, "Search"): by part of a name or SKU whatever
 * the case, within the calling store only; one or two characters by the start of a word; and the
 * trigram indexes the migration leaves, which the search's query can use.
 */
import { sql, type SQLWrapper } from 'drizzle-orm';
import { selectRows } from '../../../core/db/client';
import { itemListQueries, listItems, type ItemQuery } from '../../../core/db/items.repo';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';
import { makeItems, makeStore } from '../../support/fixtures';

const search = (q: string): ItemQuery => ({ q, page: 1, limit: 50, sort: 'name', direction: 'asc' });

describe.each(DB_KINDS)('item search on %s', (kind) => {
  let t: TestDatabase;
  let mine: number;
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
    expect(page).toMatchObject({ total: 1, items: [{ sku: 'TWL-77' }] });
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

  it('answers a search from those indexes, sorted and paged, not by reading the store item by item', async () => {
    const big = (await makeStore(t.db)).id;
    await t.db.execute(sql`
      insert into items (store_id, product_id, variant_id, sku, name, stock, threshold, status)
      select ${big}, g::text, g::text, 'ITM-' || lpad(g::text, 6, '0'), 'Item ' || md5(g::text), 5, 10, 'in_stock'
      from generate_series(1, 30000) g`);
    await t.db.execute(sql`vacuum analyze items`);
    // Vacuumed, as autovacuum leaves a table: GIN's cost estimate reads the entry counts it records.
    const plan = async (q: ItemQuery) => {
      const { rows, total } = itemListQueries(t.db, big, q);
      const explain = async (query: SQLWrapper) =>
        (await selectRows<Record<string, string>>(t.db, sql`explain ${query.getSQL()}`))
          .map((row) => Object.values(row)[0])
          .join('\n');
      return [await explain(rows), await explain(total)];
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
