import { readCsv } from '../../../src/core/csv/readCsv.ts';
import { driftJson } from '../../../src/core/drift/fixtureJson.ts';
import { profileColumn } from '../../../src/core/drift/profile.ts';
import { driftReport, type DriftReport } from '../../../src/core/drift/report.ts';
import { defaultDriftSettings, type DriftSettings } from '../../../src/core/drift/settings.ts';
import { KS_P, KS_STATISTIC, RELATIVE, within, type Tolerance } from './golden.ts';

async function* whole(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/**
 * The report as the workbench makes it: the reference typed by docs/statistics.md, the current batch read with
 * the reference's types, both profiled, then compared.
 */
export async function csvReport(reference: Uint8Array, current: Uint8Array, settings: Partial<DriftSettings> = {}, target: string | null = null): Promise<DriftReport> {
  const ref = await readCsv(whole(reference));
  const typeOverrides = Object.fromEntries(ref.columns.map((b) => [b.column.name, b.column.type]));
  const cur = await readCsv(whole(current), { typeOverrides });
  return driftReport(
    ref.columns.map((b) => profileColumn(b.column)),
    cur.columns.map((b) => profileColumn(b.column)),
    { ...defaultDriftSettings(), ...settings },
    target,
  );
}

export const reportJson = (report: DriftReport): unknown => driftJson(report);

function tolerance(path: string): Tolerance {
  if (path.endsWith('ks.statistic')) return KS_STATISTIC;
  if (path.endsWith('ks.pValue')) return KS_P;
  return RELATIVE;
}

/** Every difference between actual and expected JSON, numbers within docs/statistics.md tolerances; extra or missing keys count. */
export function differences(actual: unknown, expected: unknown, path = ''): string[] {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return [`${path}: ${String(actual)} instead of ${expected}`];
    return within(actual, expected, tolerance(path)) ? [] : [`${path}: ${actual} instead of ${expected}`];
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

/** Keys the contract added after the SciPy fixtures of test/fixtures/stats were made (issue 14); test/golden/drift/real and unit tests check them. */
const NEWER_THAN_SHARED_FIXTURES = ['newCategoryShare'];

function withoutNewerKeys(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(withoutNewerKeys);
  if (json === null || typeof json !== 'object') return json;
  return Object.fromEntries(Object.entries(json).filter(([k]) => !NEWER_THAN_SHARED_FIXTURES.includes(k)).map(([k, v]) => [k, withoutNewerKeys(v)]));
}

/** differences() against a fixture of test/fixtures/stats, which predates the keys above. */
export const fixtureDifferences = (actual: unknown, expected: unknown): string[] => differences(withoutNewerKeys(actual), expected);
