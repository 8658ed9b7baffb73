import { categoryCounts, columnLength, type CategoricalColumn, type Column, type NumericColumn } from './columns.ts';
import { datetimeDictionary } from './datetime.ts';
import { DistinctCounter } from './distinct.ts';
import type { ColumnType } from './schema.ts';

export const HISTOGRAM_BINS = 20;
export const TOP_CATEGORIES = 10;
/** Categories kept with their counts in a report: enough for validation and class balance. */
export const KEPT_CATEGORIES = 1000;
export const MOSTLY_MISSING_SHARE = 0.5;
/** Id-like (docs/statistics.md): unique on at least this share of non-missing rows ... */
export const ID_LIKE_UNIQUE_SHARE = 0.95;
/** ... with at least this many non-missing rows. */
export const ID_LIKE_MIN_ROWS = 20;

export type QualityFlag = 'constant' | 'all-missing' | 'mostly-missing';

export interface NumericSummary {
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n - 1), as pandas' describe(); 0 for a single value. */
  std: number;
  /** Equal-width bins from min to max, the last one closed, as numpy.histogram. */
  histogram: { edges: number[]; counts: number[] };
}

export interface CategoricalSummary {
  /** Every category with its count, most frequent first; cut at KEPT_CATEGORIES. */
  counts: { value: string; count: number }[];
  truncated: boolean;
}

/** The earliest and latest instant of a datetime column, as written in the file. */
export interface DatetimeRange {
  min: string;
  max: string;
}

export interface ColumnQuality {
  name: string;
  type: ColumnType;
  inferredType: ColumnType;
  rows: number;
  missing: number;
  missingShare: number;
  distinct: number;
  /** Unfit cells: non-missing in the file but not of the column's type, so counted in `missing`. */
  coercedToMissing: number;
  numeric?: NumericSummary;
  categorical?: CategoricalSummary;
  datetime?: DatetimeRange;
  /** A categorical or datetime column unique on >= 95% of its >= 20 non-missing rows (an id or a timestamp). */
  idLike: boolean;
  flags: QualityFlag[];
}

export interface ProfileInput {
  column: Column;
  /** The column's type; a datetime column is held as text. Defaults to the column's storage type. */
  type?: ColumnType;
  inferredType: ColumnType;
  coercedToMissing: number;
}

/**
 * The summary of the non-NaN values of `chunks` in row order, read where they lie (no copy of the
 * present values). Sums run value by value in row order, so every number is the same double as
 * on one array of the present values.
 */
export function numericSummary(chunks: readonly Float64Array[]): NumericSummary | undefined {
  return summaryOfPresent(chunks).summary;
}

/**
 * numericSummary, with how many values it summed (the non-NaN ones), counted in its first pass, and how
 * many of them are distinct (a DistinctCounter fed each chunk in the same two passes, right after they
 * read it, so that the chunk is read again from the cache).
 */
function summaryOfPresent(chunks: readonly Float64Array[]): { present: number; distinct: number; summary: NumericSummary | undefined } {
  const counter = new DistinctCounter();
  const running = new Float64Array(RUNNING);
  const n = firstPass(chunks, counter, running);
  if (n === 0) return { present: 0, distinct: 0, summary: undefined };
  counter.place(n);
  const [min, max, sum] = running as unknown as [number, number, number];
  const mean = sum / n;
  // The squared deviations and the histogram in one pass: both need only the first pass's numbers.
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const width = (max - min) / bins;
  const edges = new Float64Array(bins + 1).map((_, i) => (i === bins ? max : min + i * width));
  const counts = new Float64Array(bins);
  const norm = width === 0 ? 0 : bins / (max - min);
  secondPass(chunks, counter, { mean, min, norm, edges, counts }, running);
  const squares = running[SQUARES] as number;
  const summary = { min, max, mean, std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0, histogram: { edges: Array.from(edges), counts: Array.from(counts) } };
  return { present: n, distinct: counter.distinct(), summary };
}

/**
 * The passes' running least, greatest, sum and sum of squares live in a Float64Array, not in variables:
 * V8 compiles a long loop while it runs (on-stack replacement), and in that code a number carried from one
 * iteration to the next is boxed, a new heap number per value (about 50 MB of garbage per column of 1M
 * values; in a Chromium upload of 1M × 21, 453 young collections in the two workers after the read, 19
 * with this). An array's element is a plain double.
 */
const [MIN, MAX, SUM, SQUARES, RUNNING] = [0, 1, 2, 3, 4];

/** The non-NaN values counted, their least, greatest and sum (in row order) in `running`; each chunk counted for distinct values too. */
function firstPass(chunks: readonly Float64Array[], counter: DistinctCounter, running: Float64Array): number {
  let n = 0;
  running[MIN] = Infinity;
  running[MAX] = -Infinity;
  running[SUM] = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const v = chunk[i] as number;
      if (v !== v) continue;
      n++;
      if (v < (running[MIN] as number)) running[MIN] = v;
      if (v > (running[MAX] as number)) running[MAX] = v;
      running[SUM] = (running[SUM] as number) + v;
    }
    counter.count(chunk);
  }
  return n;
}

