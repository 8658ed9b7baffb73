import type { Problem } from '../problems.ts';

/** The statistics of docs/statistics.md that can decide whether a column drifted. */
export type DriftStatistic = 'ks' | 'chi2' | 'psi' | 'wasserstein' | 'jensenShannon';

export const DRIFT_STATISTICS: readonly DriftStatistic[] = ['ks', 'chi2', 'psi', 'wasserstein', 'jensenShannon'];

export const STATISTIC_LABELS: Record<DriftStatistic, string> = {
  ks: 'KS test',
  chi2: 'chi-square test',
  psi: 'PSI',
  wasserstein: 'normalised Wasserstein',
  jensenShannon: 'Jensen-Shannon distance',
};

/** ks and chi2 decide by p-value (drift when p < threshold); the others by distance (drift when value >= threshold). */
export const isPValueStatistic = (s: DriftStatistic): boolean => s === 'ks' || s === 'chi2';

/** Which column types a pinned statistic can decide. */
export const STATISTIC_TYPES: Record<DriftStatistic, readonly ('numeric' | 'categorical')[]> = {
  ks: ['numeric'],
  wasserstein: ['numeric'],
  chi2: ['categorical'],
  psi: ['numeric', 'categorical'],
  jensenShannon: ['numeric', 'categorical'],
};

export interface StatisticPin {
  statistic: DriftStatistic;
  threshold: number;
}

export type Correction = 'none' | 'bonferroni' | 'fdr';

export interface DriftSettings {
  /** Significance level of the p-value statistics. */
  alpha: number;
  wassersteinThreshold: number;
  jensenShannonThreshold: number;
  /** Dataset drift when drifted / checked feature columns >= this share. */
  driftShare: number;
  /** Multiple-testing correction of the p-value statistics across feature columns. */
  correction: Correction;
  /** Replaces the default rule for every column it applies to. */
  pin: StatisticPin | null;
  /** Per column, wins over the global pin. */
  columnPins: Record<string, StatisticPin>;
}

export const defaultDriftSettings = (): DriftSettings => ({
  alpha: 0.05,
  wassersteinThreshold: 0.1,
  jensenShannonThreshold: 0.1,
  driftShare: 0.5,
  correction: 'none',
  pin: null,
  columnPins: {},
});

/** Reference samples up to this size are judged by a test (p-value), larger ones by a distance. */
export const SMALL_SAMPLE_MAX = 1000;
/** Numeric columns with more distinct values than this are compared as distributions, not as categories. */
export const FEW_VALUES_MAX = 5;

const inOpenUnit = (x: number): boolean => Number.isFinite(x) && x > 0 && x < 1;

/** The setting of DriftSettings a problem is about; a column's pin is `columnPins.<column>` (columnPinField). */
export type DriftSettingsField = 'alpha' | 'wassersteinThreshold' | 'jensenShannonThreshold' | 'driftShare' | 'correction' | 'pin' | 'columnPins' | `columnPins.${string}`;

export const columnPinField = (column: string): DriftSettingsField => `columnPins.${column}`;

function pinProblem(pin: StatisticPin, where: string): string | null {
  if (!DRIFT_STATISTICS.includes(pin.statistic)) return `${where}: unknown statistic "${String(pin.statistic)}"`;
  if (isPValueStatistic(pin.statistic)) {
    return inOpenUnit(pin.threshold) ? null : `${where}: the p-value threshold of the ${STATISTIC_LABELS[pin.statistic]} must be between 0 and 1 (exclusive), not ${pin.threshold}`;
  }
  if (!Number.isFinite(pin.threshold) || pin.threshold <= 0) {
    return `${where}: the ${STATISTIC_LABELS[pin.statistic]} threshold must be a positive number, not ${pin.threshold}`;
  }
  if (pin.statistic === 'jensenShannon' && pin.threshold > Math.sqrt(Math.LN2)) {
    return `${where}: the Jensen-Shannon distance is at most ${Math.sqrt(Math.LN2).toFixed(3)}, so a threshold of ${pin.threshold} never fires`;
  }
  return null;
}

/** Every reason the settings cannot be used, in words, each with its field; empty when they can. */
export function driftSettingsProblems(settings: DriftSettings): Problem<DriftSettingsField>[] {
  const problems: Problem<DriftSettingsField>[] = [];
  if (!inOpenUnit(settings.alpha)) problems.push({ field: 'alpha', message: `alpha must be between 0 and 1 (exclusive), not ${settings.alpha}` });
  if (!(Number.isFinite(settings.wassersteinThreshold) && settings.wassersteinThreshold > 0)) {
    problems.push({ field: 'wassersteinThreshold', message: `the Wasserstein threshold must be a positive number, not ${settings.wassersteinThreshold}` });
  }
  const js = settings.jensenShannonThreshold;
  if (!(Number.isFinite(js) && js > 0 && js <= Math.sqrt(Math.LN2))) {
    problems.push({ field: 'jensenShannonThreshold', message: `the Jensen-Shannon threshold must be above 0 and at most ${Math.sqrt(Math.LN2).toFixed(3)}, not ${js}` });
  }
  if (!(Number.isFinite(settings.driftShare) && settings.driftShare > 0 && settings.driftShare <= 1)) {
    problems.push({ field: 'driftShare', message: `the drift share must be above 0 and at most 1, not ${settings.driftShare}` });
  }
  if (!['none', 'bonferroni', 'fdr'].includes(settings.correction)) problems.push({ field: 'correction', message: `unknown correction "${settings.correction}"` });
  const pin = settings.pin && pinProblem(settings.pin, 'global pin');
  if (pin) problems.push({ field: 'pin', message: pin });
  for (const [column, columnPin] of Object.entries(settings.columnPins)) {
    const message = pinProblem(columnPin, `pin on "${column}"`);
    if (message) problems.push({ field: columnPinField(column), message });
  }
  return problems;
}
