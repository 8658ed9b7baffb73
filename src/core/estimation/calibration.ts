/**
 * A classifier's calibration for label-free estimation (`docs/statistics.md`, "Label-free performance
 * estimation"): isotonic regression of "the row is class k" on the model's probability of class k,
 * fitted on the version's validation rows. Binary: one calibrator, on the positive class (class 1);
 * multiclass: one per class (one-vs-rest), the calibrated row renormalised to sum to 1 (a row whose
 * calibrated values are all 0 becomes uniform, as NannyML does). It also keeps NannyML's sampling-error
 * components, measured on the same rows, so a batch's interval needs nothing else.
 */
import type { Probabilities } from '../metrics/probabilities.ts';
import { fitIsotonic, predictIsotonic, type IsotonicFit } from './isotonic.ts';
import { samplingErrorComponents, type SamplingErrorComponents } from './samplingError.ts';

/** Bumped when the shape changes; readers refuse a newer one. */
export const CALIBRATION_VERSION = 1;

/** Stored with a classifier version (and in an exported model dir): plain JSON. */
export interface Calibration {
  formatVersion: number;
  method: 'isotonic';
  task: 'binary' | 'multiclass';
  /** Class labels in the model's output order (the model card's). */
  classes: string[];
  /** Binary: classes[1], the class the calibrator and precision / recall / F1 are about; multiclass: null. */
  positiveClass: string | null;
  /** Binary: one (class 1); multiclass: one per class, in class order. */
  calibrators: IsotonicFit[];
  samplingError: SamplingErrorComponents;
  /** How many labelled rows it was fitted on. */
  rows: number;
  /**
   * Which rows those were: the version's validation rows (at training), its recorded holdout rows (a version
   * trained before calibrations were kept, calibrated on first use), or a labelled file given to the CLI.
   * Absent: validation rows.
   */
  fittedOn?: CalibrationRows;
}

export type CalibrationRows = 'validation' | 'holdout' | 'labelled file';

/** The model's probabilities as n × K rows, the calibrated rows, and the predicted class (first argmax of the model's). */
export interface CalibratedRows {
  n: number;
  classes: number;
  uncalibrated: Float64Array;
  calibrated: Float64Array;
  predicted: Int32Array;
}

/** Row-major n × K probabilities from either layout; refuses NaN, infinities and a ragged shape. */
function probabilityMatrix(proba: Probabilities, classes: number): { n: number; values: Float64Array } {
  if (proba.layout === 'positive') {
    if (classes !== 2) throw new RangeError(`A positive-class score is binary, but the calibration has ${classes} classes.`);
    const n = proba.values.length;
    const values = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      values[i * 2] = 1 - proba.values[i]!;
      values[i * 2 + 1] = proba.values[i]!;
    }
    return finite({ n, values });
  }
  if (proba.classes !== classes) throw new RangeError(`The model gives ${proba.classes} class probabilities, but the calibration has ${classes} classes.`);
  if (proba.values.length % classes !== 0) throw new RangeError(`${proba.values.length} probabilities do not make rows of ${classes}.`);
  return finite({ n: proba.values.length / classes, values: Float64Array.from(proba.values) });
}

function finite(m: { n: number; values: Float64Array }): { n: number; values: Float64Array } {
  const width = m.n === 0 ? 1 : m.values.length / m.n;
  for (let i = 0; i < m.values.length; i++) {
    if (!Number.isFinite(m.values[i]!)) throw new RangeError(`Probability ${m.values[i]} at row ${Math.floor(i / width)} is not a finite number.`);
  }
  return m;
}

function firstArgmax(values: Float64Array, n: number, classes: number): Int32Array {
  const predicted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (values[i * classes + k]! > values[i * classes + best]!) best = k;
    predicted[i] = best;
  }
  return predicted;
}

const column = (values: Float64Array, n: number, classes: number, k: number): Float64Array => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = values[i * classes + k]!;
  return out;
};

