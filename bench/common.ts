import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Shared by every bench section: runs per row, output folder, memory and child-process helpers. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
export const out = fileURLToPath(new URL('./out/', import.meta.url));
export const mb = (values: number[]): string => `${Math.max(...values).toFixed(0)} MB`;
export const fileMb = (file: string): string => `${(statSync(file).size / 1e6).toFixed(0)} MB`;

/** Runs a bench script in a fresh Node process (so its peak memory is its own) and parses its JSON line. */
export const inChildProcess = <T>(script: string, ...args: string[]): T =>
  JSON.parse(execFileSync('npx', ['tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8' })) as T;

/** A bench script in a fresh Node process; its last stdout line is JSON. Its stderr (tfjs's banner) shows only when it fails. */
export function nodeChild<T>(script: string, ...args: string[]): T {
  const run = spawnSync('npx', ['tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as T;
}

const clock = (): string => new Date().toISOString().slice(11, 19);

/**
 * Runs one measurement with a line on stderr as it starts and as it ends (with its time), so a long bench
 * says what it is doing; the tables stay on stdout.
 */
export async function measure<T>(label: string, work: () => T | Promise<T>): Promise<T> {
  process.stderr.write(`[${clock()}] ▶ ${label}\n`);
  const start = performance.now();
  try {
    const result = await work();
    process.stderr.write(`[${clock()}] ✓ ${label} (${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
    return result;
  } catch (error) {
    process.stderr.write(`[${clock()}] ✗ ${label} failed after ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    throw error;
  }
}

/** `measure` run `times` times in order, labelled "run i of n". */
export async function measureRuns<T>(label: string, times: number, work: () => T | Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let i = 1; i <= times; i++) results.push(await measure(`${label}, run ${i} of ${times}`, work));
  return results;
}
