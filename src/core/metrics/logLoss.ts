/**
 * Log loss as scikit-learn 1.2's `log_loss(y_true, y_pred, labels=range(K))` with its default
 * `eps="auto"`: eps is float64's machine epsilon (2^-52 ≈ 2.22e-16; 1.2 changed the default from
 * 1e-15). Each probability is clipped to [eps, 1 - eps], each row is then divided by its sum (so
 * rows need not sum to 1), and the loss is the mean of -ln(p of the true class).
 * For the `positive` layout p is clipped first and class 0 gets 1 - p, as scikit-learn does with a
 * 1-D y_pred.
 */
import { numpySum, pairwiseSum } from './numpySum.ts';
import type { CheckedInput } from './probabilities.ts';

/** `np.finfo(np.float64).eps`. */
export const LOG_LOSS_EPS = Number.EPSILON;

const clip = (p: number): number => Math.min(Math.max(p, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);

export function logLoss(input: CheckedInput): number {
  const { n, classes, labels, values } = input;
  const losses = new Float64Array(n);
  if (input.layout === 'positive') {
    for (let i = 0; i < n; i++) {
      const p1 = clip(values[i]!);
      const p0 = 1 - p1;
      losses[i] = -Math.log((labels[i] === 1 ? p1 : p0) / (p0 + p1));
    }
    return numpySum(losses) / n;
  }
  const row = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < classes; k++) row[k] = clip(values[i * classes + k]!);
    // numpy sums each row pairwise too (`y_pred.sum(axis=1)`).
    losses[i] = -Math.log(row[labels[i]!]! / pairwiseSum(row, 0, classes));
  }
  return numpySum(losses) / n;
}
