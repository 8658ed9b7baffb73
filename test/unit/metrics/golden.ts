import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { probabilityRows, type Probabilities } from '../../../src/core/metrics/index.ts';

/** docs/statistics.md: model metrics match scikit-learn to 1e-9 relative. */
export const RELATIVE = 1e-9;

/** A curve as `roc_curve` returns it, in JSON. */
export interface CurveJson {
  fpr: number[];
  tpr: number[];
  thresholds: number[];
}

export interface LcgSpec {
  kind: 'binary' | 'multiclass';
  seed: number;
  n: number;
  rate?: number;
  classes?: number;
}

export interface ClassificationCase {
  name: string;
  task: 'binary' | 'multiclass';
  yTrue?: number[];
  proba?: number[][];
  positive?: number[];
  lcg?: LcgSpec;
  expected: Record<string, number | null | number[][]>;
  perClass: { label: number; precision: number; recall: number; f1: number; support: number }[];
  roc?: CurveJson | null;
  rocPerClass?: (CurveJson | null)[];
  /** scikit-learn's UndefinedMetricWarnings and errors for this case. */
  sklearn: string[];
}

export interface RegressionCase {
  name: string;
  yTrue?: number[];
  pred?: number[];
  lcg?: { seed: number; n: number };
  expected: { rmse: number; mae: number; r2: number | null };
  sklearn: string[];
}

/** test/golden/metrics/metrics.json, written by generate.py beside it from scikit-learn 1.2. */
export function loadGolden(): { classification: ClassificationCase[]; regression: RegressionCase[] } {
  const file = join(import.meta.dirname, '../../golden/metrics/metrics.json');
  return JSON.parse(readFileSync(file, 'utf8')) as { classification: ClassificationCase[]; regression: RegressionCase[] };
}

/** generate.py's `lcg`, bit for bit: a 32-bit LCG, uniforms in [0, 1). */
export function lcg(seed: number, n: number): Float64Array {
  let state = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 4294967296;
  }
  return out;
}

/** The inputs of a classification case: written out, or regenerated from its LCG spec as generate.py does. */
export function classificationInput(c: ClassificationCase): { yTrue: number[]; proba: Probabilities } {
  if (c.lcg === undefined) {
    const proba: Probabilities = c.positive !== undefined ? { layout: 'positive', values: c.positive } : probabilityRows(c.proba!);
    return { yTrue: c.yTrue!, proba };
  }
  const { seed, n } = c.lcg;
  if (c.lcg.kind === 'binary') {
    const u = lcg(seed, n);
    const v = lcg(seed + 1, n);
    const yTrue = Array.from(u, (a) => (a < c.lcg!.rate! ? 1 : 0));
    const values = yTrue.map((t, i) => Math.floor((0.3 * t + 0.7 * v[i]!) * 1000) / 1000);
    return { yTrue, proba: { layout: 'positive', values } };
  }
  const k = c.lcg.classes!;
  const u = lcg(seed, n * (k + 1));
  const yTrue: number[] = [];
  const values = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const label = Math.floor(u[i * (k + 1)]! * k);
    const w = Array.from({ length: k }, (_, j) => u[i * (k + 1) + 1 + j]! + (j === label ? 0.5 : 0));
    let total = 0;
    for (const x of w) total += x;
    yTrue.push(label);
    w.forEach((x, j) => (values[i * k + j] = x / total));
  }
  return { yTrue, proba: { layout: 'rows', values, classes: k } };
}

/** The inputs of a regression case. */
export function regressionInput(c: RegressionCase): { yTrue: number[]; pred: number[] } {
  if (c.lcg === undefined) return { yTrue: c.yTrue!, pred: c.pred! };
  const u = lcg(c.lcg.seed, c.lcg.n);
  const v = lcg(c.lcg.seed + 1, c.lcg.n);
  const yTrue = Array.from(u, (a) => 10 * a + 5);
  return { yTrue, pred: yTrue.map((t, i) => t + 3 * (v[i]! - 0.5)) };
}

/** Collects every mismatch, so that a failing case lists all of them at once. */
export class Mismatches {
  readonly list: string[] = [];

  /** Within 1e-9 relative; null (undefined metric) only against null; 0 only against 0. */
  close(label: string, actual: number | null | undefined, expected: number | null): void {
    if (expected === null || actual === null || actual === undefined) {
      if (actual !== expected) this.list.push(`${label}: ${actual} instead of ${expected}`);
      return;
    }
    if (!(Math.abs(actual - expected) <= RELATIVE * Math.abs(expected))) {
      this.list.push(`${label}: ${actual} instead of ${expected} (relative error ${(Math.abs(actual - expected) / Math.abs(expected)).toExponential(2)})`);
    }
  }

  equal(label: string, actual: unknown, expected: unknown): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) this.list.push(`${label}: ${a} instead of ${e}`);
  }

  curve(label: string, actual: { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array } | null | undefined, expected: CurveJson | null): void {
    if (actual === null || actual === undefined || expected === null) {
      if (actual !== expected) this.list.push(`${label}: ${actual === null ? 'null' : 'a curve'} instead of ${expected === null ? 'null' : 'a curve'}`);
      return;
    }
    for (const key of ['fpr', 'tpr', 'thresholds'] as const) {
      if (actual[key].length !== expected[key].length) {
        this.list.push(`${label}.${key}: ${actual[key].length} points instead of ${expected[key].length}`);
        continue;
      }
      expected[key].forEach((e, i) => this.close(`${label}.${key}[${i}]`, actual[key][i], e));
    }
  }
}
