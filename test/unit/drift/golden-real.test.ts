import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Correction } from '../../../src/core/drift/settings.ts';
import { GOLDEN_DIR } from './golden.ts';
import { csvReport, differences, reportJson } from './reportJson.ts';

const REAL = join(GOLDEN_DIR, 'real');
const REPO = join(import.meta.dirname, '../../..');

interface RealCase {
  /** A file of the repository (node_modules included) split by line prefix, or else reference.csv / current.csv. */
  source?: string;
  referencePrefix?: string;
  currentPrefix?: string;
  correction?: Correction;
  target?: string;
}

/** Header plus the lines starting with prefix: the split real_cases.py makes. */
function splitLines(text: string, prefix: string): Uint8Array {
  const lines = text.split('\n');
  return new TextEncoder().encode([lines[0], ...lines.slice(1).filter((l) => l.startsWith(prefix))].join('\n') + '\n');
}

function inputs(dir: string, c: RealCase): [Uint8Array, Uint8Array] {
  if (c.source) {
    const text = readFileSync(join(REPO, c.source), 'utf8');
    return [splitLines(text, c.referencePrefix!), splitLines(text, c.currentPrefix!)];
  }
  return [readFileSync(join(dir, 'reference.csv')), readFileSync(join(dir, 'current.csv'))];
}

describe('drift reports on real data match the Python model of docs/statistics.md', () => {
  const names = readdirSync(REAL).sort();

  it('finds the real-data cases', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });

  for (const name of names) {
    it(name, async () => {
      const dir = join(REAL, name);
      const c = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as RealCase;
      if (c.source) expect(existsSync(join(REPO, c.source)), `${c.source} (npm install?)`).toBe(true);
      const [reference, current] = inputs(dir, c);
      const settings = c.correction ? { correction: c.correction } : {};
      const report = await csvReport(reference, current, settings, c.target ?? null);
      const expected: unknown = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
      expect(differences(reportJson(report), expected)).toEqual([]);
      if (c.target) {
        expect(report.labelDrift?.name).toBe(c.target);
        expect(report.dataset.checkedColumns).toBe(report.columns.length - 1);
      } else {
        expect(report.labelDrift).toBeNull();
      }
    });
  }
});
