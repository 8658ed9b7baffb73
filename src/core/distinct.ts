/** Values per partition of the hash's top bits: a partition's table then stays in the cache. */
const PARTITION_BITS = 8;
const PARTITIONS = 1 << PARTITION_BITS;
const SHIFT = 32 - PARTITION_BITS;

/** A hash of a double's two 32-bit halves (read through an Int32Array view of its buffer). */
const hashOf = (lo: number, hi: number): number => Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1);

/** The most values whose buffer is kept for the next count (16 MB): a larger one is let go after its count. */
const KEPT_VALUES = 1 << 21;

/**
 * The values in partition order, kept from one count to the next: in the page the first writes to a new
 * large ArrayBuffer cost most of the count (2.6 s of 3.5 s for 21 columns of 1M values in a Chromium
 * worker, 0.2 s with the buffer reused), and Node's allocator hands back memory it already had, so the CLI
 * never showed it. Held strongly: a WeakRef's buffer was taken back by the upload's collections, which
 * then paid the fresh writes on every column again.
 */
let kept: Float64Array | undefined;

/** A buffer of at least n doubles, the kept one when it is large enough (its old values are never read). */
function scratch(n: number): Float64Array {
  if (kept && kept.length >= n) return kept;
  if (n > KEPT_VALUES) return new Float64Array(n);
  // A power of two, so that columns of about the same size (more or fewer missing values) share it.
  kept = new Float64Array(Math.min(KEPT_VALUES, 2 ** Math.ceil(Math.log2(n))));
  return kept;
}

/** The 32-bit halves of `chunk`'s doubles, without a copy. */
const halves = (chunk: Float64Array): Int32Array => new Int32Array(chunk.buffer, chunk.byteOffset, chunk.length * 2);

/**
 * A count of distinct doubles by hashing their bits: linear in n, where sorting a copy (the obvious way)
 * costs n log n. The values are first partitioned by the top bits of their hash (equal values share a
 * partition), then each partition is counted in an open-addressing table of its own, small enough for
 * the cache: one table for the whole column missed the cache on nearly every value and took about twice
 * as long. The hash is made again in each pass rather than stored: two multiplications cost less than
 * writing and reading it back. Both zeros hash as 0 (they are one value).
 *
 * Fed a chunk at a time, so that a column's summary (quality.ts) reads each chunk again while it is still
 * in the cache rather than the column five times: `count` each chunk; then `place`; then `put` each chunk
 * in the same order; then `distinct`. Whole chunks rather than a call per value: a call that is not
 * inlined (a Chromium worker's profile showed them as calls of their own) boxes each double it is passed.
 */
export class DistinctCounter {
  /** ends[p + 1]: the values of partition p, then (summed by `place`) where the partition ends. */
  private readonly ends = new Int32Array(PARTITIONS + 1);
  private at = new Int32Array(0);
  private values: Float64Array = new Float64Array(0);
  private largest = 0;
  private n = 0;

  /** Counts the chunk's non-NaN values into their partitions; answers how many there were. */
  count(chunk: Float64Array): number {
    const { ends } = this;
    const bits = halves(chunk);
    let n = 0;
    for (let i = 0; i < chunk.length; i++) {
      const v = chunk[i] as number;
      if (v !== v) continue;
      n++;
      const p = v === 0 ? 0 : hashOf(bits[2 * i] as number, bits[2 * i + 1] as number) >>> SHIFT;
      ends[p + 1] = (ends[p + 1] as number) + 1;
    }
    return n;
  }

  /** Between the passes: room for the `n` values counted. */
  place(n: number): void {
    const { ends } = this;
    this.n = n;
    for (let p = 0; p < PARTITIONS; p++) {
      this.largest = Math.max(this.largest, ends[p + 1] as number);
      ends[p + 1] = (ends[p + 1] as number) + (ends[p] as number);
    }
    this.at = ends.slice(0, PARTITIONS);
    this.values = scratch(n);
  }

  /** Puts the chunk's non-NaN values in their partitions, -0 as 0. */
  put(chunk: Float64Array): void {
    const { at, values } = this;
    const bits = halves(chunk);
    for (let i = 0; i < chunk.length; i++) {
      const v = chunk[i] as number;
      if (v !== v) continue;
      const p = v === 0 ? 0 : hashOf(bits[2 * i] as number, bits[2 * i + 1] as number) >>> SHIFT;
      const to = at[p] as number;
      at[p] = to + 1;
      values[to] = v + 0;
    }
  }

  distinct(): number {
    const { ends, values } = this;
    if (this.n === 0) return 0;
    const bits = halves(values);
    let capacity = 16;
    while (capacity < this.largest * 2) capacity *= 2;
    const slots = new Float64Array(capacity);
    // A slot holds a value of partition p when used[slot] === p + 1: no clearing between partitions.
    const used = new Int32Array(capacity);
    let distinct = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const from = ends[p] as number;
      const to = ends[p + 1] as number;
      let size = 16;
      while (size < (to - from) * 2) size *= 2;
      const mask = size - 1;
      const mark = p + 1;
      for (let i = from; i < to; i++) {
        const v = values[i] as number;
        let slot = (v === 0 ? 0 : hashOf(bits[2 * i] as number, bits[2 * i + 1] as number)) & mask;
        while (used[slot] === mark && slots[slot] !== v) slot = (slot + 1) & mask;
        if (used[slot] !== mark) {
          used[slot] = mark;
          slots[slot] = v;
          distinct++;
        }
      }
    }
    return distinct;
  }
}

/** Number of distinct values among the non-NaN values of `chunks` (DistinctCounter's two passes on their own). */
export function countDistinct(chunks: readonly Float64Array[]): number {
  const counter = new DistinctCounter();
  const n = chunks.reduce((sum, chunk) => sum + counter.count(chunk), 0);
  if (n === 0) return 0;
  counter.place(n);
  for (const chunk of chunks) counter.put(chunk);
  return counter.distinct();
}
