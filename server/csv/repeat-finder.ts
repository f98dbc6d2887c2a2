/**
 * Finds SKUs a file names more than once without keeping the SKUs: each is remembered as a 64-bit
 * hash (two 32-bit halves side by side) in an open-addressing table, 8 bytes a slot however long the
 * SKU, so a million rows cost about 16 MB. A SKU whose hash was seen before is a *candidate*: a
 * repeat, or (about once in 10^7 million-row files) a collision. The database checks the candidates
 * exactly, so a collision costs a lookup, never a false error.
 */
export class RepeatFinder {
  private slots: Uint32Array;
  private used = 0;
  readonly candidates = new Set<string>();

  /** `expected`: about how many SKUs will come, so the table need not grow (it can). */
  constructor(expected = 1024) {
    let size = 1024;
    while (size < expected * 1.5) size *= 2;
    this.slots = new Uint32Array(size * 2);
  }

  /** Records a SKU; true when it (or one with the same hash) was recorded before. */
  add(sku: string): boolean {
    let a = 0x811c9dc5 | 0;
    let b = 0x7b1d2c3f;
    for (let i = 0; i < sku.length; i++) {
      const c = sku.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
    }
    a = Math.imul(a ^ (a >>> 16), 0x45d9f3b);
    b = Math.imul(b ^ (b >>> 15), 0x2c1b3c6d);
    // A zero first half marks an empty slot.
    const hi = ((a ^ (a >>> 16)) | 1) >>> 0;
    const lo = (b ^ (b >>> 13)) >>> 0;
    const slots = this.slots;
    const mask = slots.length / 2 - 1;
    let i = (hi ^ lo) & mask;
    for (let found = slots[2 * i]!; found !== 0; found = slots[2 * i]!) {
      if (found === hi && slots[2 * i + 1] === lo) {
        this.candidates.add(sku);
        return true;
      }
      i = (i + 1) & mask;
    }
    slots[2 * i] = hi;
    slots[2 * i + 1] = lo;
    if (++this.used * 10 > mask * 7) this.grow();
    return false;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Uint32Array(old.length * 2);
    const mask = slots.length / 2 - 1;
    for (let j = 0; j < old.length; j += 2) {
      const hi = old[j]!;
      const lo = old[j + 1]!;
      if (hi === 0) continue;
      let i = (hi ^ lo) & mask;
      while (slots[2 * i] !== 0) i = (i + 1) & mask;
      slots[2 * i] = hi;
      slots[2 * i + 1] = lo;
    }
    this.slots = slots;
  }
}
