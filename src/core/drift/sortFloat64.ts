import { bucketSortedPresentValues } from './bucketSort.ts';
import { freshSpace, type SortSpace } from './sortedBuffers.ts';

const RADIX = 1 << 16;
const SIGN = 0x80000000;

/** Order-preserving 64-bit keys (lo, hi words) of the non-NaN values of the chunks, with the digit counts. */
function keysOf(chunks: readonly Float64Array[]): { keys: Uint32Array; n: number; counts: Int32Array } {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  const keys = new Uint32Array(total * 2);
  const counts = new Int32Array(RADIX * 4);
  let n = 0;
  for (const chunk of chunks) {
    const words = new Uint32Array(chunk.buffer, chunk.byteOffset, chunk.length * 2);
    for (let i = 0; i < chunk.length; i++) {
      let lo = words[2 * i]!;
      let hi = words[2 * i + 1]!;
      // NaN: exponent all ones and a non-zero mantissa. Missing values are NaN and are left out.
      if ((hi & 0x7ff00000) === 0x7ff00000 && ((hi & 0xfffff) !== 0 || lo !== 0)) continue;
      // Negative doubles: flip every bit; positive: flip the sign bit. Keys then compare as unsigned integers.
      if (hi & SIGN) {
        hi = ~hi >>> 0;
        lo = ~lo >>> 0;
      } else {
        hi = (hi ^ SIGN) >>> 0;
      }
      keys[2 * n] = lo;
      keys[2 * n + 1] = hi;
      n++;
      counts[lo & 0xffff]!++;
      counts[RADIX + (lo >>> 16)]!++;
      counts[2 * RADIX + (hi & 0xffff)]!++;
      counts[3 * RADIX + (hi >>> 16)]!++;
    }
  }
  return { keys, n, counts };
}

/**
 * The non-missing values of a numeric column's chunks, ascending: a bucket sort where the values are
 * spread out enough for it (bucketSort.ts), else the radix sort. Sorting is most of what profiling costs.
 */
export function sortedPresentValues(chunks: readonly Float64Array[], space: SortSpace = freshSpace): Float64Array {
  return bucketSortedPresentValues(chunks, space) ?? radixSortedPresentValues(chunks, space);
}

/**
 * The non-missing values of a numeric column's chunks, ascending: an LSD radix sort on 16-bit digits
 * of order-preserving keys, reading the chunks directly. About twice as fast as copying the values
 * out and calling `Float64Array.prototype.sort`, whatever the values.
 */
export function radixSortedPresentValues(chunks: readonly Float64Array[], space: SortSpace = freshSpace): Float64Array {
  let total = 0;
  for (const chunk of chunks) total += chunk.length;
  // Below this size the 4 × 65,536 digit counts cost more than the built-in sort.
  if (total < 4096) return Float64Array.from(chunks.flatMap((c) => Array.from(c).filter((v) => v === v))).sort();
  const { keys, n, counts } = keysOf(chunks);
  let src: Uint32Array = keys;
  let dst: Uint32Array = new Uint32Array(keys.length);
  for (let d = 0; d < 4; d++) {
    const base = d * RADIX;
    let sum = 0;
    let constant = false;
    for (let b = 0; b < RADIX; b++) {
      const c = counts[base + b]!;
      if (c === n) constant = true;
      counts[base + b] = sum;
      sum += c;
    }
    if (constant) continue;
    const high = d >= 2;
    const shift = (d & 1) * 16;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const at = counts[base + (((high ? hi : lo) >>> shift) & 0xffff)]!++;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    [src, dst] = [dst, src];
  }
  const out = space.output(n);
  const words = new Uint32Array(out.buffer, out.byteOffset, 2 * n);
  for (let i = 0; i < n; i++) {
    const lo = src[2 * i]!;
    const hi = src[2 * i + 1]!;
    if (hi & SIGN) {
      words[2 * i] = lo;
      words[2 * i + 1] = hi ^ SIGN;
    } else {
      words[2 * i] = ~lo;
      words[2 * i + 1] = ~hi;
    }
  }
  return out;
}

/** Sorts doubles ascending in place; NaN go last, as with `Float64Array.prototype.sort`. */
export function sortFloat64(values: Float64Array): Float64Array {
  if (values.length < 4096) return values.sort();
  const sorted = sortedPresentValues([values]);
  values.set(sorted);
  values.fill(NaN, sorted.length);
  return values;
}
