import { BATCH_FORMAT_VERSION, type BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import { planBounded, readStoring, writeCsvColumns, type BoundedOptions, type ChunkOut, type CsvScan } from '../../core/csv/readCsvBounded.ts';
import { hashWhole, type ParallelOptions, type RandomAccessBytes } from '../../core/csv/readCsvParallel.ts';
import { wasmSha256 } from '../../core/csv/readCsv.ts';
import { CancelledError } from '../../core/errors.ts';
import { asBatchId } from '../../core/ids.ts';
import type { ColumnQuality } from '../../core/quality.ts';
import { validateBatch } from '../../core/validation.ts';
import { DuplicateBatchError } from '../../storage/commands/batches.ts';
import { dropPendingChunks, finishPendingBatch, pendingLockName, writePendingChunks } from '../../storage/commands/pendingBatches.ts';
import { WORKSPACE_ID, type RelearnDb } from '../../storage/db.ts';
import { getBatch } from '../../storage/queries/batches.ts';
import { inLanes } from './lanes.ts';
import { outsideByName, profilePendingColumn, referenceRanges, type PendingColumn, type PendingColumnReport } from './pendingQuality.ts';
import { arrivalEvents } from './arrivalEvents.ts';
import type { IngestOptions, IngestOutcome, IngestPhase, UploadContext } from './ingest.ts';

/** When and how a file is stored as it is read (docs/architecture.md). */
export interface BoundedSettings {
  /** Files of this size and more: bigger than what an upload may hold in memory. */
  fromBytes: number;
  /** Bytes of each range: at most `parts` ranges' columns are held at once. */
  rangeBytes: number;
  /**
   * Holds the named lock while `run` runs (the page: a Web Lock, released if the tab dies); a file read
   * whole holds it too while its chunks are written.
   */
  lock?: <T>(name: string, run: () => Promise<T>) => Promise<T>;
  /** Makes one column's report elsewhere (the page: a helper worker), beside this thread. */
  profileElsewhere?: (column: PendingColumn) => Promise<PendingColumnReport>;
}

/**
 * An upload whose memory does not grow with the file. The file is hashed first (its digest is the
 * batch's id); then one pass parses the ranges and writes each column chunk as it fills, under the
 * batch's id with no batch record (so the batch is invisible), each column typed by its parts so far. Where
 * a later part changes a column's type so that chunks already written would differ, they are removed and
 * the ranges parsed again under the types decided on the whole file. The quality report and validation
 * are then made a column at a time from the stored chunks, and the batch record written last makes it
 * whole. Whatever stops it (cancel, full disk, error) removes the chunks written. Returns null when the
 * ranges cannot stand on their own: the caller reads the file with one reader.
 */
export async function ingestBounded(
  db: RelearnDb,
  file: { name: string; size: number },
  { workspace, reference, referenceInferred, readOptions }: UploadContext,
  parallel: { file: RandomAccessBytes } & ParallelOptions & BoundedSettings,
  { signal, onProgress, now = Date.now }: IngestOptions,
): Promise<IngestOutcome | null> {
  const options: BoundedOptions = { ...parallel, minBytes: 0 };
  const started = performance.now();
  const steps = ['reading', 'storing', 'checking'] as const;
  const step = (phase: IngestPhase): { at: number; of: number } => ({ at: steps.indexOf(phase as (typeof steps)[number]) + 1, of: steps.length });
  const plan = await planBounded(parallel.file, options);
  if (typeof plan === 'string') return null;
  // The file's digest names its chunks, so it comes before them: the one reading of the file that stores nothing.
  onProgress?.({ bytesRead: 0, totalBytes: file.size, rows: 0, phase: 'reading', step: step('reading') });
  const sha256 = await hashWhole(parallel.file, readOptions.hasher ?? (await wasmSha256()), signal);
  const readMs = performance.now() - started;
  const existing = await getBatch(db, sha256);
  if (existing) return { status: 'duplicate', batch: existing };

  const lock = parallel.lock ?? ((_name, run) => run());
  return lock(pendingLockName(sha256), async () => {
    // Another tab may have stored the same file while this one waited for the lock.
    const stored = await getBatch(db, sha256);
    if (stored) return { status: 'duplicate', batch: stored };
    try {
      const writing = performance.now();
      let rows = 0;
      const progress = (phase: IngestPhase, bytesRead: number): void => onProgress?.({ bytesRead, totalBytes: file.size, rows, phase, step: step(phase) });
      progress('storing', 0);
      const write = (chunks: ChunkOut[]): Promise<void> => writePendingChunks(db, file.name, chunks.map((c) => ({ batchId: sha256, ...c })));
      const read = await readStoring(file.size, plan, sha256, options, write, {
        ...(signal ? { signal } : {}),
        typeOverrides: readOptions.typeOverrides ?? {},
        onProgress: (p) => {
          rows = p.rows;
          progress('storing', p.bytesRead);
        },
      });
      if (typeof read === 'string') {
        // Ranges that cannot stand on their own: the caller reads the file with one reader.
        await dropPendingChunks(db, sha256);
        return null;
      }
      const { scan } = read;
      rows = scan.rows;
      let last = read.columns;
      if (!last) {
        // A column's plan changed after its first chunks were written: stored again under the final plans.
        await dropPendingChunks(db, sha256);
        last = await writeCsvColumns(options, scan, write, { ...(signal ? { signal } : {}), onProgress: (bytes) => progress('storing', bytes) });
      }
      const profiling = performance.now();
      progress('checking', 0);
      const inferredTypes = scan.plans.map((p) => referenceInferred.get(p.name) ?? p.inferredType);
      const done = (columns: number): void => progress('checking', Math.round((scan.bytes * columns) / scan.plans.length));
      const { quality, outside } = await profileStored(db, scan, last, inferredTypes, reference, parallel.profileElsewhere, done, signal);
      const meta: BatchMeta = {
        formatVersion: BATCH_FORMAT_VERSION,
        id: asBatchId(scan.sha256),
        name: file.name,
        arrivedAt: now(),
        bytes: scan.bytes,
        rows: scan.rows,
        delimiter: scan.delimiter,
        encoding: 'utf-8',
        bom: scan.bom,
        columns: scan.plans.map((p, j) => ({ name: p.name, inferredType: inferredTypes[j]!, type: scan.types[j]! })),
        quality,
        validation: null,
      };
      const validating = performance.now();
      if (reference) meta.validation = validateBatch(reference, { ...meta, outOfRange: outside }, workspace.schema.target, workspace.validation);
      if (signal?.aborted) throw new CancelledError();
      const finishing = performance.now();
      await finishPendingBatch(db, meta, last, arrivalEvents(meta, reference), async () => {
        if (!reference) await db.workspace.put({ ...workspace, id: WORKSPACE_ID, referenceBatchId: meta.id });
      });
      const timings = {
        readMs,
        storeMs: profiling - writing + (performance.now() - finishing),
        profileMs: validating - profiling,
        validateMs: finishing - validating,
        readers: Math.min(parallel.parts, scan.jobs.length),
      };
      return { status: 'stored', batch: meta, timings } as const;
    } catch (error) {
      await dropPendingChunks(db, sha256);
      if (error instanceof DuplicateBatchError) return { status: 'duplicate', batch: error.existing } as const;
      throw error;
    }
  });
}

/**
 * The quality report and the values outside the reference's ranges, a column at a time from the stored
 * chunks (profilePendingColumn), on this thread and, when given, on a helper at once: the columns are
 * taken in order by whichever lane is free, and the reports kept in column order.
 */
async function profileStored(
  db: RelearnDb,
  scan: CsvScan,
  columns: Column[],
  inferredTypes: CsvScan['types'],
  reference: BatchMeta | undefined,
  helper: BoundedSettings['profileElsewhere'],
  onColumnDone: (columns: number) => void,
  signal?: AbortSignal,
): Promise<{ quality: ColumnQuality[]; outside: Map<string, number> }> {
  const ranges = referenceRanges(reference);
  const inputs: PendingColumn[] = scan.plans.map((plan, index) => {
    const kind = columns[index]!;
    return {
      batchId: scan.sha256,
      index,
      name: plan.name,
      dictionary: kind.type === 'categorical' ? kind.dictionary : null,
      inferredType: plan.inferredType,
      type: scan.types[index]!,
      reportedInferredType: inferredTypes[index]!,
      referenceRange: ranges.get(plan.name) ?? null,
    };
  });
  const here = (c: PendingColumn): Promise<PendingColumnReport> => profilePendingColumn(db, c);
  const reports = await inLanes(inputs, helper ? [here, helper] : [here], signal, onColumnDone);
  const outside = outsideByName(inputs, reports);
  return { quality: reports.map((r) => r.quality), outside };
}
