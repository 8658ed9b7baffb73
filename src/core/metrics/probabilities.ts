/**
 * A model's class probabilities for n holdout rows, and the labels that go with them.
 *
 * Two layouts, as scikit-learn accepts `predict_proba` output or a 1-D positive-class score:
 * - `rows`: row-major n × K (K >= 2); row i's probabilities are `values[i*K .. i*K + K - 1]`.
 * - `positive`: binary only; `values[i]` is the probability of class 1, class 0's is 1 - p.
 */
export type Probabilities =
  | { readonly layout: 'rows'; readonly values: ArrayLike<number>; readonly classes: number }
  | { readonly layout: 'positive'; readonly values: ArrayLike<number> };

/** The validated input: labels as integers, probabilities as a Float64Array in their layout. */
export interface CheckedInput {
  readonly n: number;
  /** K: 2 for the `positive` layout. */
  readonly classes: number;
  readonly labels: Int32Array;
  readonly layout: 'rows' | 'positive';
  readonly values: Float64Array;
}

/** Row-major probabilities from one array per row (`predict_proba` as JSON); every row has K entries. */
export function probabilityRows(rows: readonly ArrayLike<number>[]): Probabilities {
  const classes = rows[0]?.length ?? 0;
  const values = new Float64Array(rows.length * classes);
  rows.forEach((row, i) => {
    if (row.length !== classes) throw new RangeError(`Probability row ${i} has ${row.length} entries; row 0 has ${classes}.`);
    for (let k = 0; k < classes; k++) values[i * classes + k] = row[k]!;
  });
  return { layout: 'rows', values, classes };
}

/** Refuses what scikit-learn refuses (mismatched lengths, labels out of range, NaN or infinite scores) with a clear message. */
export function checkInput(yTrue: ArrayLike<number>, proba: Probabilities): CheckedInput {
  const n = yTrue.length;
  if (n === 0) throw new RangeError('No rows: classification metrics need at least one labelled row.');
  const classes = proba.layout === 'rows' ? proba.classes : 2;
  if (!Number.isInteger(classes) || classes < 2) throw new RangeError(`Need at least 2 classes; got ${classes}.`);
  const width = proba.layout === 'rows' ? classes : 1;
  if (proba.values.length !== n * width) {
    throw new RangeError(`${n} labels but ${proba.values.length} probabilities (expected ${n * width}: ${n} rows × ${width}).`);
  }
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = yTrue[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new RangeError(`Label ${y} at row ${i} is not a class index in 0..${classes - 1}.`);
    labels[i] = y;
  }
  const values = proba.values instanceof Float64Array ? proba.values : Float64Array.from(proba.values);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new RangeError(`Probability ${values[i]} at row ${Math.floor(i / width)} is not a finite number.`);
  }
  return { n, classes, labels, layout: proba.layout, values };
}

/**
 * Predicted classes. `rows`: the first class with the highest probability (numpy's `argmax`, so a tie
 * goes to the lower class index). `positive`: class 1 when p > 0.5, so p = 0.5 predicts class 0 —
 * the same as `argmax([1 - p, p])`.
 */
export function predictedClasses(input: CheckedInput): Int32Array {
  const { n, classes, values } = input;
  const predicted = new Int32Array(n);
  if (input.layout === 'positive') {
    for (let i = 0; i < n; i++) predicted[i] = values[i]! > 0.5 ? 1 : 0;
    return predicted;
  }
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    let best = 0;
    let bestValue = values[row]!;
    for (let k = 1; k < classes; k++) {
      if (values[row + k]! > bestValue) {
        best = k;
        bestValue = values[row + k]!;
      }
    }
    predicted[i] = best;
  }
  return predicted;
}

/** Class k's score per row (`proba[:, k]`); for the `positive` layout only class 1 has a column. */
export function scoresOfClass(input: CheckedInput, k: number): Float64Array {
  if (input.layout === 'positive') {
    if (k !== 1) throw new RangeError('The positive layout holds only class 1 scores.');
    return input.values;
  }
  const scores = new Float64Array(input.n);
  for (let i = 0; i < input.n; i++) scores[i] = input.values[i * input.classes + k]!;
  return scores;
}
