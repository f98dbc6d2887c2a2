import { RepeatFinder } from '../../../server/csv/repeat-finder';

describe('RepeatFinder', () => {
  it('names every SKU seen again, once, and none seen only once', () => {
    const finder = new RepeatFinder();
    const seen = ['A-1', 'B-2', 'a-1', 'A-1 ', 'Ü-3', 'B-2', 'B-2', 'Ü-3'].map((sku) => finder.add(sku));
    expect(seen).toEqual([false, false, false, false, false, true, true, true]);
    expect([...finder.candidates].sort()).toEqual(['B-2', 'Ü-3']);
  });

  it('grows past its first table and still finds every repeat; collisions stay rare', () => {
    const finder = new RepeatFinder();
    for (let i = 0; i < 300_000; i++) finder.add(`SKU-${i}`);
    // Distinct SKUs: any candidate would be a 64-bit hash collision, which the database check discards.
    const collisions = finder.candidates.size;
    expect(collisions).toBe(0);
    for (const i of [0, 1, 150_000, 299_999]) expect(finder.add(`SKU-${i}`)).toBe(true);
    for (const sku of ['SKU-0', 'SKU-1', 'SKU-150000', 'SKU-299999'])
      expect(finder.candidates.has(sku)).toBe(true);
    expect(finder.candidates.size).toBeLessThanOrEqual(collisions + 4);
  });
});
