import type { ColumnType } from '../schema.ts';
import type { ColumnUse, Exclusion } from '../columnChoices.ts';
import { binCounts, jensenShannonDistance, populationStabilityIndex } from './binned.ts';
import { chiSquareContingency, type ChiSquareResult } from './chiSquare.ts';
import { ksFromDistance, type KsResult } from './ksTwoSample.ts';
import { overlay, type Overlay } from './overlay.ts';
import { sideSummary, type SideSummary } from './sideSummary.ts';
import type { CategoricalProfile, ColumnProfile, NumericProfile } from './profile.ts';
import { decidingRule, type DecidingRule } from './rule.ts';
import { FEW_VALUES_MAX, isPValueStatistic, type DriftSettings, type DriftStatistic } from './settings.ts';
import { summarizeSortedPair, type SortedPairSummary } from './sortedPair.ts';
import { WASSERSTEIN_MIN_SCALE } from './wasserstein.ts';

/** A feature, the target (label drift), or a model's predictions (prediction drift); only features count in the share. */
export type ColumnRole = 'feature' | 'target' | 'prediction';

/** Every statistic that applies to one column, the one that decides it, and the verdict. */
export interface ColumnDrift {
  name: string;
  /** The workspace's type; a datetime column is compared as its epoch milliseconds (see withColumnTypes). */
  type: ColumnType;
  role: ColumnRole;
  nReference: number;
  nCurrent: number;
  missingReference: number;
  missingCurrent: number;
  ks?: KsResult;
  chi2?: ChiSquareResult;
  psi?: number;
  wasserstein?: number;
  jensenShannon?: number;
  /** Categories in the current batch that the reference never had, in the order they appear. */
  newCategories?: string[];
  /** How many new categories there were, when `newCategories` was cut short for storage. */
  newCategoryCount?: number;
  /** Categorical columns: the share of the current batch's non-missing rows whose category the reference never had. */
  newCategoryShare?: number;
  /** Null when the column could not be compared (see `problem`). */
  rule: DecidingRule | null;
  /** The deciding statistic's value: a p-value for ks / chi2, else the distance. */
  value: number | null;
  /** The p-value after the dataset's multiple-testing correction, when one applies. */
  adjustedPValue?: number;
  drift: boolean | null;
  /** Why the column was not compared, in words. */
  problem?: string;
  /** Left out of the dataset share (a datetime or id-like column by default, or by the user's choice): not compared. */
  excluded?: Exclusion;
  /** Why it was left out, in words. */
  excludedText?: string;
  distribution?: Overlay;
  /** Each side's mean and quartiles, or top category; absent on reports stored before they were kept, and where a side has no values. */
  summary?: { reference: SideSummary; current: SideSummary };
}

type Statistics = Pick<ColumnDrift, 'ks' | 'chi2' | 'psi' | 'wasserstein' | 'jensenShannon' | 'newCategories' | 'newCategoryShare'>;

function numericStatistics(ref: NumericProfile, cur: NumericProfile, pair: SortedPairSummary): Statistics {
  const refBins = binCounts(ref.sorted, ref.edges);
  const curBins = binCounts(cur.sorted, ref.edges);
  const stats: Statistics = {
    ks: ksFromDistance(pair.ecdfDistance, ref.sorted.length, cur.sorted.length),
    wasserstein: pair.wasserstein / Math.max(ref.std, WASSERSTEIN_MIN_SCALE),
    psi: populationStabilityIndex(refBins, curBins),
    jensenShannon: jensenShannonDistance(refBins, curBins),
  };
  if (pair.distinct <= FEW_VALUES_MAX) stats.chi2 = chiSquareContingency(pair.countsA, pair.countsB);
  return stats;
}

function categoricalStatistics(ref: CategoricalProfile, cur: CategoricalProfile): Statistics & { distinct: number } {
  const index = new Map<string, number>();
  const refCounts: number[] = [];
  const curCounts: number[] = [];
  ref.categories.forEach((category, i) => {
    index.set(category, refCounts.length);
    refCounts.push(ref.counts[i]!);
    curCounts.push(0);
  });
  const newCategories: string[] = [];
  let newRows = 0;
  let rows = 0;
  cur.categories.forEach((category, i) => {
    let at = index.get(category);
    if (at === undefined) {
      at = refCounts.length;
      index.set(category, at);
      refCounts.push(0);
      curCounts.push(0);
      newCategories.push(category);
    }
    if (at >= ref.categories.length) newRows += cur.counts[i]!;
    rows += cur.counts[i]!;
    curCounts[at]! += cur.counts[i]!;
  });
  return {
    chi2: chiSquareContingency(refCounts, curCounts),
    psi: populationStabilityIndex(refCounts, curCounts),
    jensenShannon: jensenShannonDistance(refCounts, curCounts),
    newCategories,
    newCategoryShare: rows > 0 ? newRows / rows : 0,
    distinct: refCounts.length,
  };
}

