import { CancelledError, InputError, isCancelled } from '../../core/errors.ts';
import type { BatchMeta } from '../../core/batch.ts';
import type { ByteHasher } from '../../core/csv/readCsv.ts';
import type { RangeJob, RangeProgress, RangeResult } from '../../core/csv/csvRange.ts';
import type { RandomAccessBytes } from '../../core/csv/readCsvParallel.ts';
import { StorageFullError } from '../../storage/quota.ts';
import type { RelearnDb } from '../../storage/db.ts';
import { ingestBatch, type IngestProgress, type IngestTimings } from './ingest.ts';
import type { BoundedSettings } from './ingestBounded.ts';
import type { StoreElsewhere } from './qualityReport.ts';

/** What happened to one uploaded file, in a form that crosses a worker boundary. */
export type IngestReport =
  | { file: string; status: 'stored'; batch: BatchMeta; timings: IngestTimings }
  | { file: string; status: 'duplicate'; batch: BatchMeta }
  | { file: string; status: 'refused'; message: string; line?: number }
  | { file: string; status: 'cancelled' };

export const BLOB_READ_CHUNK = 8 << 20;

/**
 * A Blob read in large slices: fewer, bigger pieces keep the parser's per-piece work low. The next
 * slice is asked for before this one is handed over, so the browser reads it while the caller parses
 * (each read waited in turn cost a reader about a fifth of its time).
 */
export async function* blobChunks(blob: Blob, signal?: AbortSignal, size = BLOB_READ_CHUNK): AsyncGenerator<Uint8Array> {
  const read = (offset: number): Promise<ArrayBuffer> | null => (offset < blob.size ? blob.slice(offset, offset + size).arrayBuffer() : null);
  let next = read(0);
  try {
    for (let offset = 0; next; offset += size) {
      if (signal?.aborted) throw new CancelledError();
      const bytes = new Uint8Array(await next);
      next = read(offset + size);
      yield bytes;
    }
  } finally {
    // A reader that stops early leaves the slice read ahead unread: its failure is nobody's business.
    next?.catch(() => undefined);
  }
}

/** Bytes of each piece blobPieces hands on: large enough to keep the parser's per-piece work low. */
export const BLOB_PIECE_BYTES = 1 << 20;

/**
 * A Blob read into two buffers made once and filled in turn, for a reader that keeps nothing of a piece
 * once it asks for the next (each piece is a view that the next read takes back). In a Chromium worker
 * this cost 0.15 s of the thread's CPU for 386 MB, against 1.6 s for blobChunks' slices, nearly all of
 * which is the first writes to each new slice's buffer. The next piece is asked for before this one is
 * handed on, so the browser reads it while the caller parses.
 */
export async function* blobPieces(blob: Blob, signal?: AbortSignal, size = BLOB_PIECE_BYTES): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader({ mode: 'byob' });
  // A BYOB read moves the buffer it fills: each fill answers with the buffer it now lives in.
  const fill = async (buffer: ArrayBuffer): Promise<Uint8Array> => {
    let filled = 0;
    while (filled < size) {
      const { value, done } = await reader.read(new Uint8Array(buffer, filled, size - filled));
      if (value) buffer = value.buffer as ArrayBuffer;
      if (done || !value) break;
      filled += value.byteLength;
    }
    return new Uint8Array(buffer, 0, filled);
  };
  let spare = new ArrayBuffer(size);
  let next = fill(new ArrayBuffer(size));
  try {
    for (;;) {
      const piece = await next;
      if (signal?.aborted) throw new CancelledError();
      if (piece.length === 0) return;
      next = fill(spare);
      yield piece;
      spare = piece.buffer as ArrayBuffer;
    }
  } finally {
    // A reader that stops early leaves the piece read ahead unread: its failure is nobody's business.
    next.catch(() => undefined);
    void reader.cancel().catch(() => undefined);
  }
}

/** A Blob's SHA-256 (hex), made on another core that reads the Blob itself. */
export type BlobDigest = (blob: Blob, signal?: AbortSignal) => Promise<string>;

/** Readers that parse byte ranges of a file at once (workers in the page). */
export interface ParallelReaders {
  parts: number;
  minBytes: number;
  parse(file: Blob, job: RangeJob, onProgress: (progress: RangeProgress) => void, signal?: AbortSignal): Promise<RangeResult>;
  /** Files too big to hold are stored as they are read. */
  bounded?: BoundedSettings;
  /** A second core for the quality report of a file read whole. */
  profileElsewhere?: StoreElsewhere;
  /** The file's digest beside the readers, made from the file itself rather than from bytes sent over. */
  sha256?: BlobDigest;
}

/** A Blob read by byte ranges, and in slices from start to end; its digest made by `sha256` when given. */
export function blobBytes(blob: Blob, signal?: AbortSignal, sha256?: BlobDigest): RandomAccessBytes {
  return {
    size: blob.size,
    read: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
    stream: () => blobChunks(blob, signal),
    ...(sha256 ? { sha256: () => sha256(blob, signal) } : {}),
  };
}

/** Ingests files in order; a refused or cancelled file stores nothing and does not stop the others, except cancel. */
export async function ingestFiles(
  db: RelearnDb,
  files: File[],
  signal: AbortSignal,
  onProgress: (file: number, progress: IngestProgress) => void,
  hasher?: () => Promise<ByteHasher>,
  parallel?: ParallelReaders,
): Promise<IngestReport[]> {
  const reports: IngestReport[] = [];
  for (const [index, file] of files.entries()) {
    if (signal.aborted) {
      reports.push({ file: file.name, status: 'cancelled' });
      continue;
    }
    try {
      const outcome = await ingestBatch(db, blobChunks(file, signal), file, {
        signal,
        onProgress: (p) => onProgress(index, p),
        ...(hasher ? { hasher: await hasher() } : {}),
        ...(parallel
          ? {
              parallel: { parts: parallel.parts, minBytes: parallel.minBytes, file: blobBytes(file, signal, parallel.sha256), runRange: (job, progress, abort) => parallel.parse(file, job, progress, abort) },
              bounded: parallel.bounded,
              profileElsewhere: parallel.profileElsewhere,
            }
          : {}),
      });
      reports.push({ file: file.name, ...outcome });
    } catch (error) {
      if (isCancelled(error)) reports.push({ file: file.name, status: 'cancelled' });
      else if (error instanceof InputError) reports.push({ file: file.name, status: 'refused', message: error.message, ...(error.line !== undefined ? { line: error.line } : {}) });
      else if (error instanceof StorageFullError) reports.push({ file: file.name, status: 'refused', message: error.message });
      else reports.push({ file: file.name, status: 'refused', message: `could not be stored: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return reports;
}
