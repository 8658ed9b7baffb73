import * as Comlink from 'comlink';
import { parseRange, transferables, type RangeJob, type RangeProgress, type RangeResult } from '../src/core/csv/csvRange.ts';
import { blobPieces } from '../src/app/ingest/ingestFiles.ts';

// One byte range of an upload, parsed on its own core; the ingest worker starts one per range and merges them.
const api = {
  async parse(file: Blob, job: RangeJob, onProgress: (progress: RangeProgress) => void): Promise<RangeResult> {
    let reported = 0;
    const range = file.slice(job.start, job.end);
    // Two buffers filled in turn (see blobPieces): the hash worker reads the file itself.
    const result = await parseRange(blobPieces(range), job, (p) => {
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
