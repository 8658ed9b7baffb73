import { takeSpare } from '../spares.ts';

/** Buffers a pool holds at most: each helper has two groups in hand at a time, of a column or more each. */
const MOST_HELD = 4;

/**
 * Spare buffers for sorted values, given back once the profile that sorted into them is no longer used.
 * A buffer's memory is already in place: sorting a million values into one took about half the CPU time of
 * sorting into a fresh array in Chromium, whose first write to each page of new memory costs as much as the sort.
 *
 * Only a buffer nothing else reads may be given: what `take` hands out is overwritten.
 */
export class SortedBuffers {
  private readonly spare: ArrayBuffer[] = [];

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
  take(n: number): Float64Array {
    const buffer = takeSpare(this.spare, n * Float64Array.BYTES_PER_ELEMENT);
    return buffer ? new Float64Array(buffer, 0, n) : new Float64Array(n);
  }

  get size(): number {
    return this.spare.length;
  }
}

/** Where a sort gets its output array of `n` values. */
export type SortedOutput = (n: number) => Float64Array;

export const freshOutput: SortedOutput = (n) => new Float64Array(n);
