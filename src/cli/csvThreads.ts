import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RangeJob, RangeProgress, RangeResult } from '../core/csv/csvRange.ts';
import { readCsvParallel, type ParallelOptions, type RandomAccessBytes, type ReadPath } from '../core/csv/readCsvParallel.ts';
import type { CsvTable, ReadCsvOptions } from '../core/csv/readCsv.ts';
import { CancelledError } from '../core/errors.ts';
import { fileBytes, fileSize, nodeSha256 } from './nodeFiles.ts';

/** Readers of one file at once: one per core, at most 8 (beyond that the merge and the disk catch up), as in the page. */
export const CSV_THREADS = Math.min(8, availableParallelism());
/** Below this size one reader is faster than starting threads. */
export const PARALLEL_MIN_BYTES = 8 << 20;

const entry = fileURLToPath(new URL('./csvRange.thread.ts', import.meta.url));
const tsxApi = createRequire(import.meta.url).resolve('tsx/cjs/api');
/**
 * The CLI runs from TypeScript source through tsx (bin/relearn.js), and a thread does not inherit the
 * loader hooks its parent registered: each thread registers tsx itself before it loads its entry, so the
 * same file works from a clone, an installed package, the bench and the tests. tsx's require hook starts
 * in about 180 ms here, its import hooks (a loader thread of their own) in about 280.
 */
const boot = `require(${JSON.stringify(tsxApi)}).register(); require(${JSON.stringify(entry)});`;

/** Parses one byte range of the file at `path` in a thread of its own, ended when the range is done or cancelled. */
export function parseRangeInThread(path: string, job: RangeJob, onProgress: (progress: RangeProgress) => void, signal?: AbortSignal): Promise<RangeResult> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  const worker = new Worker(boot, { eval: true, workerData: { path, job } });
  let cancel = (): void => undefined;
  return new Promise<RangeResult>((resolve, reject) => {
    cancel = () => reject(new CancelledError());
    signal?.addEventListener('abort', cancel, { once: true });
    worker.on('message', (message: { progress: RangeProgress } | { result: RangeResult }) => {
      if ('progress' in message) onProgress(message.progress);
      else resolve(message.result);
    });
    worker.on('error', (error) => reject(new Error(`a CSV reader thread failed: ${error instanceof Error ? error.message : String(error)}`)));
    // A thread that ends without an answer (out of memory, killed) would otherwise never settle.
    worker.on('exit', (code) => reject(new Error(`a CSV reader thread stopped (exit code ${code}) before it answered`)));
  }).finally(() => {
    signal?.removeEventListener('abort', cancel);
    void worker.terminate();
  });
}

/** The file by byte ranges and the threads that parse them: what readCsvParallel and ingestBatch take. */
export function parallelFile(path: string, size: number, parts = CSV_THREADS): { file: RandomAccessBytes } & ParallelOptions {
  return { file: fileBytes(path, size), parts, minBytes: PARALLEL_MIN_BYTES, runRange: (job, onProgress, signal) => parseRangeInThread(path, job, onProgress, signal) };
}

/**
 * Reads a CSV file into typed columns, a large one in parallel threads: exactly the table the one reader
 * makes, and a broken file's problem reported by the one reader with its line. Throws InputError on bad input.
 */
export async function readCsvPath(path: string, options: Omit<ReadCsvOptions, 'totalBytes' | 'hasher'> = {}, onPath?: (path: ReadPath) => void, parts = CSV_THREADS): Promise<CsvTable> {
  // Size first: it says "no such file" before a read stream is opened on a missing path.
  const size = fileSize(path);
  const parallel = parallelFile(path, size, parts);
  return await readCsvParallel(parallel.file, parallel, { ...options, totalBytes: size, hasher: nodeSha256() }, onPath);
}
