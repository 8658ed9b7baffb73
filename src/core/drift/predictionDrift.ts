import type { ModelCard } from '../training/modelCard.ts';
import { compareColumn, type ColumnDrift } from './columnDrift.ts';
import { profileColumn, type ColumnProfile } from './profile.ts';
import type { DriftSettings } from './settings.ts';

/** The name prediction drift goes by in a report: the model's predicted target. */
export const predictionName = (target: string): string => `predicted ${target}`;

/**
 * A model's outputs on a batch as a drift profile (docs/statistics.md, dataset-level drift): for a
 * classifier the predicted class of each row (the most probable, ties to the first, as
 * `predictedLabel`), a categorical column of the card's classes; for a regression the predicted value,
 * a numeric column (a NaN output counts as missing).
 */
export function predictionProfile(card: Pick<ModelCard, 'task' | 'classes' | 'target'>, outputs: Float32Array, rows: number): ColumnProfile {
  const name = predictionName(card.target);
  if (card.task === 'regression') return profileColumn({ name, type: 'numeric', chunks: [Float64Array.from(outputs.subarray(0, rows))] });
  const classes = card.classes ?? [];
  const codes = new Int32Array(rows);
  if (card.task === 'binary') {
    // The output is the probability of classes[1]; a tie (0.5) goes to the first class.
    for (let i = 0; i < rows; i++) codes[i] = outputs[i]! > 0.5 ? 1 : outputs[i]! === outputs[i]! ? 0 : -1;
  } else {
    const k = classes.length;
    for (let i = 0; i < rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (outputs[i * k + c]! > outputs[i * k + best]!) best = c;
      codes[i] = outputs[i * k + best]! === outputs[i * k + best]! ? best : -1;
    }
  }
  return profileColumn({ name, type: 'categorical', dictionary: classes, chunks: [codes] });
}

/**
 * Prediction drift: the model's predictions on the current batch against those on the reference, decided
 * by the same rule as any column of that kind (chi-square / Jensen-Shannon for a predicted class, KS /
 * Wasserstein for a predicted value; a global pin applies, a column's pin does not, the prediction being
 * no column). Never counted in the dataset share.
 */
export function predictionDrift(reference: ColumnProfile, current: ColumnProfile, settings: DriftSettings): ColumnDrift {
  return compareColumn(reference, current, { ...settings, columnPins: {} }, 'prediction');
}