/** Where the second pass bins a value: `norm` bins per unit from `min`; the edges decide near one. */
interface Binning {
  mean: number;
  min: number;
  norm: number;
  edges: Float64Array;
  counts: Float64Array;
}

/** The squared deviations from the mean summed in row order (in `running`), the values counted into their bins, and each chunk put for distinct values. */
function secondPass(chunks: readonly Float64Array[], counter: DistinctCounter, { mean, min, norm, edges, counts }: Binning, running: Float64Array): void {
  const last = counts.length - 1;
  running[SQUARES] = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) {
      const v = chunk[i] as number;
      if (v !== v) continue;
      running[SQUARES] = (running[SQUARES] as number) + (v - mean) * (v - mean);
      let bin = Math.min(last, Math.floor((v - min) * norm));
      // As numpy: the index can be 1 ulp off near an edge; the edges themselves decide.
      if (v < (edges[bin] as number)) bin--;
      else if (bin !== last && v >= (edges[bin + 1] as number)) bin++;
      counts[bin] = (counts[bin] as number) + 1;
    }
    counter.put(chunk);
  }
}

type ColumnPart = Pick<ColumnQuality, 'missing' | 'distinct' | 'numeric' | 'categorical'>;

function profileNumeric(column: NumericColumn, rows: number): ColumnPart {
  const { present, distinct, summary } = summaryOfPresent(column.chunks);
  return { missing: rows - present, distinct, ...(summary ? { numeric: summary } : {}) };
}

function profileCategorical(column: CategoricalColumn): ColumnPart {
  const { counts, missing } = categoryCounts(column);
  const ranked: { value: string; count: number }[] = [];
  counts.forEach((count, code) => {
    if (count > 0) ranked.push({ value: column.dictionary[code] as string, count });
  });
  ranked.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return {
    missing,
    distinct: ranked.length,
    categorical: { counts: ranked.slice(0, KEPT_CATEGORIES), truncated: ranked.length > KEPT_CATEGORIES },
  };
}

function datetimeRange(column: CategoricalColumn): DatetimeRange | undefined {
  const { counts } = categoryCounts(column);
  const instants = datetimeDictionary(column.dictionary);
  let min = -1;
  let max = -1;
  counts.forEach((count, code) => {
    const t = instants[code] as number;
    if (count === 0 || t !== t) return;
    if (min < 0 || t < (instants[min] as number)) min = code;
    if (max < 0 || t > (instants[max] as number)) max = code;
  });
  return min < 0 ? undefined : { min: column.dictionary[min] as string, max: column.dictionary[max] as string };
}

export const isIdLike = (type: ColumnType, present: number, distinct: number): boolean =>
  type !== 'numeric' && present >= ID_LIKE_MIN_ROWS && distinct / present >= ID_LIKE_UNIQUE_SHARE;

export function profileColumn({ column, type = column.type, inferredType, coercedToMissing }: ProfileInput): ColumnQuality {
  const rows = columnLength(column);
  const part = column.type === 'numeric' ? profileNumeric(column, rows) : profileCategorical(column);
  const { missing } = part;
  const present = rows - missing;
  const flags: QualityFlag[] = [];
  if (present === 0) flags.push('all-missing');
  else if (part.distinct === 1) flags.push('constant');
  if (present > 0 && missing / rows > MOSTLY_MISSING_SHARE) flags.push('mostly-missing');
  const range = type === 'datetime' && column.type === 'categorical' ? datetimeRange(column) : undefined;
  return {
    name: column.name,
    type,
    inferredType,
    rows,
    missingShare: rows === 0 ? 0 : missing / rows,
    coercedToMissing,
    idLike: isIdLike(type, present, part.distinct),
    flags,
    ...part,
    ...(range ? { datetime: range } : {}),
  };
}

/** Reports stored before id-like detection: `idLike` worked out from their counts, the old flag dropped. */
/** Generic so that a report without its heavy parts (storage's LightQuality) keeps its own type. */
export function withQualityDefaults<Q extends Pick<ColumnQuality, 'type' | 'rows' | 'missing' | 'distinct' | 'idLike' | 'flags'>>(quality: Q): Q {
  if (typeof quality.idLike === 'boolean') return quality;
  const flags = quality.flags.filter((f) => f !== ('unique-per-row' as QualityFlag));
  return { ...quality, flags, idLike: isIdLike(quality.type, quality.rows - quality.missing, quality.distinct) };
}

export const topCategories = (quality: ColumnQuality): { value: string; count: number }[] =>
  quality.categorical?.counts.slice(0, TOP_CATEGORIES) ?? [];
