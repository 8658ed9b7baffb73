import type { Series } from './table.ts';

export type Task = 'binary' | 'multiclass' | 'regression';
/** The user's choice over the inferred task. */
export type TaskOverride = 'classification' | 'regression' | null;

export const MAX_CLASSES = 50;
export const MIN_ROWS_PER_CLASS = 5;
export const MIN_TRAINING_ROWS = 20;

/** Bad training input: the message says what is wrong and what to change. Nothing is registered. */
export class TrainingInputError extends Error {
  override name = 'TrainingInputError';
}

/** The target as the model sees it: class index (classification) or value (regression); NaN = missing. */
export interface Target {
  name: string;
  task: Task;
  /** Class labels in index order (sorted; numbers numerically); null for regression. */
  classes: string[] | null;
  labels: Float64Array;
  /** Rows whose target is missing: left out of training and evaluation. */
  missingRows: number;
  /** Why this task, in a sentence. */
  reason: string;
}

const labelNumber = (text: string): number => (text.trim() === '' ? NaN : Number(text));
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A total order on class labels: numbers first, by value (then text), then the rest by text. */
const compareLabels = (a: string, b: string): number => {
  const x = labelNumber(a);
  const y = labelNumber(b);
  const xNumber = Number.isFinite(x);
  const yNumber = Number.isFinite(y);
  if (xNumber && yNumber) return x - y || byText(a, b);
  if (xNumber !== yNumber) return xNumber ? -1 : 1;
  return byText(a, b);
};

/** Distinct texts of the present labels with their counts; `code` maps each row to its text. */
function labelTexts(series: Series): { texts: string[]; code: (row: number) => string | null } {
  if (series.type === 'categorical') {
    const seen = new Set<number>();
    for (const c of series.codes) if (c >= 0) seen.add(c);
    return { texts: [...seen].map((c) => series.dictionary[c]!), code: (row) => (series.codes[row]! < 0 ? null : series.dictionary[series.codes[row]!]!) };
  }
  const seen = new Set<number>();
  for (const v of series.values) if (v === v) seen.add(v);
  return { texts: [...seen].map(String), code: (row) => (series.values[row] === series.values[row] ? String(series.values[row]) : null) };
}

