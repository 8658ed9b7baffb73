import type { ColumnType } from '../schema.ts';
import type { ColumnUse } from '../columnChoices.ts';
import { compareColumn, crosses, excludedColumn, newCategoriesDrift, type ColumnDrift } from './columnDrift.ts';
import type { ColumnProfile } from './profile.ts';
import { isPValueStatistic, type Correction, type DriftSettings } from './settings.ts';

export interface DatasetDrift {
  /** Feature columns compared (the target, left-out columns and columns with no values are not counted). */
  checkedColumns: number;
  driftedColumns: number;
  /** drifted / checked; null when nothing could be compared. */
  driftedShare: number | null;
  drift: boolean;
  driftShare: number;
  correction: Correction;
  /** In the reference but not in the current batch: not compared. */
  missingColumns: string[];
  /** In the current batch but not in the reference: not compared. */
  extraColumns: string[];
}

export interface DriftReport {
  columns: ColumnDrift[];
  dataset: DatasetDrift;
  /** The target column's own verdict, kept out of the dataset share. */
  labelDrift: ColumnDrift | null;
}

/**
 * The report with each column named by the workspace's type: profiles know numbers and categories only,
 * so a datetime column compared as numbers would otherwise read "numeric".
 */
export function withColumnTypes(report: DriftReport, types: ReadonlyMap<string, ColumnType>): DriftReport {
  const typed = (c: ColumnDrift): ColumnDrift => {
    const type = types.get(c.name);
    return type && type !== c.type ? { ...c, type } : c;
  };
  return { ...report, columns: report.columns.map(typed), labelDrift: report.labelDrift && typed(report.labelDrift) };
}

/** Bonferroni (p * m) or Benjamini-Hochberg step-up adjusted p-values, capped at 1. */
export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  const m = pValues.length;
  if (correction === 'none' || m === 0) return [...pValues];
  if (correction === 'bonferroni') return pValues.map((p) => Math.min(1, p * m));
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const { p, i } = order[rank - 1]!;
    running = Math.min(running, (p * m) / rank);
    adjusted[i] = Math.min(1, running);
  }
  return adjusted;
}

/** Applies the correction to the feature columns decided by a p-value, in place of their raw verdicts. */
function correct(columns: ColumnDrift[], correction: Correction): void {
  if (correction === 'none') return;
  const tested = columns.filter((c) => c.role === 'feature' && c.rule && c.value !== null && isPValueStatistic(c.rule.statistic));
  const adjusted = adjustPValues(tested.map((c) => c.value!), correction);
  tested.forEach((c, i) => {
    c.adjustedPValue = adjusted[i]!;
    c.drift = crosses(c.rule!.statistic, adjusted[i]!, c.rule!.threshold) || newCategoriesDrift(c);
  });
}

/**
 * One reference column against the current batch's column of the same name: compared, or listed as left
 * out (`excluded`, never the target). The sweep calls it a column at a time, so profiles need not all be held.
 */
export function columnVerdict(
  ref: ColumnProfile,
  cur: ColumnProfile,
  settings: DriftSettings,
  target: string | null = null,
  excluded: ReadonlyMap<string, ColumnUse> = new Map(),
): ColumnDrift {
  const leftOut = ref.name === target ? undefined : excluded.get(ref.name);
  return leftOut ? excludedColumn(ref, cur, leftOut) : compareColumn(ref, cur, settings, ref.name === target ? 'target' : 'feature');
}

/**
 * The report from every shared column's verdict (in the reference's order): the multiple-testing
 * correction applied, and dataset drift decided by the share rule.
 */
export function assembleReport(columns: ColumnDrift[], missingColumns: string[], extraColumns: string[], settings: DriftSettings): DriftReport {
  correct(columns, settings.correction);
  const checked = columns.filter((c) => c.role === 'feature' && c.drift !== null);
  const drifted = checked.filter((c) => c.drift).length;
  const driftedShare = checked.length > 0 ? drifted / checked.length : null;
  return {
    columns,
    dataset: {
      checkedColumns: checked.length,
      driftedColumns: drifted,
      driftedShare,
      drift: driftedShare !== null && driftedShare >= settings.driftShare,
      driftShare: settings.driftShare,
      correction: settings.correction,
      missingColumns,
      extraColumns,
    },
    labelDrift: columns.find((c) => c.role === 'target') ?? null,
  };
}

/**
 * Compares every column the two batches share and decides dataset drift by the share rule.
 * Profiles of the current batch must already have the reference's types. Columns in `excluded`
 * (columnChoices.ts `exclusions`) are listed with why, not compared and not counted; the target is
 * always checked, as label drift.
 */
export function driftReport(
  reference: readonly ColumnProfile[],
  current: readonly ColumnProfile[],
  settings: DriftSettings,
  target: string | null = null,
  excluded: ReadonlyMap<string, ColumnUse> = new Map(),
): DriftReport {
  const currentByName = new Map(current.map((p) => [p.name, p]));
  const referenceNames = new Set(reference.map((p) => p.name));
  const columns: ColumnDrift[] = [];
  const missingColumns: string[] = [];
  for (const ref of reference) {
    const cur = currentByName.get(ref.name);
    if (!cur) missingColumns.push(ref.name);
    else columns.push(columnVerdict(ref, cur, settings, target, excluded));
  }
  const extraColumns = current.filter((p) => !referenceNames.has(p.name)).map((p) => p.name);
  return assembleReport(columns, missingColumns, extraColumns, settings);
}
