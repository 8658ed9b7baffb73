/**
 * Permutation importance of a fitted model on its holdout rows, as scikit-learn 1.2's
 * `sklearn.inspection.permutation_importance` computes it with its default scorer: the drop in score when
 * one column's values are shuffled across rows, repeated, as mean and (population) standard deviation.
 *
 * Model-agnostic: the model is only a `predict` callback on encoded input rows. A column is an ORIGINAL
 * column: a numeric column's inputs (its value and its missing indicator) or a categorical column's whole
 * one-hot group move together under the same row permutation, which is the same as permuting the raw column.
 *
 * Draw for draw as scikit-learn: `RandomState(seed).randint(2^31)` gives one seed; every column starts a
 * fresh `RandomState` from it, shuffles one index array in place before each repeat, and applies it to the
 * already-permuted column (`X[:, col] = X[idx, col]`), so repeats compound as they do there.
 */
import { checkInput, predictedClasses } from '../metrics/probabilities.ts';
import { numpySum } from '../metrics/numpySum.ts';
import { regressionMetrics } from '../metrics/regression.ts';
import { featureWidth, type Preprocessing } from '../training/preprocess.ts';
import type { Task } from '../training/task.ts';
import { NumpyRandomState } from './randomState.ts';

export const DEFAULT_REPEATS = 5;
export const IMPORTANCE_FORMAT_VERSION = 1;

/** scikit-learn's default scorer: `accuracy` for a classifier, `r2` for a regressor. */
export type ImportanceScoring = 'accuracy' | 'r2';

export interface ColumnImportance {
  column: string;
  /** importances_mean: baseline score − permuted score, averaged over the repeats. */
  mean: number;
  /** importances_std: their standard deviation (ddof = 0). */
  std: number;
}

/** Stored with a model version. */
export interface PermutationImportance {
  formatVersion: number;
  scoring: ImportanceScoring;
  repeats: number;
  /** scikit-learn's `random_state`. */
  seed: number;
  /** Holdout rows it was computed on. */
  rows: number;
  /** The unpermuted score. */
  baseline: number;
  /** In the model's feature order. */
  columns: ColumnImportance[];
}

/** A column's inputs: `width` adjacent inputs from `offset`. */
export interface InputGroup {
  column: string;
  offset: number;
  width: number;
}

export type PredictRows = (x: Float32Array, rows: number) => Promise<ArrayLike<number>>;

export interface PermutationRequest {
  /** Encoded inputs, row-major rows × width. */
  x: Float32Array;
  rows: number;
  width: number;
  groups: InputGroup[];
  task: Task;
  /** Class indices (classification) or target values (regression), one per row. */
  labels: ArrayLike<number>;
  /** rows × 1 probability of classes[1] (binary), rows × K (multiclass), or values (regression). */
  predict: PredictRows;
  classes?: number;
  seed: number;
  repeats?: number;
  /** Called before each scoring of a permuted copy; throws to stop (the caller's cancel). */
  checkCancelled?: () => void;
}

/** Each original column's inputs in a model's preprocessing. */
export function inputGroups(pre: Preprocessing): InputGroup[] {
  let offset = 0;
  return pre.features.map((f) => {
    const group = { column: f.name, offset, width: featureWidth(f) };
    offset += group.width;
    return group;
  });
}

export const scoringFor = (task: Task): ImportanceScoring => (task === 'regression' ? 'r2' : 'accuracy');

function scorer(task: Task, labels: ArrayLike<number>, classes: number): (outputs: ArrayLike<number>) => number {
  if (task === 'regression') {
    return (outputs) => {
      const r2 = regressionMetrics(labels, outputs).metrics.r2;
      if (r2 === null) throw new RangeError('permutation importance needs at least two holdout rows to score R²');
      return r2;
    };
  }
  return (outputs) => {
    const input = checkInput(labels, task === 'binary' ? { layout: 'positive', values: outputs } : { layout: 'rows', values: outputs, classes });
    const predicted = predictedClasses(input);
    let right = 0;
    for (let i = 0; i < input.n; i++) if (predicted[i] === input.labels[i]) right++;
    return right / input.n;
  };
}

/** numpy's mean and std (ddof = 0) of one row of the importances matrix. */
function meanAndStd(values: Float64Array): { mean: number; std: number } {
  const n = values.length;
  const mean = numpySum(values) / n;
  const squares = values.map((v) => (v - mean) * (v - mean));
  return { mean, std: Math.sqrt(numpySum(squares) / n) };
}

export async function permutationImportance(request: PermutationRequest): Promise<PermutationImportance> {
  const { x, rows, width, groups, task, labels, predict, seed, checkCancelled } = request;
  const repeats = request.repeats ?? DEFAULT_REPEATS;
  if (!Number.isInteger(repeats) || repeats < 1) throw new RangeError(`the number of repeats must be a whole number of at least 1, not ${repeats}`);
  if (x.length !== rows * width) throw new RangeError(`${x.length} inputs are not ${rows} rows × ${width}`);
  if (labels.length !== rows) throw new RangeError(`${labels.length} labels for ${rows} rows`);
  const classes = request.classes ?? 2;
  if (task === 'multiclass' && classes < 3) throw new RangeError('a multiclass model needs its number of classes (at least 3)');
  const score = scorer(task, labels, classes);
  const baseline = score(await predict(x, rows));
  const columnSeed = new NumpyRandomState(seed).randint(2 ** 31);
  const work = Float32Array.from(x);
  const taken = new Float32Array(rows);
  const columns: ColumnImportance[] = [];
  for (const group of groups) {
    const random = new NumpyRandomState(columnSeed);
    const index = Uint32Array.from({ length: rows }, (_, i) => i);
    const drops = new Float64Array(repeats);
    for (let repeat = 0; repeat < repeats; repeat++) {
      checkCancelled?.();
      random.shuffle(index);
      for (let input = group.offset; input < group.offset + group.width; input++) {
        for (let i = 0; i < rows; i++) taken[i] = work[index[i]! * width + input]!;
        for (let i = 0; i < rows; i++) work[i * width + input] = taken[i]!;
      }
      drops[repeat] = baseline - score(await predict(work, rows));
    }
    // Back to the original values before the next column is permuted.
    for (let i = 0; i < rows; i++) {
      const row = i * width + group.offset;
      work.set(x.subarray(row, row + group.width), row);
    }
    columns.push({ column: group.column, ...meanAndStd(drops) });
  }
  return { formatVersion: IMPORTANCE_FORMAT_VERSION, scoring: scoringFor(task), repeats, seed, rows, baseline, columns };
}
