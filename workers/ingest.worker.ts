import * as Comlink from 'comlink';
import weatherCsvUrl from 'demo-data/weather.csv?url';
import { demoBatches, DEMO_TARGET } from '../src/core/demo.ts';
import { RelearnDb } from '../src/storage/db.ts';
import type { ByteHasher } from '../src/core/csv/readCsv.ts';
import { deleteBatch, type BatchDeletion } from '../src/app/workspace/deletion.ts';
import { changeWorkspace, finishInterruptedSchemaChange, type WorkspaceChange } from '../src/app/workspace/schemaChanges.ts';
import { ingestFiles, type IngestReport } from '../src/app/ingest/ingestFiles.ts';
import type { BoundedSettings } from '../src/app/ingest/ingestBounded.ts';
import { cleanPendingBatches } from '../src/app/ingest/pendingUploads.ts';
import type { IngestProgress } from '../src/app/ingest/ingest.ts';
import { workerBridge } from '../src/bridge/workerBridge.ts';
import { abortSignalOf } from './abortPort.ts';
import type { HashApi } from './hash.worker.ts';
import type { CsvRangeApi } from './csvRange.worker.ts';
import type { PendingQualityApi } from './pendingQuality.worker.ts';
import type { HeldColumn } from '../src/app/ingest/pendingQuality.ts';
import type { Column } from '../src/core/columns.ts';
import type { RangeJob, RangeProgress, RangeResult } from '../src/core/csv/csvRange.ts';
import { CancelledError } from '../src/core/errors.ts';
import { movable } from '../src/core/movable.ts';

const db = new RelearnDb();
/** Runs `run` only when no one holds the named Web Lock (a pending upload's writer holds its own). */
const ifLockFree = (name: string, run: () => Promise<void>): Promise<void> => navigator.locks.request(name, { ifAvailable: true }, async (lock) => (lock ? run() : undefined));
// Every call waits for this, so no batch is stored or changed while an interrupted change is finished,
// and the chunks of uploads that never finished (a crash, a closed tab) are gone before new ones start.
const ready = finishInterruptedSchemaChange(db).then(() => cleanPendingBatches(db, ifLockFree));
// The hash worker keeps a file's digest between calls, so it is never ended for idleness: it ends with this one.
// Named: if it fails as a whole, the digest the upload waits for fails with its name instead of never coming.
const hashing = workerBridge<HashApi>({ start: () => new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'hash' }), idleMs: null, name: 'hash' });

/** A ByteHasher whose work runs in a nested worker; each slice is copied over so parsing keeps its own. */
async function parallelSha256(): Promise<ByteHasher> {
  await hashing.call((api) => api.start());
  return {
    update: (bytes) => {
      const copy = bytes.slice();
      void hashing.call((api) => api.update(Comlink.transfer(copy, [copy.buffer])));
    },
    digestHex: () => hashing.call((api) => api.digestHex()),
  };
}

// A second core for the quality report: of a file stored as it was read (it reads the columns itself),
// and of a file read whole (handed the chunks of each column it stores and profiles).
// Named: if it fails as a whole (its script did not load, it threw outside a call), it is ended and its
// calls fail with its name instead of waiting for answers that will not come.
const qualityHelper = workerBridge<PendingQualityApi>({
  start: () => new Worker(new URL('./pendingQuality.worker.ts', import.meta.url), { type: 'module', name: 'pending quality' }),
  name: 'quality helper',
});

/** A column whose chunks can be moved rather than copied (a chunk that is a view of a larger buffer is copied first). */
const movableColumn = (column: Column): Column => ({ ...column, chunks: column.chunks.map(movable) }) as Column;

/** A column to send to the helper, as read and as finished (the same column when nothing was retyped), its chunks moved. */
function handedOver(held: HeldColumn): HeldColumn {
  const stored = movableColumn(held.stored);
  const column = held.column === held.stored ? stored : movableColumn(held.column);
  const buffers = new Set([...stored.chunks, ...column.chunks].map((c) => c.buffer as ArrayBuffer));
  return Comlink.transfer({ ...held, stored, column }, [...buffers]);
}

/** Readers of one file at once: one per core, at most 8 (beyond that the merge and the disk catch up). */
const READERS = Math.min(8, navigator.hardwareConcurrency || 1);
/** Below this size one reader is faster than starting several. */
const PARALLEL_MIN_BYTES = 8 << 20;
const MIB = 1 << 20;
/**
 * From this size on a file is stored as it is read, so the upload's memory
 * stays bounded: the one-pass path holds about 1.1 times the file. A quarter of the device's memory
 * over 2 (navigator.deviceMemory, which browsers cap at 8 GB): 1 GiB at 8 GB, never under 256 MiB.
 */
const BOUNDED_FROM_BYTES = Math.max(256, Math.min(1024, ((navigator as { deviceMemory?: number }).deviceMemory ?? 4) * 128)) * MIB;

/** The bounded path's settings; ranges are a 16th of the threshold (64 MiB at 1 GiB), so a few fit at once. */
function boundedSettings(fromBytes: number): BoundedSettings {
  return {
    fromBytes,
    rangeBytes: Math.min(64 * MIB, Math.max(1 << 16, Math.floor(fromBytes / 16))),
    lock: (name, run) => navigator.locks.request(name, run),
    profileElsewhere: (column) => qualityHelper.call((api) => api.profile(column)),
  };
}

/** A reader worker, with its failure (a failed start, out of memory) caught from the moment it starts. */
interface Reader {
  worker: Worker;
  failed: Promise<never>;
}

