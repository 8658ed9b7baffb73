import type { Column } from '../../../src/core/columns.ts';
import { defaultParams, defaultTrainConfig, type HyperParameters, type TrainConfig } from '../../../src/core/training/config.ts';
import { Random } from '../../../src/core/training/random.ts';
import { buildTable, type Table } from '../../../src/core/training/table.ts';
import type { Task } from '../../../src/core/training/task.ts';
import type { Matrices } from '../../../src/ml/trainLoop.ts';
import { categoricalColumn, numericColumn } from './columns.ts';

/** One batch's columns as a training table (every column kept). */
export const tableOf = (columns: Column[], id = 'batch-1', name = 'one.csv'): Table => buildTable([{ id, name, columns }], columns.map((c) => c.name));

export const rowsUpTo = (n: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => i);

/** A labelled point of a synthetic problem: two features in [-1, 1] and the target. */
export interface Point {
  x1: number;
  x2: number;
  label: string;
  value: number;
}

export const CLASSES_3 = ['a', 'b', 'c'] as const;

/**
 * Seeded points of an easy problem: binary "yes" when x1 + x2 > 0 (points within 0.1 of the line left
 * out), three classes by x1 (a | b | c with a gap of 0.1 around each cut), or regression
 * value = 3·x1 − 2·x2 + 5 plus noise of ±0.05.
 */
export function points(task: Task, rows: number, seed: number): Point[] {
  const random = new Random(seed);
  const out: Point[] = [];
  while (out.length < rows) {
    const x1 = random.float() * 2 - 1;
    const x2 = random.float() * 2 - 1;
    if (task === 'binary') {
      if (Math.abs(x1 + x2) < 0.1) continue;
      out.push({ x1, x2, label: x1 + x2 > 0 ? 'yes' : 'no', value: NaN });
    } else if (task === 'multiclass') {
      if (Math.abs(x1 + 1 / 3) < 0.05 || Math.abs(x1 - 1 / 3) < 0.05) continue;
      out.push({ x1, x2, label: x1 < -1 / 3 ? 'a' : x1 < 1 / 3 ? 'b' : 'c', value: NaN });
    } else {
      out.push({ x1, x2, label: '', value: 3 * x1 - 2 * x2 + 5 + (random.float() - 0.5) * 0.1 });
    }
  }
  return out;
}

/** The points as columns x1, x2 and the target (categorical for classification, numeric for regression). */
export function pointColumns(task: Task, data: Point[], target = 'target'): Column[] {
  return [
    numericColumn('x1', data.map((p) => p.x1)),
    numericColumn('x2', data.map((p) => p.x2)),
    task === 'regression' ? numericColumn(target, data.map((p) => p.value)) : categoricalColumn(target, data.map((p) => p.label)),
  ];
}

/** The points as the network's matrices: inputs x1, x2; targets 0/1, one-hot over a, b, c, or the value. */
export function pointMatrices(task: Task, data: Point[]): Matrices {
  const outputs = task === 'multiclass' ? 3 : 1;
  const x = new Float32Array(data.length * 2);
  const y = new Float32Array(data.length * outputs);
  data.forEach((p, i) => {
    x[i * 2] = p.x1;
    x[i * 2 + 1] = p.x2;
    if (task === 'binary') y[i] = p.label === 'yes' ? 1 : 0;
    else if (task === 'multiclass') y[i * 3 + CLASSES_3.indexOf(p.label as 'a')] = 1;
    else y[i] = p.value;
  });
  return { rows: data.length, inputs: 2, outputs, x, y };
}

/** The points as CSV text: x1,x2,<target> (optionally an extra categorical column `colour`). */
export function pointsCsv(task: Task, data: Point[], { target = 'target', colour = false } = {}): string {
  const lines = [['x1', 'x2', ...(colour ? ['colour'] : []), target].join(',')];
  data.forEach((p, i) => lines.push([p.x1.toFixed(6), p.x2.toFixed(6), ...(colour ? ['rgb'[i % 3]!] : []), task === 'regression' ? p.value.toFixed(6) : p.label].join(',')));
  return `${lines.join('\n')}\n`;
}

/**
 * 800 seeded rows, "yes" only in the corner x1 + x2 > 1 (an eighth of the rows) and there only 35% of the
 * time: about 4% "yes", and "no" is the likelier class everywhere, so an unweighted model learns to say "no".
 */
export function rareYesCsv(): string {
  const random = new Random(11);
  const lines = ['x1,x2,target'];
  for (let i = 0; i < 800; i++) {
    const x1 = random.float() * 2 - 1;
    const x2 = random.float() * 2 - 1;
    lines.push(`${x1},${x2},${x1 + x2 > 1 && random.float() < 0.35 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A small MLP that trains in a blink on points() data, `epochs` passes: (change) => its TrainConfig. */
export const quickTrainConfig =
  (epochs: number) =>
  (change: Partial<TrainConfig> = {}): TrainConfig => ({
    ...defaultTrainConfig('target'),
    params: { ...defaultParams('mlp'), hidden: [8], learningRate: 0.03, batchSize: 32, epochs, patience: 0 },
    ...change,
  });

/** A small tree ensemble of the family that fits points() data in a blink, `trees` iterations or trees: (change) => its TrainConfig. */
export const quickTreeConfig =
  (family: 'gbdt' | 'forest', trees: number) =>
  (change: Partial<TrainConfig> = {}, params: Partial<HyperParameters> = {}): TrainConfig => ({
    ...defaultTrainConfig('target', family),
    ...change,
    params: { ...defaultParams(family), epochs: trees, ...(family === 'gbdt' ? { minSamplesLeaf: 5, patience: 0 } : {}), ...params },
  });
