/**
 * Regression metrics on a holdout, matching scikit-learn 1.2: RMSE (`mean_squared_error(squared=False)`),
 * MAE (`mean_absolute_error`) and R² (`r2_score`, `force_finite=True`), with every sum in numpy's order.
 *
 * R², as scikit-learn 1.2 computes it: 1 - SS_res / SS_tot with SS_tot around numpy's mean of yTrue.
 * When SS_tot is 0 (constant yTrue) it is 1.0 for perfect predictions (SS_res = 0) and 0.0 otherwise,
 * instead of NaN or -Infinity. With fewer than two rows it is undefined (scikit-learn warns, NaN): null.
 */
import { numpySum } from './numpySum.ts';

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number | null;
}

export interface RegressionReport {
  /** The headline numbers: what `relearn` prints as JSON. */
  metrics: RegressionMetrics;
  warnings: string[];
}

function checkRegressionInput(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) throw new RangeError(`${yTrue.length} targets but ${yPred.length} predictions.`);
  if (yTrue.length === 0) throw new RangeError('No rows: regression metrics need at least one row.');
  for (let i = 0; i < yTrue.length; i++) {
    if (!Number.isFinite(yTrue[i]!)) throw new RangeError(`Target ${yTrue[i]} at row ${i} is not a finite number.`);
    if (!Number.isFinite(yPred[i]!)) throw new RangeError(`Prediction ${yPred[i]} at row ${i} is not a finite number.`);
  }
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionReport {
  checkRegressionInput(yTrue, yPred);
  const n = yTrue.length;
  const squared = new Float64Array(n);
  const absolute = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const error = yTrue[i]! - yPred[i]!;
    squared[i] = error * error;
    absolute[i] = Math.abs(error);
  }
  const residual = numpySum(squared);
  const warnings: string[] = [];
  return {
    metrics: { rmse: Math.sqrt(residual / n), mae: numpySum(absolute) / n, r2: rSquared(yTrue, residual, warnings) },
    warnings,
  };
}

/** `r2_score` given SS_res (`residual`). */
function rSquared(yTrue: ArrayLike<number>, residual: number, warnings: string[]): number | null {
  const n = yTrue.length;
  if (n < 2) {
    warnings.push('R² is undefined with fewer than two rows (scikit-learn warns and returns NaN)');
    return null;
  }
  const mean = numpySum(yTrue) / n;
  const deviations = new Float64Array(n);
  let constant = true;
  for (let i = 0; i < n; i++) {
    const d = yTrue[i]! - mean;
    deviations[i] = d * d;
    if (yTrue[i] !== yTrue[0]) constant = false;
  }
  const total = numpySum(deviations);
  if (total === 0) {
    warnings.push(`R² is undefined for a constant yTrue; scikit-learn's force_finite gives ${residual === 0 ? '1 (perfect predictions)' : '0 (imperfect predictions)'}`);
    return residual === 0 ? 1 : 0;
  }
  // numpy's mean of a constant column can miss the value by an ulp; SS_tot is then tiny, not 0, and R² follows it.
  if (constant) warnings.push('yTrue is constant but its mean rounds off it: R² divides by a rounding error, as scikit-learn does');
  return residual === 0 ? 1 : 1 - residual / total;
}
