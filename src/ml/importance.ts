import { inputGroups, permutationImportance, type PermutationImportance } from '../core/importance/permutation.ts';
import type { ModelCard } from '../core/training/modelCard.ts';
import type { Scorer } from './scorer.ts';
import { TrainingCancelled } from './trainLoop.ts';

/**
 * At most this many holdout rows are permuted: the cost is (columns × repeats + 1) predictions of them,
 * 101 for 20 columns, so 5,000 rows at 10 ms per 1,000 rows take about 5 s on top of training.
 */
export const MAX_IMPORTANCE_ROWS = 5_000;

/** Every k-th row, evenly spread over the holdout (which the split orders by batch), when there are more than `max`. */
export function evenRows(rows: number, max: number): Uint32Array | null {
  if (rows <= max) return null;
  return Uint32Array.from({ length: max }, (_, i) => Math.floor((i * rows) / max));
}

/**
 * Permutation importance of a trained model (any family) on its holdout inputs, seeded with the model's seed
 * (scikit-learn's random_state), on at most MAX_IMPORTANCE_ROWS rows spread evenly over the holdout.
 * Null with fewer than two holdout rows: no score to drop from.
 */
export async function holdoutImportance(scorer: Scorer, card: ModelCard, x: Float32Array, labels: ArrayLike<number>, signal?: AbortSignal): Promise<PermutationImportance | null> {
  if (labels.length < 2) return null;
  const width = card.preprocessing.width;
  const picked = evenRows(labels.length, MAX_IMPORTANCE_ROWS);
  if (picked) {
    const sub = new Float32Array(picked.length * width);
    picked.forEach((row, i) => sub.set(x.subarray(row * width, (row + 1) * width), i * width));
    x = sub;
    labels = Float64Array.from(picked, (row) => labels[row]!);
  }
  return permutationImportance({
    x,
    rows: labels.length,
    width,
    groups: inputGroups(card.preprocessing),
    task: card.task,
    labels,
    classes: card.classes?.length ?? 2,
    predict: (input, rows) => scorer.predict(input, rows),
    seed: card.seed,
    checkCancelled: () => {
      if (signal?.aborted) throw new TrainingCancelled();
    },
  });
}
