import Papa from 'papaparse';
import { fixtureText } from './fixtures.ts';

/**
 * What `relearn inspect --json` should say about a fixture, worked out here from the raw text with
 * Papa's whole-string parse and the docs/statistics.md rules written out again, as pandas would count them
 * (read_csv's default NA tokens, nunique, min/max/mean over present values).
 */
const MISSING = new Set(['', 'na', 'n/a', 'nan', 'null', 'none']);
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export interface ExpectedColumn {
  name: string;
  type: 'numeric' | 'categorical';
  missing: number;
  distinct: number;
  idLike: boolean;
  min?: number;
  max?: number;
  mean?: number;
  std?: number;
  top?: { value: string; count: number }[];
}

export function expectedInspect(fixture: string, delimiter: string): { rows: number; columns: ExpectedColumn[]; warnings: string[] } {
  const text = fixtureText(fixture).replace(/^\uFEFF/, '');
  const [header, ...rows] = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true }).data as string[][];
  const warnings: string[] = [];
  const columns = (header ?? []).map((name, j): ExpectedColumn => {
    const cells = rows.map((r) => r[j] ?? '');
    const present = cells.filter((c) => !MISSING.has(c.trim().toLowerCase()));
    const missing = cells.length - present.length;
    const numbers = present.every((c) => NUMBER.test(c)) ? present.map(Number) : null;
    const distinctNumbers = numbers ? new Set(numbers).size : 0;
    const numeric = numbers !== null && present.length > 0 && (distinctNumbers > 5 || !numbers.every(Number.isInteger));
    const distinct = numeric ? distinctNumbers : new Set(present).size;
    if (present.length === 0) warnings.push(`column "${name}" has no values`);
    else if (distinct === 1) warnings.push(`column "${name}" is constant`);
    if (present.length > 0 && missing / cells.length > 0.5) warnings.push(`column "${name}" is ${((missing / cells.length) * 100).toFixed(1)}% missing`);
    // Id-like: unique on at least 95% of at least 20 non-missing rows (the fixtures hold no dates).
    const idLike = !numeric && present.length >= 20 && distinct / present.length >= 0.95;
    if (idLike) warnings.push(`column "${name}" is id-like: ${Math.floor((distinct / present.length) * 100)}% of its values are unique (an identifier or a timestamp?)`);
    if (!numeric || !numbers) {
      // The five most frequent values, ties in code-unit order (pandas' value_counts, its ties made stable).
      const counts = new Map<string, number>();
      for (const c of present) counts.set(c, (counts.get(c) ?? 0) + 1);
      const top = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
      return { name, type: 'categorical', missing, distinct, idLike, top: top.slice(0, 5) };
    }
    const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length;
    // Sample standard deviation (ddof 1), as pandas' describe().
    const std = numbers.length > 1 ? Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / (numbers.length - 1)) : 0;
    return { name, type: 'numeric', missing, distinct, idLike, min: Math.min(...numbers), max: Math.max(...numbers), mean, std };
  });
  return { rows: rows.length, columns, warnings };
}
