/** How training weighs each class's rows in the loss. */
export type ClassWeight = 'none' | 'balanced';
export const CLASS_WEIGHTS: readonly ClassWeight[] = ['none', 'balanced'];

/**
 * scikit-learn's `compute_class_weight('balanced', classes=np.unique(y), y=y)`:
 * n_samples / (n_classes * count(class)), over the training rows' class indices. n_classes counts the
 * classes that have training rows (scikit-learn refuses a class absent from y); an absent class gets 0,
 * as it weighs no row.
 */
export function balancedClassWeights(labels: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c > 0 ? labels.length / (present * c) : 0));
}

/** Each row's weight: its class's weight. */
export function rowWeights(weights: readonly number[], labels: ArrayLike<number>): Float32Array {
  return Float32Array.from({ length: labels.length }, (_, i) => weights[labels[i]!]!);
}
