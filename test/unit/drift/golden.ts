import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** test/golden/drift: written by generate.py from SciPy 1.10 / numpy; read here without Python. */
export const GOLDEN_DIR = join(import.meta.dirname, '../../golden/drift');

export function loadGolden<T>(file: string): T[] {
  const parsed = JSON.parse(readFileSync(join(GOLDEN_DIR, file), 'utf8')) as { cases: T[] };
  return parsed.cases;
}

/** A sample described by a seed instead of its values (test/golden/drift/lcg.py). */
export interface SampleSpec {
  seed: number;
  n: number;
  shape: 'uniform' | 'normal' | 'square' | 'int';
  loc: number;
  scale: number;
  levels?: number;
  step?: number;
}

/**
 * The values lcg.py generates for a spec, bit for bit: a 32-bit LCG and IEEE + - * / floor only,
 * which Python and JavaScript evaluate identically.
 */
export function sampleOf(spec: SampleSpec): Float64Array {
  let state = spec.seed >>> 0;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const out = new Float64Array(spec.n);
  for (let i = 0; i < spec.n; i++) {
    let base: number;
    if (spec.shape === 'uniform') base = next();
    else if (spec.shape === 'normal') base = next() + next() + next() + next() - 2;
    else if (spec.shape === 'square') {
      const u = next();
      base = u * u;
    } else base = Math.floor(next() * spec.levels!);
    let value = spec.loc + spec.scale * base;
    if (spec.step !== undefined) value = Math.floor(value / spec.step) * spec.step;
    out[i] = value;
  }
  return out;
}

/** Left-to-right sum, as lcg.py's checksum. */
export function checksum(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export interface Tolerance {
  rel: number;
  abs: number;
}

/** docs/statistics.md: KS D 1e-12 absolute; KS p (and the Kolmogorov distributions behind it) 1e-6 relative or 1e-12 absolute. */
export const KS_STATISTIC: Tolerance = { rel: 0, abs: 1e-12 };
export const KS_P: Tolerance = { rel: 1e-6, abs: 1e-12 };
/** docs/statistics.md: every other statistic 1e-9 relative. */
export const RELATIVE: Tolerance = { rel: 1e-9, abs: 0 };

/** Relative error, with 0 when both are equal (including both 0). */
export const relativeError = (actual: number, expected: number): number =>
  actual === expected ? 0 : Math.abs(actual - expected) / Math.abs(expected);

export const within = (actual: number, expected: number, t: Tolerance): boolean => {
  if (!Number.isFinite(actual)) return actual === expected;
  const error = Math.abs(actual - expected);
  return error <= t.abs || error <= t.rel * Math.abs(expected);
};

/** Collects every mismatch so that a failing golden file lists all of them at once. */
export class Mismatches {
  readonly list: string[] = [];

  check(label: string, actual: number, expected: number, t: Tolerance): void {
    if (!within(actual, expected, t)) this.list.push(`${label}: ${actual} instead of ${expected} (relative error ${relativeError(actual, expected).toExponential(2)})`);
  }

  equal(label: string, actual: unknown, expected: unknown): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) this.list.push(`${label}: ${a} instead of ${e}`);
  }
}
