import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * A numeric CSV of `rows` × `columns` seeded random values with 14 decimals (about 400 bytes a row
 * at 21 columns), written once and reused by later runs.
 */
export async function numericCsv(path: string, rows: number, columns: number): Promise<string> {
  if (existsSync(path) && statSync(path).size > 0) return path;
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(`${path}.part`);
  let seed = 20261122;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  out.write(`${Array.from({ length: columns }, (_, j) => `f${j}`).join(',')}\n`);
  let lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const cells = new Array<string>(columns);
    for (let j = 0; j < columns; j++) cells[j] = ((random() - 0.5) * 200).toFixed(14);
    lines.push(cells.join(','));
    if (lines.length === 5000 || i === rows - 1) {
      if (!out.write(`${lines.join('\n')}\n`)) await new Promise((resolve) => out.once('drain', resolve));
      lines = [];
    }
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const { rename } = await import('node:fs/promises');
  await rename(`${path}.part`, path);
  return path;
}
