import { BATCH_FORMAT_VERSION, type BatchMeta } from '../../core/batch.ts';
import { readCsv, type ByteHasher, type ReadCsvOptions, type ReadProgress } from '../../core/csv/readCsv.ts';
import { readCsvParallel, type ParallelOptions, type RandomAccessBytes } from '../../core/csv/readCsvParallel.ts';
import { CancelledError } from '../../core/errors.ts';
import { asBatchId } from '../../core/ids.ts';
import { validateBatch } from '../../core/validation.ts';
import { getBatch } from '../../storage/queries/batches.ts';
import { DuplicateBatchError, saveBatch } from '../../storage/commands/batches.ts';
import { WORKSPACE_ID, type RelearnDb, type WorkspaceRecord } from '../../storage/db.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import type { ColumnType } from '../../core/schema.ts';
import { arrivalEvents } from './arrivalEvents.ts';
import { ingestBounded, type BoundedSettings } from './ingestBounded.ts';
import { qualityReport, type ProfileElsewhere } from './qualityReport.ts';

/**
 * What an upload is doing. The one-pass path reads, checks, then stores; a file too big to hold is
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
  /** With `parallel`: files from `fromBytes` on are read in two passes and stored in chunks as they are made. */
  bounded?: BoundedSettings | undefined;
  /** A second core for the quality report of a file read whole: half its numeric columns are made there. */
  profileElsewhere?: ProfileElsewhere | undefined;
}

/**
 * Reads a CSV upload into a batch: parse into columns, profile, validate against the reference
 * batch, and store everything with its events in one transaction. The first batch becomes the reference.
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
    // The first pass used the hasher: the one reader hashes again with its own.
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

/** The whole file read into columns held in memory, then checked and stored in one transaction. */
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

  const columns = table.columns.map((c) => c.column);
  const inferredTypes = table.columns.map((c) => referenceInferred.get(c.column.name) ?? c.inferredType);
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
    columns: table.columns.map((c, i) => ({ name: c.column.name, inferredType: inferredTypes[i]!, type: c.type })),
    quality: await qualityReport(
      table.columns.map((c, i) => ({ column: c.column, type: c.type, inferredType: inferredTypes[i]!, coercedToMissing: c.coercedToMissing })),
      options.profileElsewhere,
    ),
    validation: null,
  };
  const profiled = performance.now();
  if (reference) {
    meta.validation = validateBatch(reference, { ...meta, columns }, workspace.schema.target, workspace.validation);
  }
  if (signal?.aborted) throw new CancelledError();
  const validated = performance.now();
  progress('storing');
  try {
    // Stored as read, so that another reference or override later re-reads every cell.
    const stored = table.columns.map((c) => c.stored);
    await saveBatch(db, meta, stored, arrivalEvents(meta, reference), async () => {
      if (!reference) await db.workspace.put({ ...workspace, id: WORKSPACE_ID, referenceBatchId: meta.id });
    });
  } catch (error) {
    if (error instanceof DuplicateBatchError) return { status: 'duplicate', batch: error.existing };
    throw error;
  }
  const timings = { readMs, profileMs: profiled - started - readMs, validateMs: validated - profiled, storeMs: performance.now() - validated, readers };
  return { status: 'stored', batch: meta, timings };
}
