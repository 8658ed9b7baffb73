import type { Task } from '../training/task.ts';

/**
 * scikit-learn 1.2's losses for HistGradientBoosting (sklearn/_loss): HalfBinomialLoss, HalfMultinomialLoss
 * and HalfSquaredError. Raw scores are column-major, raw[k × rows + row], one column per output (tree
 * t of an iteration serves column t); gradients and hessians have the same layout in 32-bit floats, the
 * width scikit-learn keeps them in (G_H_DTYPE), so that splits see the same sums.
 */
export interface GbdtLoss {
  outputs: number;
  /** Squared error without weights: every hessian is 1, the histograms count rows instead. */
  constantHessian: boolean;
  /** fit_intercept_only: the raw score of an intercept-only model, per output. */
  baseline(y: Float64Array, w: Float32Array | undefined): Float64Array;
  /** Fills the gradients and hessians at `raw` and gives the mean loss there: one pass over the rows for both. */
  gradients(raw: Float64Array, y: Float64Array, w: Float32Array | undefined, grad: Float32Array, hess: Float32Array): number;
  /** The (weighted) mean loss: log loss for classifiers, half squared error for regression. */
  mean(raw: Float64Array, y: Float64Array, w: Float32Array | undefined): number;
}

const weightOf = (w: Float32Array | undefined, i: number): number => (w ? w[i]! : 1);

function weightedMean(rows: number, w: Float32Array | undefined, value: (i: number) => number): number {
  let total = 0;
  let weights = 0;
  for (let i = 0; i < rows; i++) {
    const wi = weightOf(w, i);
    total += wi * value(i);
    weights += wi;
  }
  return weights > 0 ? total / weights : 0;
}

const binary: GbdtLoss = {
  outputs: 1,
  constantHessian: false,
  baseline(y, w) {
    // The interval of y_pred is open: clipped 10 machine epsilons inside (0, 1), then logit.
    const eps = 10 * Number.EPSILON;
    const p = Math.min(1 - eps, Math.max(eps, weightedMean(y.length, w, (i) => y[i]!)));
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, y, w, grad, hess) {
    let total = 0;
    let weights = 0;
    for (let i = 0; i < y.length; i++) {
      const r = raw[i]!;
      const yi = y[i]!;
      const wi = weightOf(w, i);
      weights += wi;
      // cgrad_hess_half_binomial, the two branches keep exp() from overflowing.
      let g: number;
      let e: number;
      if (r > 0) {
        e = Math.exp(-r);
        g = (1 - yi - yi * e) / (1 + e);
      } else {
        e = Math.exp(r);
        g = ((1 - yi) * e - yi) / (1 + e);
      }
      grad[i] = wi * g;
      hess[i] = (wi * e) / ((1 + e) * (1 + e));
      // e = exp(−|r|): the log loss log(1 + exp(r)) − y·r, computed without overflow.
      total += wi * (Math.max(r, 0) + Math.log1p(e) - yi * r);
    }
    return weights > 0 ? total / weights : 0;
  },
  mean(raw, y, w) {
    let total = 0;
    let weights = 0;
    for (let i = 0; i < y.length; i++) {
      const r = raw[i]!;
      const wi = weightOf(w, i);
      total += wi * (Math.max(r, 0) + Math.log1p(Math.exp(-Math.abs(r))) - y[i]! * r);
      weights += wi;
    }
    return weights > 0 ? total / weights : 0;
  },
};

function multinomial(classes: number): GbdtLoss {
  const p = new Float64Array(classes);
  const softmax = (raw: Float64Array, rows: number, i: number): number => {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, raw[k * rows + i]!);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      p[k] = Math.exp(raw[k * rows + i]! - max);
      sum += p[k]!;
    }
    return sum;
  };
  return {
    outputs: classes,
    constantHessian: false,
    baseline(y, w) {
      // The clipped weighted class shares, then log relative to their geometric mean (MultinomialLogit).
      const eps = Number.EPSILON;
      const logs = new Float64Array(classes);
      for (let k = 0; k < classes; k++) logs[k] = Math.log(Math.min(1 - eps, Math.max(eps, weightedMean(y.length, w, (i) => (y[i] === k ? 1 : 0)))));
      const mean = logs.reduce((a, b) => a + b, 0) / classes;
      return logs.map((l) => l - mean);
    },
    gradients(raw, y, w, grad, hess) {
      const rows = y.length;
      let total = 0;
      let weights = 0;
      for (let i = 0; i < rows; i++) {
        const sum = softmax(raw, rows, i);
        const wi = weightOf(w, i);
        for (let k = 0; k < classes; k++) {
          const pk = p[k]! / sum;
          grad[k * rows + i] = (pk - (y[i] === k ? 1 : 0)) * wi;
          hess[k * rows + i] = pk * (1 - pk) * wi;
        }
        total -= wi * Math.log(p[y[i]!]! / sum);
        weights += wi;
      }
      return weights > 0 ? total / weights : 0;
    },
    mean(raw, y, w) {
      const rows = y.length;
      return weightedMean(rows, w, (i) => {
        let max = -Infinity;
        for (let k = 0; k < classes; k++) max = Math.max(max, raw[k * rows + i]!);
        let sum = 0;
        for (let k = 0; k < classes; k++) sum += Math.exp(raw[k * rows + i]! - max);
        return Math.log(sum) + max - raw[y[i]! * rows + i]!;
      });
    },
  };
}

function squared(weighted: boolean): GbdtLoss {
  return {
    outputs: 1,
    constantHessian: !weighted,
    baseline: (y, w) => Float64Array.of(weightedMean(y.length, w, (i) => y[i]!)),
    gradients(raw, y, w, grad, hess) {
      let total = 0;
      let weights = 0;
      for (let i = 0; i < y.length; i++) {
        const wi = weightOf(w, i);
        const d = raw[i]! - y[i]!;
        grad[i] = wi * d;
        hess[i] = wi;
        total += wi * 0.5 * d * d;
        weights += wi;
      }
      return weights > 0 ? total / weights : 0;
    },
    mean: (raw, y, w) => weightedMean(y.length, w, (i) => 0.5 * (y[i]! - raw[i]!) ** 2),
  };
}

/** The loss of a task: binary log loss, softmax over `classes`, or half squared error. */
export function lossOf(task: Task, classes: number, weighted: boolean): GbdtLoss {
  if (task === 'binary') return binary;
  if (task === 'multiclass') return multinomial(classes);
  return squared(weighted);
}
