import type { ColumnQuality } from '../quality.ts';
import { MAX_CLASSES, type Task } from './task.ts';

/** A column that could be the target, with the task training would infer for it. */
export interface TargetCandidate {
  column: string;
  task: Task;
  /** Distinct values: the classes of a classification target, null for regression. */
  classes: number | null;
}

/**
 * The columns of a batch that could be predicted, in column order, each with the task analyseTarget
 * would infer: categorical → binary or multiclass, numeric → regression. Left out: datetime columns,
 * id-like columns, columns with one value or none, and categorical columns with more classes than
 * classification takes.
 */
export function targetCandidates(quality: readonly Pick<ColumnQuality, 'name' | 'type' | 'idLike' | 'distinct'>[]): TargetCandidate[] {
  const candidates: TargetCandidate[] = [];
  for (const column of quality) {
    if (column.type === 'datetime' || column.idLike || column.distinct < 2) continue;
    if (column.type === 'numeric') candidates.push({ column: column.name, task: 'regression', classes: null });
    else if (column.distinct <= MAX_CLASSES) candidates.push({ column: column.name, task: column.distinct === 2 ? 'binary' : 'multiclass', classes: column.distinct });
  }
  return candidates;
}

/** "weather → multiclass (5 classes)", "temp_max → regression". */
export const candidateText = (c: TargetCandidate): string => `${c.column} → ${c.task}${c.classes === null ? '' : ` (${c.classes} classes)`}`;
