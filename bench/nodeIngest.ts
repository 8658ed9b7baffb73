import { readCsvPath } from '../src/cli/csvThreads.ts';
import { fileChunks, fileSize, nodeSha256 } from '../src/cli/nodeFiles.ts';
import { readCsv } from '../src/core/csv/readCsv.ts';
import { profileColumn } from '../src/core/quality.ts';

// One measured ingest in a fresh process, so peak memory is this run's own (worker threads included).
// `threads`: the CLI's read (parallel worker_threads from 8 MiB); `one`: the single reader. Prints one JSON line.
const [file, mode = 'threads'] = process.argv.slice(2);
if (!file || (mode !== 'threads' && mode !== 'one')) throw new Error('usage: nodeIngest.ts FILE [threads|one]');
let readers = 1;
const started = performance.now();
const table =
  mode === 'threads'
    ? await readCsvPath(file, {}, (path) => (readers = path.readers))
    : await readCsv(fileChunks(file), { totalBytes: fileSize(file), hasher: nodeSha256() });
const readMs = performance.now() - started;
table.columns.map(profileColumn);
const totalMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ rows: table.rows, readers, readMs, totalMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
