import { Random } from './random.ts';
import type { Target } from './task.ts';

export interface SplitShares {
  /** Share of the labelled rows kept out of training for the final metrics (and the gate). */
  holdout: number;
  /** Share of the labelled rows used for early stopping and model choice. */
  validation: number;
}

export const DEFAULT_SHARES: SplitShares = { holdout: 0.2, validation: 0.1 };

/** Row indices into the table, ascending. */
export interface Split {
  train: Uint32Array;
  validation: Uint32Array;
  holdout: Uint32Array;
}

export function splitSharesProblems(shares: SplitShares): string[] {
  const problems: string[] = [];
  if (!(shares.holdout > 0 && shares.holdout < 0.9)) problems.push('the holdout share must be above 0 and below 0.9');
  if (!(shares.validation > 0 && shares.validation < 0.9)) problems.push('the validation share must be above 0 and below 0.9');
  if (shares.holdout + shares.validation >= 0.9) problems.push('holdout and validation together must leave at least 10% of the rows for training');
  return problems;
}

const sorted = (rows: number[]): Uint32Array => Uint32Array.from(rows).sort();

/**
 * A seeded split of the labelled rows (target present). Classification is stratified: each class is
 * shuffled and cut on its own, so every class reaches train, validation and holdout in proportion.
 */
export function splitRows(target: Target, shares: SplitShares, seed: number): Split {
  const random = new Random(seed);
  const groups = new Map<number, number[]>();
  for (let row = 0; row < target.labels.length; row++) {
    const label = target.labels[row]!;
    if (label !== label) continue;
    const key = target.task === 'regression' ? 0 : label;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  const train: number[] = [];
  const validation: number[] = [];
  const holdout: number[] = [];
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = random.shuffle(groups.get(key)!);
    // At least one row each for holdout and validation, and never so many that training gets none.
    const nHoldout = Math.min(rows.length - 2, Math.max(1, Math.round(rows.length * shares.holdout)));
    const nValidation = Math.min(rows.length - 1 - nHoldout, Math.max(1, Math.round(rows.length * shares.validation)));
    rows.forEach((row, i) => (i < nHoldout ? holdout : i < nHoldout + nValidation ? validation : train).push(row));
  }
  return { train: sorted(train), validation: sorted(validation), holdout: sorted(holdout) };
}
