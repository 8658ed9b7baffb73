import { categoryCounts, columnLength, presentValues, type CategoricalColumn, type Column, type NumericColumn } from './columns.ts';
import { countDistinct } from './distinct.ts';
import type { ColumnType } from './schema.ts';

export const HISTOGRAM_BINS = 20;
export const TOP_CATEGORIES = 10;
/** Categories kept with their counts in a report: enough for validation and class balance. */
export const KEPT_CATEGORIES = 1000;
export const MOSTLY_MISSING_SHARE = 0.5;

export type QualityFlag = 'constant' | 'all-missing' | 'mostly-missing' | 'unique-per-row';

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

export interface ColumnQuality {
  name: string;
  type: ColumnType;
  inferredType: ColumnType;
  rows: number;
  missing: number;
  missingShare: number;
  distinct: number;
  coercedToMissing: number;
  numeric?: NumericSummary;
  categorical?: CategoricalSummary;
  flags: QualityFlag[];
}

export interface ProfileInput {
  column: Column;
  inferredType: ColumnType;
  coercedToMissing: number;
}

export function numericSummary(values: Float64Array): NumericSummary | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { min, max, mean, std: n > 1 ? Math.sqrt(squares / (n - 1)) : 0, histogram: histogram(values, min, max) };
}

function histogram(values: Float64Array, min: number, max: number): NumericSummary['histogram'] {
  const bins = min === max ? 1 : HISTOGRAM_BINS;
  const width = (max - min) / bins;
  const edges = new Float64Array(bins + 1).map((_, i) => (i === bins ? max : min + i * width));
  const counts = new Float64Array(bins);
  const norm = width === 0 ? 0 : bins / (max - min);
  const last = bins - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let bin = Math.min(last, Math.floor((v - min) * norm));
    // As numpy: the index can be 1 ulp off near an edge; the edges themselves decide.
    if (v < (edges[bin] as number)) bin--;
    else if (bin !== last && v >= (edges[bin + 1] as number)) bin++;
    counts[bin] = (counts[bin] as number) + 1;
  }
  return { edges: Array.from(edges), counts: Array.from(counts) };
}

type ColumnPart = Pick<ColumnQuality, 'missing' | 'distinct' | 'numeric' | 'categorical'>;

function profileNumeric(column: NumericColumn, rows: number): ColumnPart {
  const values = presentValues(column);
  const summary = numericSummary(values);
  return { missing: rows - values.length, distinct: countDistinct(values), ...(summary ? { numeric: summary } : {}) };
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

export function profileColumn({ column, inferredType, coercedToMissing }: ProfileInput): ColumnQuality {
  const rows = columnLength(column);
  const part = column.type === 'numeric' ? profileNumeric(column, rows) : profileCategorical(column);
  const { missing } = part;
  const present = rows - missing;
  const flags: QualityFlag[] = [];
  if (present === 0) flags.push('all-missing');
  else if (part.distinct === 1) flags.push('constant');
  if (present > 0 && missing / rows > MOSTLY_MISSING_SHARE) flags.push('mostly-missing');
  if (column.type === 'categorical' && present > 20 && part.distinct === present) flags.push('unique-per-row');
  return {
    name: column.name,
    type: column.type,
    inferredType,
    rows,
    missingShare: rows === 0 ? 0 : missing / rows,
    coercedToMissing,
    flags,
    ...part,
  };
}

export const topCategories = (quality: ColumnQuality): { value: string; count: number }[] =>
  quality.categorical?.counts.slice(0, TOP_CATEGORIES) ?? [];