function startReader(): Reader {
  const worker = new Worker(new URL('./csvRange.worker.ts', import.meta.url), { type: 'module', name: 'csv range' });
  // A worker that dies would otherwise never answer.
  const failed = new Promise<never>((_, reject) =>
    worker.addEventListener(
      'error',
      (event) => {
        // Handled here: an error left unhandled would go on to this worker's own error event.
        event.preventDefault();
        reject(new Error(`a CSV reader worker failed: ${event.message || 'it stopped'}`));
      },
      { once: true },
    ),
  );
  failed.catch(() => undefined);
  return { worker, failed };
}

/**
 * The file's digest beside its range readers, made by the hash worker reading the file itself into two
 * reused buffers. Handing it the readers' slices instead read the file once but cost more: each slice handed
 * over was a new buffer, and the first writes to a new buffer are what cost most here (in a same-load pair on
 * 1M × 21, the two readers' CPU went 2.9 → 1.6 s each and the read 13.7 → 6.6 s).
 */
function digestBeside(file: Blob, signal?: AbortSignal): Promise<string> {
  return hashing.call((api) => api.digestBlob(file), signal ? { signal } : {});
}

/** Parses a range in a reader worker of its own, ended when the range is done or the upload is cancelled. */
async function parseRange({ worker, failed }: Reader, file: Blob, job: RangeJob, onProgress: (progress: RangeProgress) => void, signal?: AbortSignal): Promise<RangeResult> {
  const cancelled = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(new CancelledError());
    signal?.addEventListener('abort', () => reject(new CancelledError()), { once: true });
  });
  // Rejections after the range is done (a late cancel) are nobody's business.
  cancelled.catch(() => undefined);
  try {
    const api = Comlink.wrap<CsvRangeApi>(worker);
    return await Promise.race([api.parse(file, job, Comlink.proxy(onProgress)), cancelled, failed]);
  } finally {
    worker.terminate();
  }
}

async function ingest(files: File[], onProgress: (file: number, progress: IngestProgress) => void, signal: AbortSignal, boundedFrom = BOUNDED_FROM_BYTES): Promise<IngestReport[]> {
  // Readers started as the upload begins load their code while the range plan is made (which took
  // 260–420 ms before the first range began); the ranges take them in turn, then start their own.
  const spares = READERS > 1 && files.some((f) => f.size >= PARALLEL_MIN_BYTES) ? Array.from({ length: READERS }, startReader) : [];
  // The quality helper loads while the file is read, not when its first column is ready, and is kept
  // through the upload (a read longer than its idle time would end it before its first column).
  const helperReady = spares.length > 0 ? qualityHelper.call((api) => api.ready()) : null;
  helperReady?.catch(() => undefined);
  const releaseHelper = qualityHelper.hold();
  try {
    await ready;
    return await ingestFiles(db, files, signal, onProgress, parallelSha256, { parts: READERS, minBytes: PARALLEL_MIN_BYTES, parse: (file, job, progress, abort) => parseRange(spares.pop() ?? startReader(), file, job, progress, abort),
      bounded: boundedSettings(boundedFrom),
      profileElsewhere: helperReady ? { ready: helperReady, store: (column) => qualityHelper.call((api) => api.storeHeld(handedOver(column))) } : undefined,
      sha256: digestBeside,
    });
  } finally {
    releaseHelper();
    for (const { worker } of spares) worker.terminate();
  }
}

/** The demo's data, fetched once per worker. */
let demoText: Promise<string> | null = null;

const api = {
  /**
   * Ingests files one after another; a message on `abort` (the page's Cancel) stops it. `boundedFrom`
   * lowers the size from which files are stored as they are read (the page's setting for tests).
   */
  ingest(files: File[], onProgress: (file: number, progress: IngestProgress) => void, abort: MessagePort, boundedFrom?: number): Promise<IngestReport[]> {
    return ingest(files, onProgress, abortSignalOf(abort), boundedFrom);
  },

  async changeWorkspace(change: WorkspaceChange): Promise<void> {
    await ready;
    await changeWorkspace(db, change);
  },

  /** Deletes a batch (the Storage section); here, so it waits for any schema change and re-validates against a new reference. */
  async deleteBatch(batchId: string, confirmed: { versions: number[]; reference: boolean }): Promise<BatchDeletion> {
    await ready;
    return deleteBatch(db, batchId, confirmed);
  },

  /**
   * One batch of the demo scenario (the page plays them one after another, each judged before the next);
   * the first sets the target.
   */
  async loadDemoBatch(index: number, onProgress: (file: number, progress: IngestProgress) => void, abort: MessagePort): Promise<IngestReport> {
    const signal = abortSignalOf(abort);
    // A failed fetch is not kept: the next try fetches again.
    demoText ??= fetch(weatherCsvUrl)
      .then((r) => r.text())
      .catch((error: unknown) => {
        demoText = null;
        throw error;
      });
    const batches = demoBatches(await demoText);
    const batch = batches[index];
    if (!batch) throw new Error(`the demo has ${batches.length} batches: there is no batch ${index + 1}`);
    if (index === 0) await api.changeWorkspace({ target: DEMO_TARGET });
    const [report] = await ingest([new File([batch.csv], batch.name, { type: 'text/csv' })], (_, progress) => onProgress(index, progress), signal);
    return report!;
  },
};

export type IngestApi = typeof api;
Comlink.expose(api);