/** Fits a calibration on labelled rows (labels are class indices 0..K-1, K = classNames.length >= 2). */
export function fitCalibration(labels: ArrayLike<number>, proba: Probabilities, classNames: readonly string[]): Calibration {
  const classes = classNames.length;
  if (classes < 2) throw new RangeError('Calibration is for classifiers: it needs at least 2 classes.');
  const { n, values } = probabilityMatrix(proba, classes);
  if (labels.length !== n) throw new RangeError(`${labels.length} labels but ${n} probability rows.`);
  if (n < 2) throw new RangeError(`Calibration needs at least 2 labelled rows; got ${n}.`);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= classes) throw new RangeError(`Label ${label} at row ${i} is not a class index in 0..${classes - 1}.`);
    y[i] = label;
  }
  const binary = classes === 2;
  const calibrators: IsotonicFit[] = [];
  for (let k = binary ? 1 : 0; k < classes; k++) {
    calibrators.push(fitIsotonic(column(values, n, classes, k), Float64Array.from(y, (label) => (label === k ? 1 : 0))));
  }
  const predicted = firstArgmax(values, n, classes);
  return {
    formatVersion: CALIBRATION_VERSION,
    method: 'isotonic',
    task: binary ? 'binary' : 'multiclass',
    classes: [...classNames],
    positiveClass: binary ? classNames[1]! : null,
    calibrators,
    samplingError: samplingErrorComponents(y, predicted, (k) => column(values, n, classes, k), classes),
    rows: n,
  };
}

/** The model's probabilities, calibrated: binary through the class-1 calibrator, multiclass per class and renormalised. */
export function calibrateRows(calibration: Calibration, proba: Probabilities): CalibratedRows {
  const classes = calibration.classes.length;
  const { n, values } = probabilityMatrix(proba, classes);
  const calibrated = new Float64Array(n * classes);
  if (calibration.task === 'binary') {
    const p = predictIsotonic(calibration.calibrators[0]!, column(values, n, 2, 1));
    for (let i = 0; i < n; i++) {
      calibrated[i * 2] = 1 - p[i]!;
      calibrated[i * 2 + 1] = p[i]!;
    }
  } else {
    for (let k = 0; k < classes; k++) {
      const p = predictIsotonic(calibration.calibrators[k]!, column(values, n, classes, k));
      for (let i = 0; i < n; i++) calibrated[i * classes + k] = p[i]!;
    }
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += calibrated[i * classes + k]!;
      for (let k = 0; k < classes; k++) calibrated[i * classes + k] = sum === 0 ? 1 / classes : calibrated[i * classes + k]! / sum;
    }
  }
  return { n, classes, uncalibrated: values, calibrated, predicted: firstArgmax(values, n, classes) };
}

/** Checks a calibration read from storage or a file; the message names what is wrong. */
export function assertCalibration(value: unknown): asserts value is Calibration {
  const c = value as Partial<Calibration> | null;
  if (!c || typeof c !== 'object') throw new Error('the calibration is not an object');
  if (c.formatVersion !== CALIBRATION_VERSION) throw new Error(`the calibration has format version ${String(c.formatVersion)}; this build reads version ${CALIBRATION_VERSION}`);
  if (!Array.isArray(c.classes) || c.classes.length < 2) throw new Error('the calibration names fewer than 2 classes');
  const expected = c.task === 'binary' ? 1 : c.task === 'multiclass' ? c.classes.length : -1;
  if (expected < 0) throw new Error(`the calibration's task is "${String(c.task)}"; binary or multiclass expected`);
  if (!Array.isArray(c.calibrators) || c.calibrators.length !== expected) throw new Error(`the calibration holds ${Array.isArray(c.calibrators) ? c.calibrators.length : 'no'} calibrators; ${expected} expected`);
  for (const fit of c.calibrators) {
    if (!fit || !Array.isArray(fit.x) || !Array.isArray(fit.y) || fit.x.length === 0 || fit.x.length !== fit.y.length) throw new Error('a calibrator has no thresholds, or x and y of different lengths');
  }
  if (!c.samplingError || typeof c.samplingError.accuracy !== 'number') throw new Error('the calibration has no sampling-error components');
}
