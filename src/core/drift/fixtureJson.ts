import type { ColumnDrift } from './columnDrift.ts';
import type { DriftReport } from './report.ts';

/**
 * The report in the shape of the statistics fixtures (`expected.json`), which `relearn drift --json`
 * prints: keys that do not apply to a column are left out. A column left out of drift has `excluded` (its
 * reason: datetime, id-like or user) and `drift: null`.
 */
export function driftJson(report: DriftReport): unknown {
  return {
    columns: report.columns.map(columnJson),
    dataset: {
      driftedShare: report.dataset.driftedShare,
      drift: report.dataset.drift,
      ...(report.dataset.missingColumns.length > 0 ? { missingColumns: report.dataset.missingColumns } : {}),
      ...(report.dataset.extraColumns.length > 0 ? { extraColumns: report.dataset.extraColumns } : {}),
    },
  };
}

/** One column in the fixtures' shape (also prediction drift in `relearn drift --model --json`). */
export function columnJson(c: ColumnDrift): Record<string, unknown> {
  return {
    name: c.name,
    type: c.type,
    nReference: c.nReference,
    nCurrent: c.nCurrent,
    missingReference: c.missingReference,
    missingCurrent: c.missingCurrent,
    ...(c.ks ? { ks: { statistic: c.ks.statistic, pValue: c.ks.pValue } } : {}),
    ...(c.chi2 ? { chi2: { statistic: c.chi2.statistic, pValue: c.chi2.pValue, dof: c.chi2.dof } } : {}),
    ...(c.wasserstein !== undefined ? { wasserstein: c.wasserstein } : {}),
    ...(c.psi !== undefined ? { psi: c.psi } : {}),
    ...(c.jensenShannon !== undefined ? { jensenShannon: c.jensenShannon } : {}),
    ...(c.newCategories ? { newCategories: c.newCategories } : {}),
    ...(c.newCategoryShare !== undefined ? { newCategoryShare: c.newCategoryShare } : {}),
    decidedBy: c.rule?.statistic ?? null,
    drift: c.drift,
    ...(c.adjustedPValue !== undefined ? { adjustedPValue: c.adjustedPValue } : {}),
    ...(c.problem ? { problem: c.problem } : {}),
    ...(c.excluded ? { excluded: c.excluded } : {}),
  };
}
