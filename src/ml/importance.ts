import type * as tf from '@tensorflow/tfjs';
import { inputGroups, permutationImportance, type PermutationImportance } from '../core/importance/permutation.ts';
import type { ModelCard } from '../core/training/modelCard.ts';
import { predictRows } from './layersModel.ts';
import { TrainingCancelled } from './trainLoop.ts';

/**
 * Permutation importance of a trained tfjs model on its holdout inputs, seeded with the model's seed
 * (scikit-learn's random_state). Null with fewer than two holdout rows: no score to drop from.
 */
export async function holdoutImportance(model: tf.LayersModel, card: ModelCard, x: Float32Array, labels: ArrayLike<number>, signal?: AbortSignal): Promise<PermutationImportance | null> {
  if (labels.length < 2) return null;
  const width = card.preprocessing.width;
  return permutationImportance({
    x,
    rows: labels.length,
    width,
    groups: inputGroups(card.preprocessing),
    task: card.task,
    labels,
    classes: card.classes?.length ?? 2,
    predict: (input, rows) => predictRows(model, input, rows, width),
    seed: card.seed,
    checkCancelled: () => {
      if (signal?.aborted) throw new TrainingCancelled();
    },
  });
}
