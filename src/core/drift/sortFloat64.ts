const BITS = 11;
const BUCKETS = 1 << BITS;
const MASK = BUCKETS - 1;
const PASSES = 6;

/** The d-th 11-bit digit of the 64-bit key (hi, lo). */
function digit(hi: number, lo: number, shift: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & MASK;
  if (shift + BITS <= 32) return (lo >>> shift) & MASK;
  return ((lo >>> shift) | (hi << (32 - shift))) & MASK;
}

/**
 * Sorts doubles ascending (no NaN) in place by an LSD radix sort on order-preserving keys of their
 * bit patterns: faster than `Float64Array.prototype.sort` on large arrays, and sorting is most of
 * what profiling a large batch for drift costs. Small arrays use the built-in sort.
 */
export function sortFloat64(values: Float64Array): Float64Array {
  const n = values.length;
  if (n < 4096) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let src = new Uint32Array(n * 2);
  let dst = new Uint32Array(n * 2);
  const counts = new Int32Array(BUCKETS * PASSES);
  for (let i = 0; i < n; i++) {
    let lo = words[2 * i]!;
    let hi = words[2 * i + 1]!;
    // Negative doubles: flip every bit; positive: flip the sign bit. Keys then compare as unsigned integers.
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi ^ 0x80000000) >>> 0;
    }
    src[2 * i] = lo;
    src[2 * i + 1] = hi;
    for (let d = 0; d < PASSES; d++) counts[d * BUCKETS + digit(hi, lo, d * BITS)]!++;
  }
  for (let d = 0; d < PASSES; d++) {
    const base = d * BUCKETS;
    const shift = d * BITS;
    let sum = 0;
    let skip = false;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b]!;
      if (c === n) skip = true;
      counts[base + b] = sum;
      sum += c;
    }
    if (skip) continue;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const at = counts[base + digit(hi, lo, shift)]!++;
      dst[2 * at] = lo;
      dst[2 * at + 1] = hi;
    }
    [src, dst] = [dst, src];
  }
  for (let i = 0; i < n; i++) {
    const lo = src[2 * i]!;
    const hi = src[2 * i + 1]!;
    if (hi & 0x80000000) {
      words[2 * i] = lo;
      words[2 * i + 1] = hi ^ 0x80000000;
    } else {
      words[2 * i] = ~lo;
      words[2 * i + 1] = ~hi;
    }
  }
  return values;
}
