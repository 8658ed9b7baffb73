import type { Column } from '../columns.ts';
import { CancelledError } from '../errors.ts';
import type { ColumnType } from '../schema.ts';
import type { RangeJob, RangeResult } from './csvRange.ts';
import { ColumnMerger, UnmergeableError, type ColumnPlan } from './mergeParts.ts';
import { planRanges, type ParallelOptions, type RandomAccessBytes, type RangePlan } from './readCsvParallel.ts';
import type { ReadCsvOptions } from './readCsv.ts';
import { RunningPlan } from './runningPlan.ts';

/** Reading a file too big to hold: ranges of about `rangeBytes`, `parts` of them parsed at once. */
export interface BoundedOptions extends ParallelOptions {
  rangeBytes: number;
}

/** What a pass over the file learns: every column's type and storage, decided on the whole file. */
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
  /** Rows of each range, to check a second pass reads the same file. */
  rangeRows: number[];
}

/** One stored chunk of one column, numbered as the one-pass reader numbers them. */
export interface ChunkOut {
  column: number;
  chunk: number;
  data: Float64Array | Int32Array;
}

/** The ranges of a file too big to hold, about `rangeBytes` each; or why they cannot be cut (the caller then reads it with one reader). */
export function planBounded(file: RandomAccessBytes, parallel: BoundedOptions): Promise<RangePlan | string> {
  return planRanges(file, Math.max(parallel.parts, Math.ceil(file.size / parallel.rangeBytes)));
}

/**
 * A column merged under plan `a` so far is merged the same under `b`: the same storage, and for text,
 * the same choice of writing back the numbers before the first text. A later part can only move `first`
 * from "after every part so far" to a later part, which leaves the parts already added as they were.
 */
const mergesAlike = (a: ColumnPlan, b: ColumnPlan): boolean => a.stored === b.stored && (a.stored === 'numeric' || a.dropped === b.dropped);

/** Refuses a range that cannot stand on its own, ending the pass. */
class RangeRefusal extends Error {}

/**
 * One pass that stores as it reads: every range parsed whole, in file order, each column merged under
 * the plan its parts so far give (as planColumn decides it), and every chunk handed to `write` as soon as
 * it is full. At most `parts` ranges and one unfinished chunk per column are held. A column's type is only
 * sure at the file's end: where a later part changes a column's plan so that the chunks already written
 * would differ, the rest is read for summaries only and `columns` is null: the caller removes what was
 * written and stores the file again under the final scan (writeCsvColumns). Otherwise `columns` are each
 * column's last chunks and dictionary, exactly as the two passes make them. A string says why the ranges
 * cannot stand on their own (chunks may have been written: the caller removes them).
 */
