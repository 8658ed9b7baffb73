import {
  FEW_VALUES_MAX,
  isPValueStatistic,
  SMALL_SAMPLE_MAX,
  STATISTIC_LABELS,
  STATISTIC_TYPES,
  type DriftSettings,
  type DriftStatistic,
  type StatisticPin,
} from './settings.ts';

/** The statistic that decides a column, its threshold, and the reason in words. */
export interface DecidingRule {
  statistic: DriftStatistic;
  threshold: number;
  reason: string;
}

export interface ColumnFacts {
  name: string;
  type: 'numeric' | 'categorical';
  /** Non-missing values of the reference. */
  nReference: number;
  /** Distinct values of reference and current together. */
  distinct: number;
}

export const ruleText = (statistic: DriftStatistic, threshold: number): string =>
  isPValueStatistic(statistic) ? `${STATISTIC_LABELS[statistic]}, drift when p < ${threshold}` : `${STATISTIC_LABELS[statistic]}, drift when ≥ ${threshold}`;

/** The statistics contract's default (docs/statistics.md): a test on small references, a distance on large ones; categories for few values. */
export function defaultRule(facts: ColumnFacts, settings: DriftSettings): DecidingRule {
  const small = facts.nReference <= SMALL_SAMPLE_MAX;
  const distribution = facts.type === 'numeric' && facts.distinct > FEW_VALUES_MAX;
  const size = `${facts.nReference} reference values (${small ? '≤' : '>'} ${SMALL_SAMPLE_MAX})`;
  const shape = facts.type === 'categorical' ? 'categorical' : `numeric with ${facts.distinct} distinct values (${distribution ? '>' : '≤'} ${FEW_VALUES_MAX})`;
  let statistic: DriftStatistic;
  let threshold: number;
  if (small) {
    statistic = distribution ? 'ks' : 'chi2';
    threshold = settings.alpha;
  } else {
    statistic = distribution ? 'wasserstein' : 'jensenShannon';
    threshold = distribution ? settings.wassersteinThreshold : settings.jensenShannonThreshold;
  }
  return { statistic, threshold, reason: `default rule: ${size}, ${shape} → ${ruleText(statistic, threshold)}` };
}

const applies = (pin: StatisticPin, facts: ColumnFacts): boolean => STATISTIC_TYPES[pin.statistic].includes(facts.type);

/** The column pin, else the global pin, else the default rule; a pin that does not fit the column type falls back. */
export function decidingRule(facts: ColumnFacts, settings: DriftSettings): DecidingRule {
  const columnPin = settings.columnPins[facts.name];
  if (columnPin && applies(columnPin, facts)) {
    return { ...columnPin, reason: `pinned for this column: ${ruleText(columnPin.statistic, columnPin.threshold)}` };
  }
  if (settings.pin && applies(settings.pin, facts)) {
    return { ...settings.pin, reason: `pinned for all columns: ${ruleText(settings.pin.statistic, settings.pin.threshold)}` };
  }
  const fallback = defaultRule(facts, settings);
  const unfit = columnPin ?? settings.pin;
  if (!unfit) return fallback;
  return { ...fallback, reason: `the pinned ${STATISTIC_LABELS[unfit.statistic]} does not apply to a ${facts.type} column; ${fallback.reason}` };
}
