import { parentPort, workerData } from 'node:worker_threads';
import { parseRange, transferables, type RangeJob } from '../core/csv/csvRange.ts';
import { fileChunks } from './nodeFiles.ts';

// One byte range of a CSV file, parsed on its own core: the Node twin of workers/csvRange.worker.ts.
// Started by csvThreads.ts with { path, job }; posts progress, then the range's columns (moved, not copied).
const { path, job } = workerData as { path: string; job: RangeJob };
const port = parentPort!;
let reported = 0;
void parseRange(fileChunks(path, job.start, job.end), job, (progress) => {
  // At most one progress message every 100 ms.
  const now = performance.now();
  if (now - reported < 100) return;
  reported = now;
  port.postMessage({ progress });
}).then((result) => port.postMessage({ result }, transferables(result)));
