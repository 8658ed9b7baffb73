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

/** Some whole input columns: `values` is rows × width, row-major, holding inputs offset … offset + width − 1. */
export interface ColumnBlock {
  offset: number;
  width: number;
  values: Float32Array;
}

/** Every input column once, in blocks: one block of the whole matrix in memory, or a feature's columns read from storage. */
export type ColumnBlocks = Iterable<ColumnBlock> | AsyncIterable<ColumnBlock>;

/** The bins of rows × inputs, and per input the smallest and largest value in each bin (inputs × 256) when asked for. */
export interface BinnedColumns {
  mapper: BinMapper;
  binned: Binned;
  ranges: { low: Float32Array; high: Float32Array } | null;
}

export interface BinOptions {
  maxBins?: number;
  /** Record each bin's lowest and highest value (the forest places its thresholds between them). */
  ranges?: boolean;
  /** Sees each block before it is binned: a fit refuses values it cannot take here. */
  check?: (block: ColumnBlock) => void;
}

/**
 * Fits the bins of every input column on its rows and codes them, a block at a time, so only the codes
 * of every column are held at once. The subsample (rows > 200,000) is drawn once from the seed and used
 * for every column: the same edges whichever way the columns arrive.
 */
export async function binColumns(blocks: ColumnBlocks, rows: number, inputs: number, seed: number, options: BinOptions = {}): Promise<BinnedColumns> {
  const maxBins = options.maxBins ?? MAX_BINS;
  if (!(Number.isInteger(maxBins) && maxBins >= 2 && maxBins <= MAX_BINS)) throw new Error(`bins must be a whole number from 2 to ${MAX_BINS}`);
  const picked = rows > SUBSAMPLE ? new Random(seed).shuffle(Uint32Array.from({ length: rows }, (_, i) => i)).subarray(0, SUBSAMPLE) : null;
  const sample = new Float64Array(picked ? picked.length : rows);
  const edges: Float32Array[] = new Array<Float32Array>(inputs);
  const codes = new Uint8Array(rows * inputs);
  const ranges = options.ranges ? { low: new Float32Array(inputs * (MISSING_BIN + 1)).fill(Infinity), high: new Float32Array(inputs * (MISSING_BIN + 1)).fill(-Infinity) } : null;
  let seen = 0;
  for await (const block of blocks) {
    options.check?.(block);
    const { values, width } = block;
    for (let j = 0; j < width; j++) {
      const f = block.offset + j;
      let n = 0;
      const count = picked ? picked.length : rows;
      for (let i = 0; i < count; i++) {
        const v = values[(picked ? picked[i]! : i) * width + j]!;
        if (v === v) sample[n++] = v;
      }
      edges[f] = thresholds(sample.subarray(0, n).sort(), maxBins);
      codeColumn(edges[f], values, width, j, rows, codes.subarray(f * rows, (f + 1) * rows));
      if (ranges) rangeColumn(values, width, j, codes.subarray(f * rows, (f + 1) * rows), ranges, f * (MISSING_BIN + 1));
      seen++;
    }
  }
  if (seen !== inputs) throw new Error(`the blocks held ${seen} input columns, not ${inputs}`);
  return { mapper: { edges }, binned: { rows, inputs, codes, bins: Uint16Array.from(edges, (e) => e.length + 1) }, ranges };
}

/** Codes column j of a row-major block (width columns) into `out`. */
function codeColumn(edges: Float32Array, values: Float32Array, width: number, j: number, rows: number, out: Uint8Array): void {
  for (let i = 0; i < rows; i++) {
    const v = values[i * width + j]!;
    if (v !== v) {
      out[i] = MISSING_BIN;
      continue;
    }
    let low = 0;
    let high = edges.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (v <= edges[mid]!) high = mid;
      else low = mid + 1;
    }
    out[i] = low;
  }
}

function rangeColumn(values: Float32Array, width: number, j: number, codes: Uint8Array, ranges: { low: Float32Array; high: Float32Array }, base: number): void {
  const { low, high } = ranges;
  for (let i = 0; i < codes.length; i++) {
    const at = base + codes[i]!;
    const v = values[i * width + j]!;
    if (v < low[at]!) low[at] = v;
    if (v > high[at]!) high[at] = v;
  }
}

/** The bin codes of rows × inputs values under a fitted mapper. */
export function applyBins(mapper: BinMapper, x: Float32Array, rows: number): Binned {
  const inputs = mapper.edges.length;
  const codes = new Uint8Array(rows * inputs);
  for (let f = 0; f < inputs; f++) codeColumn(mapper.edges[f]!, x, inputs, f, rows, codes.subarray(f * rows, (f + 1) * rows));
  return { rows, inputs, codes, bins: Uint16Array.from(mapper.edges, (e) => e.length + 1) };
}
