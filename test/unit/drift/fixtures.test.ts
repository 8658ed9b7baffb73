import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/core/csv/readCsv.ts';
import { driftJson } from '../../../src/core/drift/fixtureJson.ts';
import { profileColumn } from '../../../src/core/drift/profile.ts';
import { driftReport } from '../../../src/core/drift/report.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';

const DRIFT_FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/stats/drift');

async function* whole(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Reference typed by STATS.md; current read with the reference's types, as the workbench does. */
async function fixtureReport(dir: string): Promise<unknown> {
  const reference = await readCsv(whole(readFileSync(join(dir, 'reference.csv'))));
  const typeOverrides = Object.fromEntries(reference.columns.map((b) => [b.column.name, b.column.type]));
  const current = await readCsv(whole(readFileSync(join(dir, 'current.csv'))), { typeOverrides });
  const report = driftReport(
    reference.columns.map((b) => profileColumn(b.column)),
    current.columns.map((b) => profileColumn(b.column)),
    defaultDriftSettings(),
  );
  return driftJson(report);
}

/** STATS.md tolerances per key: KS D 1e-12 absolute, KS p 1e-6 relative or 1e-12 absolute, the rest 1e-9 relative. */
function tolerance(path: string): { rel: number; abs: number } {
  if (path.endsWith('ks.statistic')) return { rel: 0, abs: 1e-12 };
  if (path.endsWith('ks.pValue')) return { rel: 1e-6, abs: 1e-12 };
  return { rel: 1e-9, abs: 0 };
}

/** Every difference between actual and expected, numbers within tolerance; extra or missing keys count. */
function differences(actual: unknown, expected: unknown, path = ''): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: ${String(actual)} instead of ${expected}`];
    const { rel, abs } = tolerance(path);
    const error = Math.abs(actual - expected);
    return error <= abs || error <= rel * Math.abs(expected) ? [] : [`${path}: ${actual} instead of ${expected}`];
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return [`${path}: ${JSON.stringify(actual)} instead of an object`];
    const a = actual as Record<string, unknown>;
    const e = expected as Record<string, unknown>;
    const keys = new Set([...Object.keys(a), ...Object.keys(e)]);
    return [...keys].flatMap((k) => (k in e ? (k in a ? differences(a[k], e[k], `${path}.${k}`) : [`${path}.${k}: missing`]) : [`${path}.${k}: not expected`]));
  }
  return actual === expected ? [] : [`${path}: ${JSON.stringify(actual)} instead of ${JSON.stringify(expected)}`];
}

describe('drift statistics match the SciPy fixtures', () => {
  const cases = readdirSync(DRIFT_FIXTURES);

  it('finds the fixture cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(DRIFT_FIXTURES, name);
      const expected: unknown = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      expect(differences(await fixtureReport(dir), expected)).toEqual([]);
    });
  }
});
