import { rowWeights } from '../core/training/classWeights.ts';
import { TrainingInputError, type Target } from '../core/training/task.ts';
import type { TargetScale } from './layersModel.ts';
import type { Matrices } from './trainLoop.ts';

/** Mean and standard deviation of the regression target over the training rows (scale 1 when constant). */
export function targetScale(target: Target, rows: Uint32Array): TargetScale {
  let sum = 0;
  for (const row of rows) sum += target.labels[row]!;
  const mean = sum / Math.max(1, rows.length);
  let squares = 0;
  for (const row of rows) squares += (target.labels[row]! - mean) ** 2;
  const scale = Math.sqrt(squares / Math.max(1, rows.length));
  if (!Number.isFinite(mean) || !Number.isFinite(scale)) {
    throw new TrainingInputError(`target "${target.name}" has values too large to train on (their spread overflows); rescale it, for example to thousands or millions`);
  }
  return { mean, scale: scale > 0 ? scale : 1 };
}

/** The network's targets for the given rows: 0/1, one-hot over the classes, or the standardised value. */
export function targetMatrix(target: Target, rows: Uint32Array, scale: TargetScale | null): { y: Float32Array; outputs: number } {
  if (target.task === 'multiclass') {
    const k = target.classes!.length;
    const y = new Float32Array(rows.length * k);
    rows.forEach((row, i) => (y[i * k + target.labels[row]!] = 1));
    return { y, outputs: k };
  }
  const y = new Float32Array(rows.length);
  rows.forEach((row, i) => (y[i] = scale ? (target.labels[row]! - scale.mean) / scale.scale : target.labels[row]!));
  return { y, outputs: 1 };
}

/** The rows' matrices; with class weights (classification), each row also carries its class's weight. */
export function matricesFor(x: Float32Array, inputs: number, target: Target, rows: Uint32Array, scale: TargetScale | null, classWeights: readonly number[] | null = null): Matrices {
  const { y, outputs } = targetMatrix(target, rows, scale);
  if (!classWeights) return { rows: rows.length, inputs, outputs, x, y };
  return { rows: rows.length, inputs, outputs, x, y, w: rowWeights(classWeights, Array.from(rows, (row) => target.labels[row]!)) };
}