function classificationTarget(series: Series, rows: number, reason: string): Target {
  const { texts, code } = labelTexts(series);
  const classes = texts.sort(compareLabels);
  if (classes.length > MAX_CLASSES) {
    throw new TrainingInputError(`target "${series.name}" has ${classes.length} classes; classification takes at most ${MAX_CLASSES}. Pick another target, or train a regression if it is a number`);
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = new Float64Array(rows);
  const counts = new Array<number>(classes.length).fill(0);
  let missing = 0;
  for (let row = 0; row < rows; row++) {
    const text = code(row);
    if (text === null) {
      labels[row] = NaN;
      missing++;
    } else {
      const k = index.get(text)!;
      labels[row] = k;
      counts[k]!++;
    }
  }
  const present = rows - missing;
  if (present > MIN_TRAINING_ROWS && classes.length === present) {
    throw new TrainingInputError(`target "${series.name}" has a different value in every row, like an id: there is nothing to learn. Pick the column to predict as the target`);
  }
  const few = classes.filter((_, k) => counts[k]! < MIN_ROWS_PER_CLASS);
  if (few.length > 0) {
    const names = few.slice(0, 5).map((c) => `"${c}" (${counts[classes.indexOf(c)]})`).join(', ');
    throw new TrainingInputError(`too few rows per class in target "${series.name}": ${names}${few.length > 5 ? ` and ${few.length - 5} more` : ''}; each class needs at least ${MIN_ROWS_PER_CLASS}. Add batches with more of them, or drop those rows`);
  }
  return { name: series.name, task: classes.length === 2 ? 'binary' : 'multiclass', classes, labels, missingRows: missing, reason };
}

/** Whether no present value comes twice (NaN left out); stops at the first repeat. */
function everyValueDiffers(values: Float64Array): boolean {
  const seen = new Set<number>();
  for (const v of values) {
    if (v !== v) continue;
    if (seen.has(v)) return false;
    seen.add(v);
  }
  return true;
}

/**
 * The first present label's text and whether another differs from it: all the refusals of a target with
 * no value or one value need, without a set (and a text) of every distinct value of a numeric column.
 */
function labelVariety(series: Series): { first: string | null; several: boolean } {
  if (series.type === 'categorical') {
    const { codes } = series;
    let first = -1;
    for (let row = 0; row < codes.length; row++) {
      const code = codes[row]!;
      if (code < 0) continue;
      if (first < 0) first = code;
      else if (code !== first) return { first: series.dictionary[first]!, several: true };
    }
    return { first: first < 0 ? null : series.dictionary[first]!, several: false };
  }
  const { values } = series;
  let first = NaN;
  for (let row = 0; row < values.length; row++) {
    const v = values[row]!;
    if (v !== v) continue;
    // As a Set would count them: 0 and -0 are one value.
    if (first !== first) first = v;
    else if (v !== first) return { first: String(first), several: true };
  }
  return { first: first === first ? String(first) : null, several: false };
}

function regressionTarget(series: Series, rows: number, reason: string): Target {
  const labels = new Float64Array(rows);
  if (series.type === 'categorical') {
    const numbers = series.dictionary.map((t) => (t.trim() === '' ? NaN : Number(t)));
    const bad = series.dictionary.find((_, i) => !Number.isFinite(numbers[i]!));
    if (bad !== undefined) throw new TrainingInputError(`target "${series.name}" is not numeric (values like "${bad}"); regression needs a numeric target. Choose classification, or another target`);
    for (let row = 0; row < rows; row++) labels[row] = series.codes[row]! < 0 ? NaN : numbers[series.codes[row]!]!;
  } else {
    labels.set(series.values);
  }
  let missing = 0;
  let integers = true;
  for (let row = 0; row < rows; row++) {
    const v = labels[row]!;
    if (v !== v) missing++;
    else if (integers && !Number.isInteger(v)) integers = false;
  }
  const present = rows - missing;
  // Only whole numbers can count like an id: a set of every value (millions of rows) is built for them alone.
  if (present > MIN_TRAINING_ROWS && integers && everyValueDiffers(labels)) {
    // A loop, not Math.max(...values): a spread of a million values overflows the call stack.
    let [min, max] = [Infinity, -Infinity];
    for (const v of labels) if (v === v) [min, max] = [Math.min(min, v), Math.max(max, v)];
    const span = max - min + 1;
    if (span === present) throw new TrainingInputError(`target "${series.name}" counts 1, 2, 3, … with a different value in every row, like an id: there is nothing to learn. Pick the column to predict as the target`);
  }
  return { name: series.name, task: 'regression', classes: null, labels, missingRows: missing, reason };
}

/**
 * Infers the task from the target column: categorical → classification (binary with two classes),
 * numeric → regression; the user may override. Refuses a target with no values, one value, an id,
 * too many classes, too few rows per class, or text for regression.
 */
export function analyseTarget(series: Series, rows: number, override: TaskOverride = null): Target {
  const { first, several } = labelVariety(series);
  if (first === null) throw new TrainingInputError(`target "${series.name}" has no values in the chosen batches. Pick another target or other batches`);
  if (!several) throw new TrainingInputError(`target "${series.name}" is "${first}" in every row: a constant target leaves nothing to learn. Pick another target, or add batches where it varies`);
  const task = override ?? (series.type === 'categorical' ? 'classification' : 'regression');
  if (task === 'classification') {
    const reason = override ? 'classification, as chosen' : `"${series.name}" is categorical → classification`;
    return classificationTarget(series, rows, reason);
  }
  const reason = override ? 'regression, as chosen' : `"${series.name}" is numeric → regression`;
  return regressionTarget(series, rows, reason);
}
