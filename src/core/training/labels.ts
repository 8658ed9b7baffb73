import type { ModelCard } from './modelCard.ts';
import type { Series } from './table.ts';

export interface TargetLabels {
  /** Class index (classification) or value (regression) per row; NaN when missing or a class the model never saw. */
  labels: Float64Array;
  missing: number;
  /** Classes in the data that the model never saw, with their row counts. */
  unseen: Map<string, number>;
}

const asNumber = (text: string): number => (text.trim() === '' ? NaN : Number(text));

/**
 * A batch's target as a model's labels, whether the column was read as text or as numbers. Classes
 * learnt from a numeric column are numbers as text ("1.5"); a file may write them "1.50", so classes
 * are also matched by value.
 */
export function targetLabels(card: ModelCard, target: Series, rows: number): TargetLabels {
  const labels = new Float64Array(rows).fill(NaN);
  const unseen = new Map<string, number>();
  let missing = 0;
  if (card.task === 'regression') {
    const values = target.type === 'numeric' ? target.values : Float64Array.from(target.codes, (code) => (code < 0 ? NaN : asNumber(target.dictionary[code]!)));
    for (let row = 0; row < rows; row++) {
      if (values[row] === values[row]) labels[row] = values[row]!;
      else missing++;
    }
    return { labels, missing, unseen };
  }
  const classes = card.classes!;
  const index = new Map(classes.map((c, i) => [c, i]));
  const byNumber = new Map(classes.flatMap((c, i) => (Number.isFinite(asNumber(c)) ? [[asNumber(c), i] as const] : [])));
  const classOf = (text: string): number => index.get(text) ?? (Number.isFinite(asNumber(text)) ? byNumber.get(asNumber(text)) : undefined) ?? -1;
  const texts = target.type === 'numeric' ? null : target.dictionary;
  const codeToClass = texts ? texts.map(classOf) : null;
  for (let row = 0; row < rows; row++) {
    let k: number;
    let text: string;
    if (target.type === 'numeric') {
      const v = target.values[row]!;
      if (v !== v) {
        missing++;
        continue;
      }
      text = String(v);
      k = classOf(text);
    } else {
      const code = target.codes[row]!;
      if (code < 0) {
        missing++;
        continue;
      }
      text = texts![code]!;
      k = codeToClass![code]!;
    }
    if (k < 0) unseen.set(text, (unseen.get(text) ?? 0) + 1);
    else labels[row] = k;
  }
  return { labels, missing, unseen };
}
