import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Random } from '../src/core/training/random.ts';

/** The training throughput data: standardised numeric features, a binary 0/1 target. */
export const TRAIN_FEATURES = 20;

/** Rows × features float32 values, row-major, then one float32 target per row: little-endian, no header. */
export interface TrainFile {
  path: string;
  rows: number;
}

/** A standard normal draw (Box-Muller on the seeded generator). */
const normal = (random: Random): number => Math.sqrt(-2 * Math.log(1 - random.float())) * Math.cos(2 * Math.PI * random.float());

/**
 * Seeded rows of a non-linear binary problem: 20 standard normal features, the class from a product,
 * a sine, a square and a linear part plus noise — about half the rows positive and not separable by a
 * line, so the network has something to learn. Written once; later runs reuse the file.
 */
export async function trainFile(path: string, rows: number, seed: number): Promise<TrainFile> {
  const bytes = rows * (TRAIN_FEATURES + 1) * 4;
  if (existsSync(path) && statSync(path).size === bytes) return { path, rows };
  const random = new Random(seed);
  const x = new Float32Array(rows * TRAIN_FEATURES);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const f = x.subarray(r * TRAIN_FEATURES, (r + 1) * TRAIN_FEATURES);
    for (let j = 0; j < TRAIN_FEATURES; j++) f[j] = normal(random);
    let linear = 0;
    for (let j = 5; j < 10; j++) linear += f[j]!;
    const z = f[0]! * f[1]! + Math.sin(2 * f[2]!) + 0.5 * f[3]! - 0.3 * (f[4]! * f[4]! - 1) + 0.2 * linear + 0.5 * normal(random);
    y[r] = z > 0 ? 1 : 0;
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFile(`${path}.part`, Buffer.concat([Buffer.from(x.buffer), Buffer.from(y.buffer)]));
  await rename(`${path}.part`, path);
  return { path, rows };
}

/** The file's rows as the training loop's matrices. */
export function readTrainFile(file: TrainFile): { rows: number; inputs: number; outputs: number; x: Float32Array; y: Float32Array } {
  const bytes = readFileSync(file.path);
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const split = file.rows * TRAIN_FEATURES;
  return { rows: file.rows, inputs: TRAIN_FEATURES, outputs: 1, x: all.slice(0, split), y: all.slice(split) };
}
