import type { Problem } from '../problems.ts';
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

/** The fields of SplitShares a problem is about; `shares` is the two together. */
export type SharesField = keyof SplitShares | 'shares';

export function splitSharesProblems(shares: SplitShares): Problem<SharesField>[] {
  const problems: Problem<SharesField>[] = [];
  if (!(shares.holdout > 0 && shares.holdout < 0.9)) problems.push({ field: 'holdout', message: 'the holdout share must be above 0 and below 0.9' });
  if (!(shares.validation > 0 && shares.validation < 0.9)) problems.push({ field: 'validation', message: 'the validation share must be above 0 and below 0.9' });
  if (shares.holdout + shares.validation >= 0.9) problems.push({ field: 'shares', message: 'holdout and validation together must leave at least 10% of the rows for training' });
  return problems;
}

const sorted = (rows: number[]): Uint32Array => Uint32Array.from(rows).sort();

/**
 * The holdout rows of one class (or of all rows, for regression): the newest labelled data. `shuffled` is
 * the group in a seeded random order; rows of newer batches come first, at most half of each batch's rows
 * (rounded up), so the model still trains on the newest batch; when that is not enough, the next newest
 * rows fill the rest. With one batch this is the first `count` shuffled rows, a plain random holdout.
 */
function newestRows(shuffled: number[], count: number, batchOf: ((row: number) => number) | null): Set<number> {
  if (!batchOf) return new Set(shuffled.slice(0, count));
  const newestFirst = [...shuffled].sort((a, b) => batchOf(b) - batchOf(a));
  const perBatch = new Map<number, number>();
  for (const row of newestFirst) perBatch.set(batchOf(row), (perBatch.get(batchOf(row)) ?? 0) + 1);
  const taken = new Set<number>();
  const takenPerBatch = new Map<number, number>();
  for (const row of newestFirst) {
    if (taken.size === count) break;
    const batch = batchOf(row);
    const already = takenPerBatch.get(batch) ?? 0;
    if (already >= Math.ceil(perBatch.get(batch)! / 2)) continue;
    taken.add(row);
    takenPerBatch.set(batch, already + 1);
  }
  for (const row of newestFirst) {
    if (taken.size === count) break;
    taken.add(row);
  }
  return taken;
}

/**
 * A seeded split of the labelled rows (target present). Classification is stratified: each class is
 * shuffled and cut on its own, so every class reaches train, validation and holdout in proportion.
 * `batchOf` (row → the batch's place in arrival order) makes the holdout the newest labelled rows (see
 * newestRows), so the gate judges models on data the champion, trained earlier, has not seen;
 * validation rows are drawn at random from the rest.
 */
export function splitRows(target: Target, shares: SplitShares, seed: number, batchOf: ((row: number) => number) | null = null): Split {
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
    const held = newestRows(rows, nHoldout, batchOf);
    // A loop, not push(...held): a spread of hundreds of thousands of rows overflows the call stack.
    for (const row of held) holdout.push(row);
    // The rows left are shuffled again when the holdout was picked by batch: its choice took the first rows of
    // each batch in this order, so the rows left of the newest batch sit late in it.
    const rest = rows.filter((row) => !held.has(row));
    (batchOf ? random.shuffle(rest) : rest).forEach((row, i) => (i < nValidation ? validation : train).push(row));
  }
  return { train: sorted(train), validation: sorted(validation), holdout: sorted(holdout) };
}

/** Row → the place of its batch in the table's arrival order; null for a table of one batch. */
export function batchPlaces(spans: readonly { start: number; rows: number }[]): ((row: number) => number) | null {
  if (spans.length < 2) return null;
  const place = new Uint32Array(spans.reduce((n, span) => Math.max(n, span.start + span.rows), 0));
  spans.forEach((span, i) => place.fill(i, span.start, span.start + span.rows));
  return (row) => place[row]!;
}
