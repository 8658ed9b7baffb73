/**
 * Gradient histograms, one Float64Array per node: for input f and bin b, at (f × BIN_SLOTS + b) × 3 the
 * sum of gradients, the sum of hessians and the count of the node's rows in that bin (scikit-learn's
 * hist_struct). Every input has BIN_SLOTS slots so that the missing bin (255) has a fixed place.
 */
export const BIN_SLOTS = 256;

export const histogramLength = (inputs: number): number => inputs * BIN_SLOTS * 3;

/** Where a node's rows are: indices[start, end) of the partition. */
export interface RowRange {
  indices: Uint32Array;
  start: number;
  end: number;
}

/** How many rows fall in each bin of each input (the count slots of a histogram of every row). */
export function binCounts(codes: Uint8Array, rows: number, inputs: number): Float64Array {
  const counts = new Float64Array(inputs * BIN_SLOTS);
  for (let f = 0; f < inputs; f++) for (let j = 0; j < rows; j++) counts[f * BIN_SLOTS + codes[f * rows + j]!]!++;
  return counts;
}

/**
 * Fills `hist` from the rows of `range`. Codes are column-major (codes[f × rows + row]). With
 * `constantHessian` the hessian sums stay 0 and the split finder reads the counts instead, as scikit-learn
 * does for unweighted squared error. The root (every row, the partition still the identity, as
 * scikit-learn's _build_histogram_root) reads codes and gradients in order and takes its counts from
 * `rootCounts`; other nodes first gather their gradients in partition order into `orderedGrad` and
 * `orderedHess` (rows long), so the inner loop reads them sequentially.
 */
export function buildHistogram(
  hist: Float64Array,
  codes: Uint8Array,
  rows: number,
  inputs: number,
  range: RowRange,
  grad: Float32Array,
  hess: Float32Array,
  constantHessian: boolean,
  orderedGrad: Float32Array,
  orderedHess: Float32Array,
  rootCounts: Float64Array,
): void {
  hist.fill(0);
  const { indices, start, end } = range;
  const n = end - start;
  const root = n === rows && start === 0;
  const g = root ? grad : orderedGrad;
  const h = root ? hess : orderedHess;
  if (!root) {
    for (let j = 0; j < n; j++) {
      const row = indices[start + j]!;
      orderedGrad[j] = grad[row]!;
      if (!constantHessian) orderedHess[j] = hess[row]!;
    }
  }
  const count = root ? 0 : 1;
  const stride = BIN_SLOTS * 3;
  // Four inputs a pass: each row's index and gradients are read once for all four.
  let f = 0;
  for (; f + 4 <= inputs; f += 4) {
    const b0 = f * rows;
    const b1 = b0 + rows;
    const b2 = b1 + rows;
    const b3 = b2 + rows;
    const o0 = f * stride;
    const o1 = o0 + stride;
    const o2 = o1 + stride;
    const o3 = o2 + stride;
    for (let j = 0; j < n; j++) {
      const row = root ? j : indices[start + j]!;
      const gj = g[j]!;
      const hj = constantHessian ? 0 : h[j]!;
      let at = o0 + codes[b0 + row]! * 3;
      hist[at]! += gj;
      hist[at + 1]! += hj;
      hist[at + 2]! += count;
      at = o1 + codes[b1 + row]! * 3;
      hist[at]! += gj;
      hist[at + 1]! += hj;
      hist[at + 2]! += count;
      at = o2 + codes[b2 + row]! * 3;
      hist[at]! += gj;
      hist[at + 1]! += hj;
      hist[at + 2]! += count;
      at = o3 + codes[b3 + row]! * 3;
      hist[at]! += gj;
      hist[at + 1]! += hj;
      hist[at + 2]! += count;
    }
  }
  for (; f < inputs; f++) {
    const base = f * rows;
    const out = f * stride;
    for (let j = 0; j < n; j++) {
      const at = out + codes[base + (root ? j : indices[start + j]!)]! * 3;
      hist[at]! += g[j]!;
      hist[at + 1]! += constantHessian ? 0 : h[j]!;
      hist[at + 2]! += count;
    }
  }
  if (root) for (let slot = 0; slot < inputs * BIN_SLOTS; slot++) hist[slot * 3 + 2] = rootCounts[slot]!;
}

/** The sibling's histogram from the parent's and the built child's: O(bins), not O(rows). */
export function subtractHistogram(out: Float64Array, parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < out.length; i++) out[i] = parent[i]! - child[i]!;
}
