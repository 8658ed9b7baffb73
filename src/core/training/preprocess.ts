import { sortedPresentValues } from '../drift/sortFloat64.ts';
import { TrainingInputError } from './task.ts';
import type { Series, Table } from './table.ts';

/** Imputed with the training median, then standardised; a 0/1 indicator column when training had missing values. */
export interface NumericFeature {
  name: string;
  kind: 'numeric';
  median: number;
  mean: number;
  /** Standard deviation of the imputed training values; 1 when they are constant. */
  scale: number;
  missingIndicator: boolean;
}

/** One-hot over the training's most frequent categories plus "other" (rarer and unseen ones); missing is all zeros. */
export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  categories: string[];
}

export type Feature = NumericFeature | CategoricalFeature;

export const PREPROCESSING_VERSION = 1;
export const DEFAULT_TOP_K = 20;

/**
 * What becomes of a missing numeric value: `impute` (the MLP's and the linear model's) writes the training
 * median and adds an indicator column where training had missing values; `keep` (the tree families') leaves
 * NaN, whose direction each split learns. Cards saved before the option have none: `impute`.
 */
export type MissingNumbers = 'impute' | 'keep';

/** Fitted on the training rows only and saved with the model; scoring applies exactly this. */
export interface Preprocessing {
  formatVersion: number;
  features: Feature[];
  /** Input width of the network. */
  width: number;
  /** Absent: `impute`. */
  missing?: MissingNumbers;
}

export const featureWidth = (f: Feature): number => (f.kind === 'numeric' ? (f.missingIndicator ? 2 : 1) : f.categories.length + 1);

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const SMALLEST_NORMAL = 2 ** -1022;

function fitNumeric(name: string, values: Float64Array, rows: Uint32Array, missingNumbers: MissingNumbers): NumericFeature {
  const picked = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) picked[i] = values[rows[i]!]!;
  // The drift profiles' sort: the same order as Float64Array.prototype.sort (-0 before +0), in a fraction
  // of its time on the millions of rows a large batch trains on.
  const sorted = sortedPresentValues([picked]);
  const med = median(sorted);
  const missing = rows.length - sorted.length;
  // The mean and scale of the imputed column, as a median imputer followed by a standard scaler.
  let sum = med * missing;
  for (const v of sorted) sum += v;
  const mean = rows.length > 0 ? sum / rows.length : 0;
  // Deviations are summed relative to the largest one, so tiny or huge spreads neither underflow nor overflow.
  let largest = missing > 0 ? Math.abs(med - mean) : 0;
  for (const v of sorted) largest = Math.max(largest, Math.abs(v - mean));
  let squares = largest > 0 ? ((med - mean) / largest) ** 2 * missing : 0;
  if (largest > 0) for (const v of sorted) squares += ((v - mean) / largest) ** 2;
  const n = rows.length;
  const relativeVariance = n > 0 ? squares / n : 0;
  const std = largest * Math.sqrt(relativeVariance);
  // Standardised values travel as 32-bit floats: a column whose spread overflows cannot be scaled into them.
  const beyond = sorted.length > 0 && Math.max(-sorted[0]!, sorted[sorted.length - 1]!) > 3e38;
  if (!Number.isFinite(mean) || !Number.isFinite(std) || beyond) {
    throw new TrainingInputError(`feature "${name}" has values too large to standardise (beyond ±1e38 or a spread that overflows); rescale it or leave it out`);
  }
  // scikit-learn's _is_constant_feature (a spread within rounding error of the mean is no spread, scale 1),
  // both sides divided by the largest deviation squared; deviations below the smallest normal double
  // (subnormal, fewer than 53 bits) are no spread either.
  const constant = !(largest >= SMALLEST_NORMAL) || relativeVariance <= n * Number.EPSILON * relativeVariance + ((n * mean * Number.EPSILON) / largest) ** 2;
  return { name, kind: 'numeric', median: med, mean, scale: constant || !(std > 0) ? 1 : std, missingIndicator: missingNumbers === 'impute' && missing > 0 };
}

function fitCategorical(name: string, dictionary: string[], codes: Int32Array, rows: Uint32Array, topK: number): CategoricalFeature {
  const counts = new Float64Array(dictionary.length);
  for (const row of rows) {
    const code = codes[row]!;
    if (code >= 0) counts[code]!++;
  }
  const order = dictionary.map((_, i) => i).filter((i) => counts[i]! > 0);
  order.sort((a, b) => counts[b]! - counts[a]! || (dictionary[a]! < dictionary[b]! ? -1 : 1));
  return { name, kind: 'categorical', categories: order.slice(0, topK).map((i) => dictionary[i]!) };
}