const valueOf = (stats: Statistics, statistic: DriftStatistic): number | undefined => {
  if (statistic === 'ks') return stats.ks?.pValue;
  if (statistic === 'chi2') return stats.chi2?.pValue;
  return stats[statistic];
};

/**
 * A categorical column drifts when this share of the current rows has a category the reference never
 * had, whatever its statistic says: a chi-square over hundreds of one-count categories cannot see it.
 */
export const NEW_CATEGORY_SHARE_DRIFT = 0.2;

/** Whether the column's new categories alone make it drift. */
export const newCategoriesDrift = (c: Pick<ColumnDrift, 'newCategoryShare'>): boolean =>
  c.newCategoryShare !== undefined && c.newCategoryShare >= NEW_CATEGORY_SHARE_DRIFT;

/** Whether a value crosses its threshold: p below it, or a distance at or above it. */
export const crosses = (statistic: DriftStatistic, value: number, threshold: number): boolean =>
  isPValueStatistic(statistic) ? value < threshold : value >= threshold;

function sizes(ref: ColumnProfile, cur: ColumnProfile): { nReference: number; nCurrent: number } {
  const count = (p: ColumnProfile): number => (p.type === 'numeric' ? p.sorted.length : p.counts.reduce((a, b) => a + b, 0));
  return { nReference: count(ref), nCurrent: count(cur) };
}

/** A column left out of drift: listed with its sizes and why, not compared. */
export function excludedColumn(ref: ColumnProfile, cur: ColumnProfile, use: ColumnUse): ColumnDrift {
  const { nReference, nCurrent } = sizes(ref, cur);
  return {
    name: ref.name,
    type: ref.type,
    role: 'feature',
    nReference,
    nCurrent,
    missingReference: ref.missing,
    missingCurrent: cur.missing,
    rule: null,
    value: null,
    drift: null,
    excluded: use.excluded ?? 'user',
    excludedText: use.text,
  };
}

/**
 * Compares one column of the current batch with the reference. Both profiles must have the
 * reference's type; a column with no values on either side is reported, not compared.
 */
export function compareColumn(ref: ColumnProfile, cur: ColumnProfile, settings: DriftSettings, role: ColumnRole = 'feature'): ColumnDrift {
  if (ref.type !== cur.type) throw new TypeError(`column "${ref.name}": reference is ${ref.type}, current is ${cur.type}`);
  const { nReference, nCurrent } = sizes(ref, cur);
  const base = { name: ref.name, type: ref.type, role, nReference, nCurrent, missingReference: ref.missing, missingCurrent: cur.missing };
  if (nReference === 0 || nCurrent === 0) {
    const side = nReference === 0 && nCurrent === 0 ? 'either batch' : nReference === 0 ? 'the reference batch' : 'the current batch';
    return { ...base, rule: null, value: null, drift: null, problem: `no values in ${side} (every cell is missing)` };
  }
  let stats: Statistics;
  let distinct: number;
  if (ref.type === 'numeric' && cur.type === 'numeric') {
    const pair = summarizeSortedPair(ref.sorted, cur.sorted, FEW_VALUES_MAX);
    stats = numericStatistics(ref, cur, pair);
    distinct = pair.distinct;
  } else if (ref.type === 'categorical' && cur.type === 'categorical') {
    ({ distinct, ...stats } = categoricalStatistics(ref, cur));
  } else {
    throw new TypeError('unreachable');
  }
  const rule = decidingRule({ name: ref.name, type: ref.type, nReference, distinct }, settings);
  const value = valueOf(stats, rule.statistic);
  if (value === undefined) throw new Error(`column "${ref.name}": ${rule.statistic} was not computed`);
  const drift = crosses(rule.statistic, value, rule.threshold) || newCategoriesDrift(stats);
  const [refSummary, curSummary] = [sideSummary(ref), sideSummary(cur)];
  const summary = refSummary && curSummary ? { reference: refSummary, current: curSummary } : undefined;
  return { ...base, ...stats, rule, value, drift, distribution: overlay(ref, cur), ...(summary ? { summary } : {}) };
}
