import { Random } from '../training/random.ts';

/** Bins for values; the missing bin is MISSING_BIN, above every other (scikit-learn's n_bins − 1). */
export const MAX_BINS = 255;
export const MISSING_BIN = 255;
const SUBSAMPLE = 200_000;

/**
 * Per input column, the ascending thresholds between bins: a value v falls in the first bin b with
 * v <= edges[b], or in bin edges.length when it is above all of them. A split after bin b sends
 * v <= edges[b] left, so a tree keeps the threshold itself and predicts on raw inputs.
 */
export interface BinMapper {
  edges: Float32Array[];
}

/** Rows × inputs as bin codes, column-major (codes[input × rows + row]); missing → MISSING_BIN. */
export interface Binned {
  rows: number;
  inputs: number;
  codes: Uint8Array;
  /** Bins per input besides the missing one (edges.length + 1). */
  bins: Uint16Array;
}

/**
 * scikit-learn's _find_binning_thresholds: with at most maxBins distinct values, the midpoints between
 * consecutive ones; otherwise the midpoint percentiles of (a seeded subsample of 200,000 of) the values.
 */
function thresholds(sorted: Float64Array, maxBins: number): Float32Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  if (distinct.length <= maxBins) {
    const mids = new Float32Array(Math.max(0, distinct.length - 1));
    for (let i = 0; i + 1 < distinct.length; i++) mids[i] = (distinct[i]! + distinct[i + 1]!) / 2;
    return mids;
  }
  const n = sorted.length;
  const edges: number[] = [];
  for (let q = 1; q < maxBins; q++) {
    const position = ((n - 1) * q) / maxBins;
    const low = Math.floor(position);
    const high = Math.ceil(position);
    const value = (sorted[low]! + sorted[high]!) / 2;
    const edge = Math.fround(value);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return Float32Array.from(edges);
}

/** Fits the bins of every input column on `rows` rows of x (rows × inputs, NaN = missing). */
export function fitBins(x: Float32Array, rows: number, inputs: number, seed: number, maxBins = MAX_BINS): BinMapper {
  if (!(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= MAX_BINS)) throw new Error(`bins must be a whole number from 2 to ${MAX_BINS}`);
  let picked: Uint32Array | null = null;
  if (rows > SUBSAMPLE) {
    const order = new Random(seed).shuffle(Uint32Array.from({ length: rows }, (_, i) => i));
    picked = order.subarray(0, SUBSAMPLE);
  }
  const edges: Float32Array[] = [];
  const column = new Float64Array(picked ? picked.length : rows);
  for (let f = 0; f < inputs; f++) {
    let n = 0;
    const count = picked ? picked.length : rows;
    for (let i = 0; i < count; i++) {
      const v = x[(picked ? picked[i]! : i) * inputs + f]!;
      if (v === v) column[n++] = v;
    }
    edges.push(thresholds(column.subarray(0, n).sort(), maxBins));
  }
  return { edges };
}

/** The bin codes of rows × inputs values under a fitted mapper. */
export function applyBins(mapper: BinMapper, x: Float32Array, rows: number): Binned {
  const inputs = mapper.edges.length;
  const codes = new Uint8Array(rows * inputs);
  const bins = Uint16Array.from(mapper.edges, (e) => e.length + 1);
  for (let f = 0; f < inputs; f++) {
    const edges = mapper.edges[f]!;
    const base = f * rows;
    for (let i = 0; i < rows; i++) {
      const v = x[i * inputs + f]!;
      if (v !== v) {
        codes[base + i] = MISSING_BIN;
        continue;
      }
      let low = 0;
      let high = edges.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (v <= edges[mid]!) high = mid;
        else low = mid + 1;
      }
      codes[base + i] = low;
    }
  }
  return { rows, inputs, codes, bins };
}
