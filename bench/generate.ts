import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A column of the current batch moved away from the reference: value * scale + offset. */
export interface ColumnShift {
  offset: number;
  scale: number;
}

export interface NumericCsvOptions {
  seed?: number;
  /** Per column index; null (or no function) leaves the column as drawn. */
  shift?: (column: number) => ColumnShift | null;
}

/**
 * A numeric CSV of `rows` × `columns` seeded random values, uniform on (-100, 100) before any shift,
 * with 14 decimals (about 400 bytes a row at 21 columns), written once and reused by later runs.
 */
export async function numericCsv(path: string, rows: number, columns: number, options: NumericCsvOptions = {}): Promise<string> {
  if (existsSync(path) && statSync(path).size > 0) return path;
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(`${path}.part`);
  let seed = options.seed ?? 20261122;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  const shifts = Array.from({ length: columns }, (_, j) => options.shift?.(j) ?? { offset: 0, scale: 1 });
  out.write(`${Array.from({ length: columns }, (_, j) => `f${j}`).join(',')}\n`);
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const cells = new Array<string>(columns);
    for (let j = 0; j < columns; j++) {
      const { offset, scale } = shifts[j]!;
      cells[j] = ((random() - 0.5) * 200 * scale + offset).toFixed(14);
    }
    lines.push(cells.join(','));
    if (lines.length === 5000 || i === rows - 1) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise((resolve) => out.once('drain', resolve));
      lines = [];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  await rename(`${path}.part`, path);
  return path;
}

/**
 * Column j of the current batch, in a cycle of five: moved by 10 (0.17 std: drift by the Wasserstein
 * rule), widened by 25% (drift), moved by 1 (0.017 std: no drift by distance, yet a tiny KS p-value
 * at a million rows), and two left alone.
 */
const DRIFT_SHIFTS: (ColumnShift | null)[] = [{ offset: 10, scale: 1 }, { offset: 0, scale: 1.25 }, { offset: 1, scale: 1 }, null, null];

/** A reference and a current batch of the same shape, drawn from different seeds, some columns shifted. */
export async function driftCsvPair(dir: string, rows: number, columns: number): Promise<{ reference: string; current: string }> {
  const shape = `${rows}x${columns}`;
  return {
    reference: await numericCsv(`${dir}drift-reference-${shape}.csv`, rows, columns, { seed: 7 }),
    current: await numericCsv(`${dir}drift-current-${shape}.csv`, rows, columns, { seed: 1_000_003, shift: (j) => DRIFT_SHIFTS[j % DRIFT_SHIFTS.length] ?? null }),
  };
}
