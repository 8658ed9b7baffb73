import type { Column, NumericColumn } from './columns.ts';
import type { ColumnQuality } from './quality.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface ValidationCheck {
  check: string;
  column?: string;
  status: CheckStatus;
  value: string;
  threshold: string;
}

export interface ValidationResult {
  status: CheckStatus;
  referenceId: string;
  checks: ValidationCheck[];
}

/** Thresholds of the validate_data step; stored with the workspace. */
export interface ValidationSettings {
  minRows: number;
  /** A column missing more than this share fails. */
  maxMissingShare: number;
  /** A rise in missing share over the reference beyond this warns. */
  maxMissingShareIncrease: number;
  /** Numeric values outside the reference's [min, max] beyond this share warn. */
  maxOutOfRangeShare: number;
  /** A class of the target whose share moves more than this warns. */
  maxClassShareShift: number;
  /** A column whose share of unfit cells (not of the reference's type) is above this fails. */
  maxUnfitShare: number;
}

export const defaultValidationSettings: ValidationSettings = {
  minRows: 30,
  maxMissingShare: 0.5,
  maxMissingShareIncrease: 0.1,
  maxOutOfRangeShare: 0.05,
  maxClassShareShift: 0.2,
  maxUnfitShare: 0.05,
};

export interface ValidationSubject {
  id: string;
  rows: number;
  quality: ColumnQuality[];
}

const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;
const list = (names: string[], max = 8): string =>
  names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;

export const overallStatus = (checks: ValidationCheck[]): CheckStatus =>
  checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'pass';

/** Values of a numeric column outside [min, max]. */
export function outOfRange(column: NumericColumn, min: number, max: number): number {
  let n = 0;
  for (const chunk of column.chunks) for (const v of chunk) if (v < min || v > max) n++;
  return n;
}

function shapeChecks(
  reference: ValidationSubject,
  current: ValidationSubject,
  target: string | null,
  settings: ValidationSettings,
): ValidationCheck[] {
  const referenceNames = new Set(reference.quality.map((q) => q.name));
  const currentNames = new Set(current.quality.map((q) => q.name));
  // An absent target is an unlabeled batch, judged by the labels check instead.
  const missing = [...referenceNames].filter((n) => !currentNames.has(n) && n !== target);
  const extra = [...currentNames].filter((n) => !referenceNames.has(n));
  return [
    {
      check: 'enough rows',
      status: current.rows >= settings.minRows ? 'pass' : 'fail',
      value: `${current.rows} rows`,
      threshold: `≥ ${settings.minRows}`,
    },
    {
      check: 'missing columns',
      status: missing.length === 0 ? 'pass' : 'fail',
      value: missing.length === 0 ? 'none' : list(missing),
      threshold: 'none',
    },
    {
      check: 'extra columns',
      status: extra.length === 0 ? 'pass' : 'warn',
      value: extra.length === 0 ? 'none' : list(extra),
      threshold: 'none',
    },
  ];
}

const typeNoun = { numeric: 'numeric', datetime: 'dates' } as const;

/**
 * The batch is read with the reference's types, so a type change shows as cells that do not fit:
 * their share of the cells that held a value in the file. The batch is never typed on its own.
 */
function unfitCheck(cur: ColumnQuality, type: keyof typeof typeNoun, settings: ValidationSettings): ValidationCheck {
  const unfit = cur.coercedToMissing;
  const read = cur.rows - cur.missing + unfit;
  const share = read === 0 ? 0 : unfit / read;
  return {
    column: cur.name,
    check: 'type',
    status: share > settings.maxUnfitShare ? 'fail' : 'pass',
    value: `${pct(share)} unfit (${unfit} of ${read} cells not ${typeNoun[type]})`,
    threshold: `≤ ${pct(settings.maxUnfitShare)} unfit as ${type}`,
  };
}

