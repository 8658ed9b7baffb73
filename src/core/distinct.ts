/** Values per partition of the hash's top bits: a partition's table then stays in the cache. */
const PARTITION_BITS = 8;

/**
 * Number of distinct values among the non-NaN values of `chunks`, by hashing the values' bits: linear
 * in n, where sorting a copy (the obvious way) costs n log n. The values are first partitioned by the
 * top bits of their hash (equal values share a partition), then each partition is counted in an
 * open-addressing table of its own, small enough for the cache: one table for the whole column
 * missed the cache on nearly every value and took about twice as long.
 */
export function countDistinct(chunks: readonly Float64Array[]): number {
  let n = 0;
  for (const chunk of chunks) for (let i = 0; i < chunk.length; i++) if (chunk[i] === chunk[i]) n++;
  if (n === 0) return 0;
  const probe = new Float64Array(1);
  const bits = new Int32Array(probe.buffer);
  const hashes = new Int32Array(n);
  const values = new Float64Array(n);
  const partitions = 1 << PARTITION_BITS;
  const shift = 32 - PARTITION_BITS;
  const ends = new Int32Array(partitions + 1);
  let k = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const v = (chunk[i] as number) + 0; // -0 and 0 are one value
      if (v !== v) continue;
      probe[0] = v;
      const h = Math.imul((bits[0] as number) ^ Math.imul(bits[1] as number, 0x85ebca6b), 0x9e3779b1);
      hashes[k] = h;
      values[k++] = v;
      const p = (h >>> shift) + 1;
      ends[p] = (ends[p] as number) + 1;
    }
  }
  for (let p = 0; p < partitions; p++) ends[p + 1] = (ends[p + 1] as number) + (ends[p] as number);
  const at = ends.slice(0, partitions);
  const byPartition = new Float64Array(n);
  const hashByPartition = new Int32Array(n);
  let largest = 0;
  for (let p = 0; p < partitions; p++) largest = Math.max(largest, (ends[p + 1] as number) - (ends[p] as number));
  for (let i = 0; i < n; i++) {
    const h = hashes[i] as number;
    const p = h >>> shift;
    const to = at[p] as number;
    at[p] = to + 1;
    byPartition[to] = values[i] as number;
    hashByPartition[to] = h;
  }
  let capacity = 16;
  while (capacity < largest * 2) capacity *= 2;
  const slots = new Float64Array(capacity);
  // A slot holds a value of partition p when used[slot] === p + 1: no clearing between partitions.
  const used = new Int32Array(capacity);
  let distinct = 0;
  for (let p = 0; p < partitions; p++) {
    const from = ends[p] as number;
    const to = ends[p + 1] as number;
    let size = 16;
    while (size < (to - from) * 2) size *= 2;
    const mask = size - 1;
    const mark = p + 1;
    for (let i = from; i < to; i++) {
      const v = byPartition[i] as number;
      let slot = (hashByPartition[i] as number) & mask;
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
