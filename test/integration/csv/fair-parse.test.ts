/**
 * Imports are parsed one at a time per store, and a store's long parse holds up no other store: the
 * real app (PostgreSQL, Redis, workers as app.config.json sets them), two stores installed through
 * the emulator. Store A's big file is held mid-parse by a row lock on its import (its progress report
 * waits), so "meanwhile" is not a race against the machine's speed.
 */
import { sql } from 'drizzle-orm';
import { adminClient } from '../../support/admin-client';
import { eventually, sessionFrom } from '../../support/app-harness';
import { startCsvStore, type CsvStore } from './support';

describe('import parses across stores', () => {
  let a: CsvStore;
  beforeAll(async () => {
    a = await startCsvStore('postgres', 'fairparsea');
  });
  afterAll(async () => a?.close());

  it("runs a second store's parse while the first store's big parse runs, and the first store's next file after it", async () => {
    a.h.emulator.createStore({ hash: 'fairparseb', name: 'Second Store', seed: 'demo' });
    const tokenB = sessionFrom((await a.h.emulator.install('fairparseb')).body);
    const b = adminClient(a.h.appUrl, tokenB);
    const uploadB = async (csv: string) => {
      const res = await fetch(`${a.h.appUrl}/api/imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokenB}`, 'content-type': 'text/csv' },
        body: csv,
      });
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const status = async (api: typeof b, id: string) => (await api.get(`/api/imports/${id}`)).body;

    // About 3 MB: the parse reports its progress some fifty times.
    const big = ['sku,stock', ...Array.from({ length: 200_000 }, (_, i) => `NOT-ASSIGNED-${i},5`)].join('\n');
    const first = await a.upload(big);
    expect(first.status).toBe(202);
    const firstId = first.body.id as string;

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = a.h.runtime.database.db.transaction(async (tx) => {
      await tx.execute(sql`select id from imports where id = ${firstId} for update`);
      locked();
      await released;
    });
    let next!: Awaited<ReturnType<CsvStore['upload']>>;
    try {
      await lockTaken;
      // Store A's next file, then store B's, queued in that order behind A's big one.
      next = await a.upload('sku,stock\nCOF-ETH-YIR-1KG,7\n');
      const other = await uploadB('sku,stock\nCOF-ETH-YIR-1KG,7\n');
      expect([next.status, other.status]).toEqual([202, 202]);

      const otherDone = await eventually(
        async () => {
          const got = await status(b, other.body.id);
          return got.status !== 'parsing' ? got : null;
        },
        15_000,
        "store B's preview",
      );
      // (Store B has assigned nothing: the SKU is an error of its preview.)
      expect(otherDone).toMatchObject({ status: 'preview', preview: { rows: 1, errorCount: 1 } });
      // Store A's first file is still being read, and its next one has not started.
      expect((await status(a.api, firstId)).status).toBe('parsing');
      expect(await status(a.api, next.body.id)).toMatchObject({ status: 'parsing', progress: 0 });
    } finally {
      release();
      await holder;
    }
    const firstDone = await a.waitParsed(firstId);
    expect(firstDone).toMatchObject({ status: 'preview', preview: { rows: 200_000, errorCount: 200_000 } });
    expect(await a.waitParsed(next.body.id)).toMatchObject({ status: 'preview', preview: { toChange: 1 } });
  }, 60_000);
});
