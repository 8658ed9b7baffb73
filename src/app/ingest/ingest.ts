import { BATCH_FORMAT_VERSION, type BatchMeta } from '../../core/batch.ts';
import { readCsv, type ByteHasher, type ReadCsvOptions, type ReadProgress } from '../../core/csv/readCsv.ts';
import { readCsvParallel, type ParallelOptions, type RandomAccessBytes } from '../../core/csv/readCsvParallel.ts';
import { CancelledError } from '../../core/errors.ts';
import { asBatchId } from '../../core/ids.ts';
import { validateBatch } from '../../core/validation.ts';
import { getBatch } from '../../storage/queries/batches.ts';
import { DuplicateBatchError } from '../../storage/commands/batches.ts';
import { dropPendingChunks, finishPendingBatch, pendingLockName } from '../../storage/commands/pendingBatches.ts';
import { WORKSPACE_ID, type RelearnDb, type WorkspaceRecord } from '../../storage/db.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import type { ColumnType } from '../../core/schema.ts';
import { arrivalEvents } from './arrivalEvents.ts';
import { ingestBounded, type BoundedSettings } from './ingestBounded.ts';
import { outsideByName, referenceRanges, type HeldColumn } from './pendingQuality.ts';
import { storeWithReport, type StoreElsewhere } from './qualityReport.ts';

/**
 * What an upload is doing. The one-pass path reads, checks for a duplicate, then stores the columns
 * while their report is made; a file too big to hold is
 * read once for its types ('reading'), read again and stored chunk by chunk ('storing'), then its
 * quality report is made from the stored columns ('checking').
 */
export type IngestPhase = 'reading' | 'checking' | 'storing';

export interface IngestProgress extends ReadProgress {
  phase: IngestPhase;
  /** A file read in passes (too big to hold): which of them this is; `bytesRead` counts within it. */
  step?: { at: number; of: number };
}

/** Milliseconds spent in each step of one upload. */
export interface IngestTimings {
  readMs: number;
  profileMs: number;
  validateMs: number;
  storeMs: number;
  /** How many readers parsed the file at once (1: the single reader). */
  readers: number;
}

export type IngestOutcome = { status: 'stored'; batch: BatchMeta; timings: IngestTimings } | { status: 'duplicate'; batch: BatchMeta };

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  hasher?: ByteHasher;
  now?: () => number;
  /** The file by byte ranges and the readers to parse them at once; without it one reader reads `source`. */
  parallel?: { file: RandomAccessBytes } & ParallelOptions | undefined;
  /** With `parallel`: files from `fromBytes` on are stored in chunks as they are read. */
  bounded?: BoundedSettings | undefined;
  /** A second core for a file read whole: about half its numeric columns are stored and profiled there. */
  profileElsewhere?: StoreElsewhere | undefined;
}

/**
 * Reads a CSV upload into a batch: parse into columns, profile, validate against the reference
 * batch, and store it; the batch appears whole with its events, or not at all. The first batch becomes the reference.
 */
export async function ingestBatch(
  db: RelearnDb,
  source: AsyncIterable<Uint8Array>,
  file: { name: string; size: number },
  options: IngestOptions = {},
): Promise<IngestOutcome> {
  const context = await uploadContext(db, file, options);
  const { parallel, bounded } = options;
  if (parallel && bounded && file.size >= bounded.fromBytes) {
    const outcome = await ingestBounded(db, file, context, { ...parallel, ...bounded }, options);
    // Ranges that cannot stand on their own: the one reader below names the problem, or reads the file whole.
    if (outcome) return outcome;
    // The bounded path used the hasher: the one reader hashes again with its own.
    const single = { ...options, parallel: undefined, bounded: undefined, hasher: undefined };
    return ingestOnePass(db, source, file, await uploadContext(db, file, single), single);
  }
  return ingestOnePass(db, source, file, context, options);
}

/** What every upload reads first: the workspace, its reference batch, and how the file's columns are typed. */
export interface UploadContext {
  workspace: WorkspaceRecord;
  reference: BatchMeta | undefined;
  /** The reference's inferred types by name: a batch's columns are inferred as the reference's were. */
  referenceInferred: Map<string, ColumnType>;
  readOptions: ReadCsvOptions;
}

