import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBatches } from '../../../src/core/demo.ts';
import { presentValues } from '../../../src/core/columns.ts';
import { columnNamed, readText } from '../helpers/csv.ts';
import { repoRoot } from '../helpers/fixtures.ts';

const weather = readFileSync(path.join(repoRoot, 'node_modules', 'vega-datasets', 'data', 'weather.csv'), 'utf8');

const meanOf = async (csv: string, column: string): Promise<number> => {
  const x = columnNamed(await readText(csv), column);
  if (x.type !== 'numeric') throw new Error(`${column} is ${x.type}`);
  const v = presentValues(x);
  return v.reduce((a, b) => a + b, 0) / v.length;
};

describe('demoBatches on vega-datasets weather.csv', () => {
  const batches = demoBatches(weather);

  it('five yearly batches in arrival order', () => {
    expect(batches.map((b) => b.name)).toEqual(['seattle-2012.csv', 'seattle-2013.csv', 'seattle-2014.csv', 'seattle-2015.csv', 'new-york-2015.csv']);
  });

  it('each a whole year of days, read by readCsv', async () => {
    const rows = await Promise.all(batches.map(async (b) => (await readText(b.csv)).rows));
    expect(rows).toEqual([366, 365, 365, 365, 365]);
    const first = await readText(batches[0]?.csv ?? '');
    expect(first.columns.map((c) => [c.column.name, c.column.type])).toEqual([
      ['location', 'categorical'],
      ['date', 'categorical'],
      ['precipitation', 'numeric'],
      ['temp_max', 'numeric'],
      ['temp_min', 'numeric'],
      ['wind', 'numeric'],
      ['weather', 'categorical'],
    ]);
  });

  it('every batch holds only its own location and year', () => {
    for (const b of batches) {
      const [location, year] = b.name === 'new-york-2015.csv' ? ['New York', '2015'] : ['Seattle', b.name.slice(8, 12)];
      const lines = b.csv.trimEnd().split('\n').slice(1);
      expect(lines.every((l) => l.startsWith(`${location},${year}-`))).toBe(true);
    }
  });

  it('the drift is real: New York 2015 is windier than Seattle 2012 by more than 1', async () => {
    const seattle = await meanOf(batches[0]?.csv ?? '', 'wind');
    const newYork = await meanOf(batches[4]?.csv ?? '', 'wind');
    expect(newYork - seattle).toBeGreaterThan(1);
  });

  it('refuses data with another header', () => {
    expect(() => demoBatches('a,b\n1,2\n')).toThrow(/unexpected header/);
  });
});
