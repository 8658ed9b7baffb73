import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesRoot } from '../helpers/fixtures.ts';
import { csvReport, fixtureDifferences, reportJson } from './reportJson.ts';

const DRIFT_FIXTURES = join(fixturesRoot, 'stats', 'drift');

describe('drift statistics match the SciPy fixtures', () => {
  const cases = readdirSync(DRIFT_FIXTURES);

  it('finds the fixture cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(DRIFT_FIXTURES, name);
      const expected: unknown = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      const report = await csvReport(readFileSync(join(dir, 'reference.csv')), readFileSync(join(dir, 'current.csv')));
      expect(fixtureDifferences(reportJson(report), expected)).toEqual([]);
    });
  }
});
