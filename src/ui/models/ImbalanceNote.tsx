import type { ImbalanceWarning } from '../../core/training/imbalance.ts';

/**
 * The class-imbalance warning of a classifier (core/training/imbalance.ts), with what to try. `who` names
 * the model where two are shown side by side ("Version 3").
 */
export function ImbalanceNote({ warning, who }: { warning: ImbalanceWarning | null | undefined; who?: string }) {
  if (!warning) return null;
  return (
    <div className="model-warnings" role="note" aria-label={who ? `Class imbalance of ${who}` : 'Class imbalance'}>
      <strong>Class imbalance{who ? ` (${who})` : ''}:</strong> {warning.message}. The model mostly ignores a class; try the class weights “balanced” when training.
    </div>
  );
}

/** A version's class weights as its parameter list shows them: "balanced (no 0.53, yes 8.9)". */
export function classWeightText(classWeight: string | undefined, weights: readonly number[] | undefined, classes: readonly string[] | null): string {
  if (classWeight !== 'balanced') return 'none';
  if (!weights || !classes) return 'balanced';
  const each = weights.map((w, i) => `${classes[i] ?? i} ${w > 0 ? Number(w.toPrecision(3)) : '(no training rows)'}`);
  return `balanced (${each.join(', ')})`;
}