export async function readStoring(
  size: number,
  plan: RangePlan,
  sha256: string,
  parallel: BoundedOptions,
  write: (chunks: ChunkOut[]) => Promise<void>,
  options: Pick<ReadCsvOptions, 'signal' | 'onProgress' | 'typeOverrides'> = {},
): Promise<{ scan: CsvScan; columns: Column[] | null } | string> {
  const { signal, onProgress, typeOverrides = {} } = options;
  const planners = plan.names.map((name) => new RunningPlan(name));
  const rangeRows: number[] = [];
  const written = plan.names.map(() => 0);
  let mergers: ColumnMerger[] | null = null;
  let alike = true;
  let keepTexts: boolean[] | undefined;
  let rows = 0;
  try {
    await inOrder(
      plan.jobs,
      parallel,
      async (result, index) => {
        if (!result.ok) throw new RangeRefusal(result.reason);
        rangeRows.push(result.rows);
        rows += result.rows;
        result.columns.forEach((c, j) => planners[j]!.add(c));
        if (!alike) return;
        const plans = planners.map((p) => p.plan());
        const merging = (mergers ??= plans.map((p) => new ColumnMerger(p)));
        alike = plans.every((p, j) => mergesAlike(merging[j]!.plan, p));
        if (!alike) return;
        try {
          result.columns.forEach((part, j) => {
            merging[j]!.plan = plans[j]!;
            merging[j]!.add(part, index);
          });
        } catch (error) {
          // A part parsed before its column was known to be text dropped the texts of its numbers.
          if (!(error instanceof UnmergeableError)) throw error;
          alike = false;
          return;
        }
        keepTexts = plans.map((p) => p.stored === 'categorical');
        const chunks = merging.flatMap((m, column) => Array.from(m.drain() as (Float64Array | Int32Array)[], (data) => ({ column, chunk: written[column]!++, data })));
        if (chunks.length > 0) await write(chunks);
      },
      signal,
      (bytesRead) => onProgress?.({ bytesRead, totalBytes: size, rows }),
      // Ranges started once a type is known keep that column's texts; once the plans changed, only summaries are wanted.
      (job) => (alike ? { ...job, ...(keepTexts ? { keepTexts } : {}) } : { ...job, summary: true }),
    );
  } catch (error) {
    if (error instanceof RangeRefusal) return error.message;
    throw error;
  }
  if (rows === 0) return 'no data rows';
  const plans = planners.map((p) => p.plan());
  const scan: CsvScan = {
    sha256,
    bytes: size,
    rows,
    delimiter: plan.format.delimiter,
    linebreak: plan.format.newline,
    bom: plan.bom,
    plans,
    types: plans.map((p) => typeOverrides[p.name] ?? p.inferredType),
    jobs: plan.jobs,
    rangeRows,
  };
  if (!alike || !mergers) return { scan, columns: null };
  const columns = (mergers as ColumnMerger[]).map((m) => m.finish());
  const tail = columns.flatMap((c, column) => c.chunks.map((data: Float64Array | Int32Array) => ({ column, chunk: written[column]!++, data })));
  if (tail.length > 0) await write(tail);
  return { scan, columns: columns.map((c) => ({ ...c, chunks: [] })) };
}

/**
 * The pass again, under the final plans (readStoring found a plan changed on the way): the same ranges
 * parsed again, their columns merged in file order, and every chunk handed to `write` as soon as it is full. At most `parts` ranges and one
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
  await inOrder(
    scan.jobs,
    parallel,
    async (result, index) => {
      if (!result.ok || result.rows !== scan.rangeRows[index]) throw new Error(`the file changed while it was read (range ${index + 1} of ${scan.jobs.length})`);
      result.columns.forEach((part, j) => mergers[j]!.add(part, index));
      const chunks = drained();
      if (chunks.length > 0) await write(chunks);
    },
    options.signal,
    options.onProgress,
    (job) => ({ ...job, keepTexts }),
  );
  const columns = mergers.map((m) => m.finish());
  const tail = columns.flatMap((c, column) => c.chunks.map((data: Float64Array | Int32Array) => ({ column, chunk: written[column]!++, data })));
  if (tail.length > 0) await write(tail);
  return columns.map((c) => ({ ...c, chunks: [] }));
}

/**
 * Runs every job, `parts` at a time, and hands each result to `consume` in job order, one after
 * another: a range that finishes early waits for those before it, so at most `parts` are held. `dress`
 * adds to a job what is known when it starts.
 */
async function inOrder(
  jobs: RangeJob[],
  parallel: ParallelOptions,
  consume: (result: RangeResult, index: number) => void | Promise<void>,
  signal?: AbortSignal,
  onBytes?: (bytes: number) => void,
  dress: (job: RangeJob) => RangeJob = (job) => job,
): Promise<void> {
  const running: Promise<RangeResult>[] = [];
  // Bytes parsed so far by each range, for progress.
  const parsed = jobs.map(() => 0);
  const start = (i: number): void => {
    const job = jobs[i];
    if (!job) return;
    const run = parallel.runRange(
      dress(job),
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
    await consume(result, i);
  }
}
