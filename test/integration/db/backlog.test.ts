/**
 * The backlogs /metrics shows, on PostgreSQL and PGlite: an unpublished item counts from when it
 * became unpublished (how far behind the platform is), not from the merchant's last edit.
 */
import { eq, sql } from 'drizzle-orm';
import { backlog } from '../../../core/db/backlog.repo';
import { updateItem } from '../../../core/db/item-changes.repo';
import { markPublished } from '../../../core/db/items-publish.repo';
import { items } from '../../../core/db/schema';
import { createTestDatabase, DB_KINDS, type TestDatabase } from '../../support/databases';
import { makeItems, makeStore } from '../../support/fixtures';

describe.each(DB_KINDS)('backlogs on %s', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => t?.destroy());

  const unpublished = async () => (await backlog(t.db)).unpublished;
  const republish = (id: number, touched: boolean) =>
    t.db.transaction((tx) => updateItem(tx, id, {}, { touched, republish: true }));
  const backdate = (id: number, column: 'updated_at' | 'dirty_since', age: string) =>
    t.db
      .update(items)
      .set({ [column === 'updated_at' ? 'updatedAt' : 'dirtySince']: sql`now() - ${age}::interval` })
      .where(eq(items.id, id));

  it('counts an unpublished item from when it became unpublished', async () => {
    const store = await makeStore(t.db);
    const [item] = await makeItems(t.db, store.id, [{}]);
    expect(await unpublished()).toEqual({ count: 0, oldestSeconds: 0 });

    // Last edited a week ago; the ledger now asks for a write (nothing a merchant sees changes).
    await backdate(item!.id, 'updated_at', '7 days');
    await republish(item!.id, false);
    const fresh = await unpublished();
    expect(fresh.count).toBe(1);
    expect(fresh.oldestSeconds).toBeLessThan(60);

    // Still unpublished an hour later, and changed again: it has been behind for the hour.
    await backdate(item!.id, 'dirty_since', '1 hour');
    const after = await republish(item!.id, true);
    expect((await unpublished()).oldestSeconds).toBeGreaterThanOrEqual(3600);

    // Published: nothing waits; the next change starts a new count.
    await markPublished(t.db, [{ id: after.id, version: after.version }]);
    expect(await unpublished()).toEqual({ count: 0, oldestSeconds: 0 });
    await republish(item!.id, false);
    expect((await unpublished()).oldestSeconds).toBeLessThan(60);
  });
});
