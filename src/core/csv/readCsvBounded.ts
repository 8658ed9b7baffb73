import type { Column } from '../columns.ts';
import { CancelledError } from '../errors.ts';
import type { ColumnType } from '../schema.ts';
import type { RangeJob, RangeResult } from './csvRange.ts';
import { ColumnMerger, planColumn, type ColumnPlan } from './mergeParts.ts';
import type { PartColumnData } from './partColumn.ts';
import { hashWhole, planRanges, type ParallelOptions, type RandomAccessBytes } from './readCsvParallel.ts';
import { wasmSha256, type ReadCsvOptions } from './readCsv.ts';

/** Reading a file too big to hold: ranges of about `rangeBytes`, `parts` of them parsed at once. */
export interface BoundedOptions extends ParallelOptions {
  rangeBytes: number;
}

/** What the first pass learns: every column's type and storage, decided on the whole file, and no cell. */
export interface CsvScan {
  sha256: string;
  bytes: number;
  rows: number;
  delimiter: string;
  linebreak: string;
  bom: boolean;
  plans: ColumnPlan[];
  /** The type each column is read as: the one asked for, else the inferred one. */
  types: ColumnType[];
  jobs: RangeJob[];
  /** Rows of each range, to check the second pass reads the same file. */
  rangeRows: number[];
}

/** One stored chunk of one column, numbered as the one-pass reader numbers them. */
export interface ChunkOut {
  column: number;
  chunk: number;
  data: Float64Array | Int32Array;
}

/**
 * First pass: every range parsed into summaries only (counts, first text, dictionaries), merged into
 * each column's plan exactly as mergeParts decides it, while the file is hashed. A string says why
 * the ranges cannot stand on their own (the caller then reads the file with one reader).
 */
export async function scanCsv(file: RandomAccessBytes, parallel: BoundedOptions, options: ReadCsvOptions = {}): Promise<CsvScan | string> {
  const { signal, onProgress, typeOverrides = {} } = options;
  const plan = await planRanges(file, Math.max(parallel.parts, Math.ceil(file.size / parallel.rangeBytes)));
  if (typeof plan === 'string') return plan;
  const hashing = hashWhole(file, options.hasher ?? (await wasmSha256()), signal);
  hashing.catch(() => undefined);
  const summaries: PartColumnData[][] = plan.names.map(() => []);
  const rangeRows: number[] = [];
  let refused: string | null = null;
  let rows = 0;
  await inOrder(
    plan.jobs.map((job) => ({ ...job, summary: true })),
    parallel,
    (result) => {
      if (!result.ok) refused ??= result.reason;
      else {
        rangeRows.push(result.rows);
        rows += result.rows;
        result.columns.forEach((c, j) => summaries[j]!.push(c));
      }
    },
    signal,
    (bytesRead) => onProgress?.({ bytesRead, totalBytes: file.size, rows }),
  );
  const sha256 = await hashing;
  if (refused !== null) return refused;
  if (rows === 0) return 'no data rows';
  const plans = plan.names.map((name, j) => planColumn(name, summaries[j]!));
  return {
    sha256,
    bytes: file.size,
    rows,
    delimiter: plan.format.delimiter,
    linebreak: plan.format.newline,
    bom: plan.bom,
    plans,
    types: plans.map((p) => typeOverrides[p.name] ?? p.inferredType),
    jobs: plan.jobs,
    rangeRows,
  };
}

/**
 * Second pass: the same ranges parsed again, their columns merged in file order under the first pass's
 * plans, and every chunk handed to `write` as soon as it is full. At most `parts` ranges and one
 * unfinished chunk per column are held. Returns each column's last chunks and dictionary.
 */
export async function writeCsvColumns(
  parallel: BoundedOptions,
  scan: CsvScan,
  write: (chunks: ChunkOut[]) => Promise<void>,
  options: { signal?: AbortSignal; onProgress?: (bytesParsed: number) => void } = {},
): Promise<Column[]> {
  const mergers = scan.plans.map((p) => new ColumnMerger(p));
  const written = scan.plans.map(() => 0);
  const keepTexts = scan.plans.map((p) => p.stored === 'categorical');
  const drained = (): ChunkOut[] =>
    mergers.flatMap((m, column) => Array.from(m.drain() as (Float64Array | Int32Array)[], (data) => ({ column, chunk: written[column]!++, data })));
  let index = 0;
  await inOrder(
    scan.jobs.map((job) => ({ ...job, keepTexts })),
    parallel,
    async (result) => {
      if (!result.ok || result.rows !== scan.rangeRows[index]) throw new Error(`the file changed while it was read (range ${index + 1} of ${scan.jobs.length})`);
      result.columns.forEach((part, j) => mergers[j]!.add(part, index));
      index++;
      const chunks = drained();
      if (chunks.length > 0) await write(chunks);
    },
    options.signal,
    options.onProgress,
  );
  const columns = mergers.map((m) => m.finish());
  const tail = columns.flatMap((c, column) => c.chunks.map((data: Float64Array | Int32Array) => ({ column, chunk: written[column]!++, data })));
  if (tail.length > 0) await write(tail);
  return columns.map((c) => ({ ...c, chunks: [] }));
}

/**
 * Runs every job, `parts` at a time, and hands each result to `consume` in job order, one after
 * another: a range that finishes early waits for those before it, so at most `parts` are held.
 */
async function inOrder(
  jobs: RangeJob[],
  parallel: ParallelOptions,
  consume: (result: RangeResult) => void | Promise<void>,
  signal?: AbortSignal,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  const running: Promise<RangeResult>[] = [];
  // Bytes parsed so far by each range, for progress.
  const parsed = jobs.map(() => 0);
  const start = (i: number): void => {
    const job = jobs[i];
    if (!job) return;
    const run = parallel.runRange(
      job,
      (p) => {
        parsed[i] = p.bytes;
        onBytes?.(parsed.reduce((a, b) => a + b, 0));
      },
      signal,
    );
    // A later range's failure is reported when its turn comes; until then it must not go unhandled.
    run.catch(() => undefined);
    running[i] = run;
  };
  for (let i = 0; i < Math.max(1, parallel.parts); i++) start(i);
  for (let i = 0; i < jobs.length; i++) {
    if (signal?.aborted) throw new CancelledError();
    const result = await (running[i] as Promise<RangeResult>);
    delete running[i];
    parsed[i] = (jobs[i] as RangeJob).end - (jobs[i] as RangeJob).start;
    start(i + Math.max(1, parallel.parts));
    await consume(result);
  }
}
