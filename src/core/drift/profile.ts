import { categoryCounts, presentValues, type Column } from '../columns.ts';
import { datetimeToEpochMs } from '../datetime.ts';
import type { ColumnType } from '../schema.ts';
import { decileEdges } from './binned.ts';
import { sortedPresentValues } from './sortFloat64.ts';
import { freshSpace, type SortSpace } from './sortedBuffers.ts';
import { populationStd, populationStdOfChunks } from './wasserstein.ts';

/** What drift needs of a numeric column: its present values in ascending order. */
export interface NumericProfile {
  type: 'numeric';
  name: string;
  missing: number;
  sorted: Float64Array;
  /** Population std (ddof = 0, numpy's pairwise sums in file order), the Wasserstein scale when this is the reference. */
  std: number;
  /** Unique deciles: the PSI / Jensen-Shannon bin edges when this is the reference. */
  edges: number[];
}

/** What drift needs of a categorical column: the categories seen and their counts. */
export interface CategoricalProfile {
  type: 'categorical';
  name: string;
  missing: number;
  categories: string[];
  counts: number[];
}

export type ColumnProfile = NumericProfile | CategoricalProfile;

export const profileSize = (profile: ColumnProfile): number =>
  profile.type === 'numeric' ? profile.sorted.length : profile.counts.reduce((a, b) => a + b, 0);

/**
 * Profiles a column once so that comparisons need no second pass over it. A reference batch's
 * profiles are stored; checking a new batch then only profiles the new one.
 */
export function profileColumn(column: Column, space: SortSpace = freshSpace): ColumnProfile {
  if (column.type === 'numeric') {
    const sorted = sortedPresentValues(column.chunks, space);
    let missing = 0;
    for (const chunk of column.chunks) missing += chunk.length;
    missing -= sorted.length;
    return {
      type: 'numeric',
      name: column.name,
      missing,
      sorted,
      // numpy's std of R sums R in file order; sorted order rounds differently. Read in place where nothing is missing.
      std: (missing === 0 ? populationStdOfChunks(column.chunks) : undefined) ?? populationStd(presentValues(column)),
      edges: sorted.length > 0 ? decileEdges(sorted) : [],
    };
  }
  const { counts, missing } = categoryCounts(column);
  const categories: string[] = [];
  const kept: number[] = [];
  column.dictionary.forEach((category, code) => {
    const count = counts[code] ?? 0;
    if (count > 0) {
      categories.push(category);
      kept.push(count);
    }
  });
  return { type: 'categorical', name: column.name, missing, categories, counts: kept };
}

/** How drift compares a column of a type: a datetime as a number (epoch milliseconds), the others as stored. */
export const driftKind = (type: ColumnType): ColumnProfile['type'] => (type === 'categorical' ? 'categorical' : 'numeric');

/**
 * The profile of a column under its workspace type: a datetime column, held as its text, is profiled as
 * epoch milliseconds, so a date put back into drift is judged by KS / Wasserstein like any number.
 */
export function profileForDrift(column: Column, type: ColumnType, space: SortSpace = freshSpace): ColumnProfile {
  if (type !== 'datetime' || column.type !== 'categorical') return profileColumn(column, space);
  return profileColumn({ name: column.name, type: 'numeric', chunks: [datetimeToEpochMs(column)] }, space);
}
