/**
 * Finds the rows of a file that name a SKU an earlier row names, without keeping the SKUs: each row
 * is remembered as a 64-bit hash of its SKU and its row number, 12 bytes however long the SKU, so a
 * million rows cost about 12 MB. Rows that share a hash are repeats or (about once in 10^7
 * million-row files) a collision; the first row of each such group is a *candidate*, and the
 * database checks the candidates' SKUs exactly, so a collision costs a lookup, never a false error.
 * One row a group, however often its SKU repeats: a file of one SKU on 17 million rows is one
 * candidate, not 17 million (which overflowed a Set). The price: when two SKUs collide, only the
 * first one's repeats are checked, so a repeat of the other would pass the preview (odds about
 * 1 in 10^8 for a million-row file, and then only if that SKU also repeats).
 *
 * The rows are appended to one of 256 buckets by the hash's top bits and only compared once the file
 * is read, a bucket at a time: a single table of a million slots took 0.25 s for a million rows,
 * nearly all of it waiting on memory, where appending and comparing per bucket takes under 0.1 s
 * (measured).
 */
const BUCKET_BITS = 8;
const BUCKETS = 1 << BUCKET_BITS;
/** hi, lo, row. */
const WIDTH = 3;

export class RepeatFinder {
  private readonly buckets: Uint32Array[] = [];
  private readonly counts = new Int32Array(BUCKETS);

  /** `expected`: about how many rows will come, so the buckets need not grow (they can). */
  constructor(expected = 1024) {
    const each = Math.max(64, Math.ceil((expected / BUCKETS) * 1.25));
    for (let k = 0; k < BUCKETS; k++) this.buckets.push(new Uint32Array(each * WIDTH));
  }

  /** Records the SKU of row `row`. */
  add(sku: string, row: number): void {
    let a = 0x811c9dc5 | 0;
    let b = 0x7b1d2c3f;
    for (let i = 0; i < sku.length; i++) {
      const c = sku.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    a = Math.imul(a ^ (a >>> 16), 0x45d9f3b);
    b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d);
    const hi = (a ^ (a >>> 16)) >>> 0;
    const lo = (b ^ (b >>> 13)) >>> 0;
    const k = hi >>> (32 - BUCKET_BITS);
    let bucket = this.buckets[k]!;
    const n = this.counts[k]!;
    if ((n + 1) * WIDTH > bucket.length) {
      const bigger = new Uint32Array(bucket.length * 2);
      bigger.set(bucket);
      this.buckets[k] = bucket = bigger;
    }
    bucket[n * WIDTH] = hi;
    bucket[n * WIDTH + 1] = lo;
    bucket[n * WIDTH + 2] = row;
    this.counts[k] = n + 1;
  }

  /**
   * The candidates: the first row of every group of rows sharing a hash, in row order; or null when
   * there are more than `limit` groups, and every row is better checked by the database.
   */
  candidateRows(limit = Infinity): number[] | null {
    const rows: number[] = [];
    // Per bucket, an open-addressing table of (index + 1) into the bucket, negated once the entry's
    // group is among the candidates; 0 is an empty slot.
    let table = new Int32Array(1024);
    for (let k = 0; k < BUCKETS; k++) {
      const bucket = this.buckets[k]!;
      const n = this.counts[k]!;
      let size = 1024;
      while (size < n * 2) size *= 2;
      if (table.length < size) table = new Int32Array(size);
      else table.fill(0, 0, size);
      const mask = size - 1;
      for (let j = 0; j < n; j++) {
        const hi = bucket[j * WIDTH]!;
        const lo = bucket[j * WIDTH + 1]!;
        let slot = (lo ^ (hi << BUCKET_BITS)) & mask;
        for (;;) {
          const entry = table[slot]!;
          if (entry === 0) {
            table[slot] = j + 1;
            break;
          }
          const found = Math.abs(entry) - 1;
          if (bucket[found * WIDTH] === hi && bucket[found * WIDTH + 1] === lo) {
            if (entry > 0) {
              if (rows.length === limit) return null;
              rows.push(bucket[found * WIDTH + 2]!);
              table[slot] = -entry;
            }
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
    }
    return rows.sort((x, y) => x - y);
  }
}
