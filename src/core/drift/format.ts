import type { ColumnDrift } from './columnDrift.ts';
import { isPValueStatistic, STATISTIC_LABELS, type Correction, type DriftStatistic } from './settings.ts';

/**
 * Numbers of drift reports as the Monitor shows them. Statistics can be 0, tiny or (in a broken
 * record) not finite: none of these ever reaches the screen as "NaN" or "Infinity".
 */

const LOCALE = 'en-US';
const percentFormat = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });

/** Shown where a value is missing or not a finite number. */
export const NO_VALUE = '—';

const finite = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** A share as a percentage: "83.3%", "50%". */
export const formatPercent = (share: number | null | undefined): string => (finite(share) ? percentFormat.format(share) : NO_VALUE);

/** A p-value: three significant digits, scientific below 1e-4, and "< 1e-300" for an underflowed 0. */
export function formatPValue(p: number | null | undefined): string {
  if (!finite(p)) return NO_VALUE;
  if (p <= 0) return '< 1e-300';
  if (p < 1e-4) return p.toExponential(1);
  return String(Number(p.toPrecision(3)));
}

/** A distance or test statistic: three significant digits, scientific when very large or very small. */
export function formatValue(x: number | null | undefined): string {
  if (!finite(x)) return NO_VALUE;
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 1e6 || abs < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}

/** The deciding value in its statistic's terms: "p = 0.0123" or "0.231". */
export const formatDecidingValue = (statistic: DriftStatistic, value: number | null): string => {
  if (!isPValueStatistic(statistic)) return formatValue(value);
  const text = formatPValue(value);
  return text === NO_VALUE ? text : text.startsWith('<') ? `p ${text}` : `p = ${text}`;
};

/** How a threshold decides: "p < 0.05" for tests, "≥ 0.1" for distances. */
export const formatThreshold = (statistic: DriftStatistic, threshold: number): string =>
  isPValueStatistic(statistic) ? `p < ${formatPValue(threshold)}` : `≥ ${formatValue(threshold)}`;

export const CORRECTION_LABELS: Record<Correction, string> = {
  none: 'none',
  bonferroni: 'Bonferroni',
  fdr: 'Benjamini-Hochberg (FDR)',
};

export const statisticLabel = (statistic: DriftStatistic): string => STATISTIC_LABELS[statistic];

/** The test p-value of a column, whichever statistic decides it: KS for numeric, chi-square for categorical. */
export const testPValue = (column: ColumnDrift): number | undefined =>
  column.rule && isPValueStatistic(column.rule.statistic) ? (column.value ?? undefined) : (column.ks?.pValue ?? column.chi2?.pValue);

const RULE_SOURCES: [prefix: string, label: string][] = [
  ['pinned for this column: ', 'pinned for this column'],
  ['pinned for all columns: ', 'pinned for all columns'],
  ['default rule: ', 'default rule'],
];

/**
 * A deciding rule's reason cut in two for a table row: where the rule came from, in two or three
 * words, and why it applies, without the statistic and threshold the row already shows. The full
 * reason is shown in the column's drill-down.
 */
export function ruleSummary(reason: string): { source: string; why: string } {
  let rest = reason;
  let unfit = '';
  if (rest.startsWith('the pinned ')) {
    const cut = rest.indexOf('; ');
    unfit = cut >= 0 ? rest.slice(0, cut) : rest;
    rest = cut >= 0 ? rest.slice(cut + 2) : '';
  }
  const known = RULE_SOURCES.find(([prefix]) => rest.startsWith(prefix));
  if (!known) return { source: unfit ? 'pin does not apply' : 'rule', why: [unfit, rest].filter(Boolean).join('; ') };
  const [prefix, label] = known;
  const body = rest.slice(prefix.length);
  // Pins say only what the row shows already; the default rule's facts are the "why".
  const why = label === 'default rule' ? body.split(' → ')[0] ?? '' : '';
  return { source: unfit ? 'pin does not apply' : label, why: [unfit, why].filter(Boolean).join('; ') };
}

/**
 * How strongly a column's deciding value crossed (≥ 1) or stayed below (< 1) its threshold: a
 * distance over its threshold, or log p over log threshold for tests (p = threshold gives 1, p = 1
 * gives 0). A corrected p-value is used where the dataset applied a correction. Capped at 4.
 */
export const STRENGTH_CAP = 4;

export function driftStrength(column: ColumnDrift): number | null {
  if (!column.rule || column.value === null) return null;
  const { statistic, threshold } = column.rule;
  let strength: number;
  if (isPValueStatistic(statistic)) {
    const p = column.adjustedPValue ?? column.value;
    strength = p <= 0 ? STRENGTH_CAP : Math.log(p) / Math.log(threshold);
  } else {
    strength = column.value / threshold;
  }
  if (!Number.isFinite(strength)) return column.drift ? STRENGTH_CAP : 0;
  return Math.max(0, Math.min(STRENGTH_CAP, strength));
}

/** The deciding statistic with the test's own numbers (χ² and dof, or D, with the p-value), else its value. */
export function statisticText(c: ColumnDrift): string {
  const statistic = c.rule!.statistic;
  if (statistic === 'chi2' && c.chi2) return `χ² ${formatValue(c.chi2.statistic)} (dof ${c.chi2.dof}), p = ${formatPValue(c.chi2.pValue)}`;
  if (statistic === 'ks' && c.ks) return `D ${formatValue(c.ks.statistic)}, p = ${formatPValue(c.ks.pValue)}`;
  return `${statisticLabel(statistic)} ${formatDecidingValue(statistic, c.value)}`;
}
