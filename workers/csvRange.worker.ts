import * as Comlink from 'comlink';
import { parseRange, transferables, type RangeJob, type RangeProgress, type RangeResult } from '../src/core/csv/csvRange.ts';
import { blobChunks, blobPieces } from '../src/app/ingest/ingestFiles.ts';
import { handingOn } from '../src/app/ingest/handedDigest.ts';

// One byte range of an upload, parsed on its own core; the ingest worker starts one per range and merges them.
const api = {
  /** `hash`: where the slices go once parsed (the file's digest is made of them), and where the range stopped. */
  async parse(file: Blob, job: RangeJob, onProgress: (progress: RangeProgress) => void, hash?: MessagePort): Promise<RangeResult> {
    let reported = 0;
    const range = file.slice(job.start, job.end);
    // Slices handed to the hash are each a buffer of their own; else two buffers are filled in turn (see blobPieces).
    const result = await parseRange(hash ? handingOn(blobChunks(range), job, hash) : blobPieces(range), job, (p) => {
      // A progress message per slice read, at most one every 100 ms: the page's bar stays live without a flood.
      const now = performance.now();
      if (now - reported < 100) return;
      reported = now;
      onProgress(p);
    });
    return Comlink.transfer(result, transferables(result));
  },
};

export type CsvRangeApi = typeof api;
Comlink.expose(api);
