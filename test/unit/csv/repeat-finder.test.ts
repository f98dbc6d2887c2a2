import { RepeatFinder } from '../../../core/csv/repeat-finder';

describe('RepeatFinder', () => {
  it('names the first row of every SKU that repeats, and no row of a SKU seen only once', () => {
    const finder = new RepeatFinder();
    ['A-1', 'B-2', 'a-1', 'A-1 ', 'Ü-3', 'B-2', 'B-2', 'Ü-3'].forEach((sku, i) => finder.add(sku, i + 2));
    expect(finder.candidateRows()).toEqual([3, 6]);
  });

  it('names a SKU once however many rows repeat it, and gives up past its limit', () => {
    const finder = new RepeatFinder();
    for (let i = 0; i < 200_000; i++) finder.add('A', i + 2);
    for (let i = 0; i < 20; i++) finder.add(`B-${i % 10}`, 300_000 + i);
    expect(finder.candidateRows()).toEqual([2, ...Array.from({ length: 10 }, (_, i) => 300_000 + i)]);
    expect(finder.candidateRows(11)).toHaveLength(11);
    // More repeated SKUs than asked for: the database is to check every row instead.
    expect(finder.candidateRows(10)).toBeNull();
  });

  it('grows past its first buckets and still finds every repeat; collisions stay rare', () => {
    const finder = new RepeatFinder();
    for (let i = 0; i < 300_000; i++) finder.add(`SKU-${i}`, i + 2);
    // Distinct SKUs: any candidate would be a 64-bit hash collision, which the database check discards.
    expect(finder.candidateRows()).toEqual([]);
    [0, 1, 150_000, 299_999].forEach((i, k) => finder.add(`SKU-${i}`, 400_000 + k));
    expect(finder.candidateRows()).toEqual([2, 3, 150_002, 300_001]);
  });
});