async function uploadContext(db: RelearnDb, file: { size: number }, { signal, onProgress, hasher }: IngestOptions): Promise<UploadContext> {
  const workspace = await readWorkspace(db);
  const reference = workspace.referenceBatchId ? await getBatch(db, workspace.referenceBatchId) : undefined;
  // Types are fixed by the reference: its inferred types, under the user's overrides.
  const referenceInferred = new Map((reference?.columns ?? []).map((c) => [c.name, c.inferredType]));
  const readOptions: ReadCsvOptions = {
    totalBytes: file.size,
    typeOverrides: { ...Object.fromEntries(referenceInferred), ...workspace.schema.typeOverrides },
    signal,
    hasher,
    onProgress: (p) => onProgress?.({ ...p, phase: 'reading' }),
  };
  return { workspace, reference, referenceInferred, readOptions };
}

/**
 * The whole file read into columns held in memory; their chunks then written under the batch's id with no
 * batch record (invisible, as the bounded path's) while their report is made, and the batch record written
 * last makes it whole. Whatever stops it removes the chunks written; a closed tab leaves them to the next
 * start's clean-up (pendingUploads.ts), kept from it while `bounded.lock` holds the upload's lock.
 */
async function ingestOnePass(
  db: RelearnDb,
  source: AsyncIterable<Uint8Array>,
  file: { name: string; size: number },
  { workspace, reference, referenceInferred, readOptions }: UploadContext,
  options: IngestOptions,
): Promise<IngestOutcome> {
  const { signal, onProgress, now = Date.now } = options;
  const started = performance.now();
  let readers = 1;
  const table = options.parallel
    ? await readCsvParallel(options.parallel.file, options.parallel, readOptions, (path) => (readers = path.readers))
    : await readCsv(source, readOptions);
  const readMs = performance.now() - started;
  const progress = (phase: IngestPhase): void => onProgress?.({ bytesRead: table.bytes, totalBytes: file.size, rows: table.rows, phase });
  progress('checking');
  const existing = await getBatch(db, table.sha256);
  if (existing) return { status: 'duplicate', batch: existing };

  const lock = options.bounded?.lock ?? ((_name, run) => run());
  return lock(pendingLockName(table.sha256), async () => {
    // Another tab may have stored the same file while this one waited for the lock.
    const stored = await getBatch(db, table.sha256);
    if (stored) return { status: 'duplicate', batch: stored };
    try {
      progress('storing');
      const profiling = performance.now();
      const inferredTypes = table.columns.map((c) => referenceInferred.get(c.column.name) ?? c.inferredType);
      const ranges = referenceRanges(reference);
      // Stored as read, so that another reference or override later re-reads every cell.
      const held: HeldColumn[] = table.columns.map((c, index) => ({
        batchId: table.sha256,
        file: file.name,
        index,
        name: c.column.name,
        stored: c.stored,
        column: c.column,
        coercedToMissing: c.coercedToMissing,
        inferredType: c.inferredType,
        type: c.type,
        reportedInferredType: inferredTypes[index]!,
        referenceRange: ranges.get(c.column.name) ?? null,
      }));
      const reports = await storeWithReport(db, held, options.profileElsewhere, signal);
      const meta: BatchMeta = {
        formatVersion: BATCH_FORMAT_VERSION,
        id: asBatchId(table.sha256),
        name: file.name,
        arrivedAt: now(),
        bytes: table.bytes,
        rows: table.rows,
        delimiter: table.delimiter,
        encoding: table.encoding,
        bom: table.bom,
        columns: held.map((c) => ({ name: c.name, inferredType: c.reportedInferredType, type: c.type })),
        quality: reports.map((r) => r.quality),
        validation: null,
      };
      const validating = performance.now();
      if (reference) meta.validation = validateBatch(reference, { ...meta, outOfRange: outsideByName(held, reports) }, workspace.schema.target, workspace.validation);
      if (signal?.aborted) throw new CancelledError();
      const finishing = performance.now();
      await finishPendingBatch(db, meta, held.map((c) => c.stored), arrivalEvents(meta, reference), async () => {
        if (!reference) await db.workspace.put({ ...workspace, id: WORKSPACE_ID, referenceBatchId: meta.id });
      });
      // The chunks are written beside the report: profileMs holds both, storeMs the record that makes the batch whole.
      const timings = { readMs, profileMs: validating - profiling, validateMs: finishing - validating, storeMs: performance.now() - finishing, readers };
      return { status: 'stored', batch: meta, timings } as const;
    } catch (error) {
      await dropPendingChunks(db, table.sha256);
      if (error instanceof DuplicateBatchError) return { status: 'duplicate', batch: error.existing } as const;
      throw error;
    }
  });
}
