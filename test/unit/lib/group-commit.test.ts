/**
 * The webhook route's group commit: calls arriving together share one flush, each gets its own
 * answer, and a flush that fails fails every call in it (none is answered as if it had succeeded).
 */
import { groupCommit } from '../../../core/lib/group-commit';

describe('groupCommit', () => {
  it('hands calls arriving within the window to one flush and answers each in its place', async () => {
    const flushes: number[][] = [];
    const call = groupCommit(
      async (batch: number[]) => {
        flushes.push(batch);
        return batch.map((n) => n * 10);
      },
      { max: 100, windowMs: 5 },
    );
    const answers = await Promise.all([1, 2, 3, 4].map(call));
    expect(answers).toEqual([10, 20, 30, 40]);
    expect(flushes).toEqual([[1, 2, 3, 4]]);
  });

  it('closes a batch at its maximum without waiting for the window', async () => {
    const flushes: number[][] = [];
    const call = groupCommit(
      async (batch: number[]) => {
        flushes.push(batch);
        return batch;
      },
      { max: 3, windowMs: 60_000 },
    );
    expect(await Promise.all([1, 2, 3].map(call))).toEqual([1, 2, 3]);
    expect(flushes).toEqual([[1, 2, 3]]);
  });

  it('opens a new batch while the last one is still flushing', async () => {
    const flushes: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const call = groupCommit(
      async (batch: number[]) => {
        flushes.push(batch);
        if (batch[0] === 1) await held;
        return batch;
      },
      { max: 2, windowMs: 1 },
    );
    const first = Promise.all([call(1), call(2)]);
    expect(await Promise.all([call(3), call(4)])).toEqual([3, 4]);
    release();
    expect(await first).toEqual([1, 2]);
    expect(flushes).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('fails every call of a flush that throws, and only those', async () => {
    const call = groupCommit(
      async (batch: string[]) => {
        if (batch.includes('bad')) throw new Error('redis away');
        return batch;
      },
      { max: 2, windowMs: 1 },
    );
    const results = await Promise.allSettled([call('ok'), call('bad'), call('later')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
  });
});