function columnChecks(ref: ColumnQuality, cur: ColumnQuality, outsideOf: (min: number, max: number) => number | undefined, settings: ValidationSettings): ValidationCheck[] {
  const at = { column: cur.name };
  const increase = cur.missingShare - ref.missingShare;
  const checks: ValidationCheck[] = [
    // Any text fits a categorical column: only numeric and datetime columns can hold unfit cells.
    ...(cur.type === 'categorical' ? [] : [unfitCheck(cur, cur.type, settings)]),
    {
      ...at,
      check: 'missing share',
      status: cur.missingShare > settings.maxMissingShare ? 'fail' : 'pass',
      value: pct(cur.missingShare),
      threshold: `≤ ${pct(settings.maxMissingShare)}`,
    },
    {
      ...at,
      check: 'missing share increase',
      status: increase > settings.maxMissingShareIncrease ? 'warn' : 'pass',
      value: `${increase >= 0 ? '+' : ''}${pct(increase)} (reference ${pct(ref.missingShare)})`,
      threshold: `≤ +${pct(settings.maxMissingShareIncrease)}`,
    },
  ];
  const { min, max } = ref.numeric ?? { min: 0, max: 0 };
  const outside = ref.numeric ? outsideOf(min, max) : undefined;
  if (outside !== undefined) {
    const present = cur.rows - cur.missing;
    const share = present === 0 ? 0 : outside / present;
    checks.push({
      ...at,
      check: 'range',
      status: share > settings.maxOutOfRangeShare ? 'warn' : 'pass',
      value: `${pct(share)} (${outside} values) outside [${min}, ${max}]`,
      threshold: `≤ ${pct(settings.maxOutOfRangeShare)}`,
    });
  }
  // New values are what an id or a timestamp is made of: not a warning there.
  if (ref.categorical && cur.categorical && ref.type === 'categorical' && !ref.idLike && !ref.categorical.truncated) {
    const known = new Set(ref.categorical.counts.map((c) => c.value));
    const fresh = cur.categorical.counts.filter((c) => !known.has(c.value)).map((c) => c.value);
    checks.push({
      ...at,
      check: 'new categories',
      status: fresh.length === 0 ? 'pass' : 'warn',
      value: fresh.length === 0 ? 'none' : `${fresh.length}: ${list(fresh)}`,
      threshold: 'none',
    });
  }
  return checks;
}

function classBalance(ref: ColumnQuality, cur: ColumnQuality, settings: ValidationSettings): ValidationCheck {
  const share = (q: ColumnQuality, value: string): number => {
    const present = q.rows - q.missing;
    const count = q.categorical?.counts.find((c) => c.value === value)?.count ?? 0;
    return present === 0 ? 0 : count / present;
  };
  const classes = new Set([...(ref.categorical?.counts ?? []), ...(cur.categorical?.counts ?? [])].map((c) => c.value));
  let worst = { value: '', shift: 0 };
  for (const value of classes) {
    const shift = share(cur, value) - share(ref, value);
    if (Math.abs(shift) > Math.abs(worst.shift)) worst = { value, shift };
  }
  return {
    column: cur.name,
    check: 'class balance',
    status: Math.abs(worst.shift) > settings.maxClassShareShift ? 'warn' : 'pass',
    value: worst.value === '' ? 'no change' : `"${worst.value}" ${worst.shift >= 0 ? '+' : ''}${pct(worst.shift)}`,
    threshold: `|shift| ≤ ${pct(settings.maxClassShareShift)}`,
  };
}

/**
 * The validate_data step: a batch against the reference batch. Failing checks stop a pipeline run;
 * warnings are shown and recorded.
 */
export function validateBatch(
  reference: ValidationSubject,
  /**
   * The batch's columns, for the range check; or, for a batch too big to hold, its counts of values
   * outside the reference's range, by column name (counted a column at a time).
   */
  current: ValidationSubject & ({ columns: Column[] } | { outOfRange: ReadonlyMap<string, number> }),
  target: string | null,
  settings: ValidationSettings = defaultValidationSettings,
): ValidationResult {
  const checks = shapeChecks(reference, current, target, settings);
  const currentByName = new Map(current.quality.map((q) => [q.name, q]));
  const counted = 'outOfRange' in current ? current.outOfRange : null;
  const columnByName = new Map(counted ? [] : (current as { columns: Column[] }).columns.map((c) => [c.name, c]));
  const outsideOf =
    (name: string) =>
    (min: number, max: number): number | undefined => {
      if (counted) return counted.get(name);
      const column = columnByName.get(name);
      return column?.type === 'numeric' ? outOfRange(column, min, max) : undefined;
    };
  for (const ref of reference.quality) {
    const cur = currentByName.get(ref.name);
    if (cur) checks.push(...columnChecks(ref, cur, outsideOf(ref.name), settings));
  }
  if (target !== null) {
    const ref = reference.quality.find((q) => q.name === target);
    const cur = currentByName.get(target);
    if (!cur) {
      checks.push({ column: target, check: 'labels', status: 'warn', value: 'target column absent: unlabeled batch', threshold: 'present' });
    } else if (ref?.categorical && cur.categorical) {
      checks.push(classBalance(ref, cur, settings));
    }
  }
  return { status: overallStatus(checks), referenceId: reference.id, checks };
}

/** Problems with a settings object, one message per bad field; empty when usable. */
export function validationSettingsProblems(settings: ValidationSettings): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(settings.minRows) || settings.minRows < 1) problems.push('minimum rows must be a whole number ≥ 1');
  const shares: [keyof ValidationSettings, string][] = [
    ['maxMissingShare', 'maximum missing share'],
    ['maxMissingShareIncrease', 'maximum missing-share increase'],
    ['maxOutOfRangeShare', 'maximum out-of-range share'],
    ['maxClassShareShift', 'maximum class-share shift'],
    ['maxUnfitShare', 'maximum unfit-cell share'],
  ];
  for (const [key, label] of shares) {
    const v = settings[key];
    if (!(v >= 0 && v <= 1)) problems.push(`${label} must be between 0 and 1 (got ${v})`);
  }
  return problems;
}
