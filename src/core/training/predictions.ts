import { cellText, columnLength, type Column } from '../columns.ts';
import { csvLine } from '../csv/writeCsv.ts';
import type { ModelCard } from './modelCard.ts';

/** Probability of each class per row, from the model's output (binary: one column, the second class's). */
export function classProbabilities(card: ModelCard, outputs: Float32Array, row: number): number[] {
  const k = card.classes!.length;
  if (card.task === 'binary') {
    const p = outputs[row]!;
    return [1 - p, p];
  }
  return Array.from(outputs.subarray(row * k, row * k + k));
}

/** The predicted label per row: the most probable class (ties to the first), or the value. */
export function predictedLabel(card: ModelCard, outputs: Float32Array, row: number): string {
  // Outputs are 32-bit floats: seven significant digits say all they hold.
  if (card.task === 'regression') return String(Number(outputs[row]!.toPrecision(7)));
  const probabilities = classProbabilities(card, outputs, row);
  let best = 0;
  for (let k = 1; k < probabilities.length; k++) if (probabilities[k]! > probabilities[best]!) best = k;
  return card.classes![best]!;
}

export const predictionHeader = (card: ModelCard): string[] => ['prediction', ...(card.classes ?? []).map((c) => `probability_${c}`)];

const ROWS_PER_PART = 10_000;

/**
 * The input's columns, then `prediction` and, for classification, `probability_<class>` per class; as
 * CSV text parts of 10,000 rows. Formula-like cells are escaped (see writeCsv).
 */
export function predictionsCsvParts(columns: Column[], card: ModelCard, outputs: Float32Array): string[] {
  const rows = columns[0] ? columnLength(columns[0]) : 0;
  const parts = [`${csvLine([...columns.map((c) => c.name), ...predictionHeader(card)])}\r\n`];
  for (let start = 0; start < rows; start += ROWS_PER_PART) {
    const lines: string[] = [];
    for (let row = start; row < Math.min(rows, start + ROWS_PER_PART); row++) {
      const probabilities = card.classes ? classProbabilities(card, outputs, row).map(String) : [];
      lines.push(csvLine([...columns.map((c) => cellText(c, row)), predictedLabel(card, outputs, row), ...probabilities]));
    }
    parts.push(`${lines.join('\r\n')}\r\n`);
  }
  return parts;
}