/**
 * Fits the preprocessing on the training rows. With `keep`, numeric values are still standardised (a
 * monotone map, so a tree splits them as it would the raw values) and NaN stays NaN.
 */
export function fitPreprocessing(table: Table, features: string[], trainRows: Uint32Array, topK = DEFAULT_TOP_K, missing: MissingNumbers = 'impute'): Preprocessing {
  const fitted = features.map((name): Feature => {
    const series = table.columns.get(name);
    if (!series) throw new TrainingInputError(`no feature column "${name}"`);
    return series.type === 'numeric' ? fitNumeric(name, series.values, trainRows, missing) : fitCategorical(name, series.dictionary, series.codes, trainRows, topK);
  });
  return { formatVersion: PREPROCESSING_VERSION, features: fitted, width: fitted.reduce((w, f) => w + featureWidth(f), 0), ...(missing === 'keep' ? { missing } : {}) };
}

/** Names of the network's inputs, in order: `x`, `x is missing`, `colour=red`, `colour=other`. */
export function inputNames(pre: Preprocessing): string[] {
  return pre.features.flatMap((f) =>
    f.kind === 'numeric' ? (f.missingIndicator ? [f.name, `${f.name} is missing`] : [f.name]) : [...f.categories.map((c) => `${f.name}=${c}`), `${f.name}=other`],
  );
}

/** Writes one feature's inputs of the picked rows `from`…`to` into the row-major output. */
type Writer = (from: number, to: number) => void;

function numericWriter(f: NumericFeature, series: Series, rows: ArrayLike<number>, out: Float32Array, width: number, offset: number, keep: boolean): Writer {
  if (series.type !== 'numeric') throw new TrainingInputError(`column "${f.name}" is categorical here, but the model was trained on it as numeric`);
  const { values } = series;
  // The feature's numbers in locals: read from the object in the loop, they cost more than the arithmetic.
  const { median: med, mean, scale, missingIndicator } = f;
  return (from, to) => {
    for (let i = from, at = from * width + offset; i < to; i++, at += width) {
      const v = values[rows[i]!]!;
      const missing = v !== v;
      out[at] = missing && keep ? NaN : ((missing ? med : v) - mean) / scale;
      if (missingIndicator) out[at + 1] = missing ? 1 : 0;
    }
  };
}

function categoricalWriter(f: CategoricalFeature, series: Series, rows: ArrayLike<number>, out: Float32Array, width: number, offset: number): Writer {
  if (series.type !== 'categorical') throw new TrainingInputError(`column "${f.name}" is numeric here, but the model was trained on it as categorical`);
  const slot = new Map(f.categories.map((c, i) => [c, i]));
  const other = f.categories.length;
  const slots = Int32Array.from(series.dictionary, (text) => slot.get(text) ?? other);
  const { codes } = series;
  return (from, to) => {
    for (let i = from; i < to; i++) {
      const code = codes[rows[i]!]!;
      if (code >= 0) out[i * width + offset + slots[code]!] = 1;
    }
  };
}

/**
 * Rows written together, every feature of one block before the next block: a feature at a time over
 * every row would pass over the whole output once per feature, and an output of many rows is larger
 * than the processor's caches (twice the time, measured at 131,072 ascending rows × 38 inputs).
 */
const BLOCK_ROWS = 256;

/** The network input for the given rows (all rows when null): row-major, `rows × width`. */
export function transform(pre: Preprocessing, table: Table, rows: ArrayLike<number> | null = null): Float32Array {
  let picked = rows;
  if (!picked) {
    const all = new Uint32Array(table.rows);
    for (let i = 0; i < all.length; i++) all[i] = i;
    picked = all;
  }
  const out = new Float32Array(picked.length * pre.width);
  let offset = 0;
  const writers: Writer[] = [];
  for (const f of pre.features) {
    const series = table.columns.get(f.name);
    if (!series) throw new TrainingInputError(`column "${f.name}" is missing; the model needs it`);
    writers.push(f.kind === 'numeric' ? numericWriter(f, series, picked, out, pre.width, offset, pre.missing === 'keep') : categoricalWriter(f, series, picked, out, pre.width, offset));
    offset += featureWidth(f);
  }
  for (let from = 0; from < picked.length; from += BLOCK_ROWS) {
    const to = Math.min(picked.length, from + BLOCK_ROWS);
    for (const write of writers) write(from, to);
  }
  return out;
}
