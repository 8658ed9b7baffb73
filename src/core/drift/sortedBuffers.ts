import { takeSpare } from '../spares.ts';

/** Where a sort gets the memory it writes into. */
export interface SortSpace {
  /** An array of `n` doubles for the sorted values; its contents need not be zero. */
  output(n: number): Float64Array;
  /** Counts for `length` buckets: an array of at least `length`, its first `length` zero. */
  counts(length: number): Int32Array;
}

/** New arrays for every sort: for a caller that sorts once, or keeps nothing between sorts. */
export const freshSpace: SortSpace = {
  output: (n) => new Float64Array(n),
  counts: (length) => new Int32Array(length),
};

/** Buffers a pool holds at most: each helper has two groups in hand at a time, of a column or more each. */
const MOST_HELD = 4;

/** Counts of up to this many buckets (4 MB) are kept between sorts; larger ones are new each time. */
const KEPT_COUNTS = 1 << 20;

/**
 * Spare buffers for sorted values, given back once the profile that sorted into them is no longer used, and
 * the bucket sort's counts, kept from one sort to the next. Memory already in place: sorting a million
 * values into a used buffer took about half the CPU time of sorting into a fresh array in Chromium, whose
 * first write to each page of new memory costs as much as the sort (and as much as the counting).
 *
 * Only a buffer nothing else reads may be given: what `output` hands out is overwritten.
 */
export class SortedBuffers implements SortSpace {
  private readonly spare: ArrayBuffer[] = [];
  private kept = new Int32Array(0);

  give(...buffers: ArrayBuffer[]): void {
    for (const buffer of buffers) {
      if (this.spare.length >= MOST_HELD) this.spare.shift();
      this.spare.push(buffer);
    }
  }

  /**
   * An array of `n` doubles (contents left over): a spare buffer at most an eighth larger than needed, so a small
   * profile never keeps a large buffer alive, or else a new one.
   */
  output(n: number): Float64Array {
    const buffer = takeSpare(this.spare, n * Float64Array.BYTES_PER_ELEMENT);
    return buffer ? new Float64Array(buffer, 0, n) : new Float64Array(n);
  }

  /** Zeroed counts for `length` buckets: the ones kept from the sort before where they are large enough. */
  counts(length: number): Int32Array {
    if (length > KEPT_COUNTS) return new Int32Array(length);
    if (this.kept.length < length) this.kept = new Int32Array(Math.min(KEPT_COUNTS, Math.max(length, 2 * this.kept.length)));
    return this.kept.fill(0, 0, length);
  }

  get size(): number {
    return this.spare.length;
  }

  /** Bytes it holds: its spare buffers and its kept counts. */
  get bytes(): number {
    return this.spare.reduce((sum, b) => sum + b.byteLength, this.kept.byteLength);
  }
}
