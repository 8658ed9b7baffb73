import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InputGroup } from '../../../src/core/importance/permutation.ts';
import type { Task } from '../../../src/core/training/task.ts';

export interface RandomStateGolden {
  seed: number;
  randint31: number;
  shuffles: { n: number; result: number[] }[];
  randint7: number[];
}

export interface ImportanceResult {
  seed: number;
  repeats: number;
  mean: number[];
  std: number[];
  importances: number[][];
}

export interface ImportanceCase {
  name: string;
  task: Task;
  /** Per class (classification: one row for binary), or one row (regression). */
  coef: number[] | number[][];
  intercept: number | number[];
  inputs: number[][];
  groups: InputGroup[];
  labels: number[];
  results: ImportanceResult[];
}

/** test/golden/importance/importance.json, written by generate.py beside it from scikit-learn 1.2 / numpy 1.24. */
export const golden = JSON.parse(readFileSync(join(import.meta.dirname, '../../golden/importance/importance.json'), 'utf8')) as {
  randomState: RandomStateGolden[];
  cases: ImportanceCase[];
};
