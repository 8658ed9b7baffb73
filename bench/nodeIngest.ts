import { fileChunks, fileSize, nodeSha256 } from '../src/cli/nodeFiles.ts';
import { readCsv } from '../src/core/csv/readCsv.ts';
import { profileColumn } from '../src/core/quality.ts';

// One measured ingest in a fresh process, so peak memory is this run's own. Prints one JSON line.
const file = process.argv[2];
if (!file) throw new Error('usage: nodeIngest.ts FILE');
const started = performance.now();
const table = await readCsv(fileChunks(file), { totalBytes: fileSize(file), hasher: nodeSha256() });
const readMs = performance.now() - started;
table.columns.map(profileColumn);
const totalMs = performance.now() - started;
process.stdout.write(`${JSON.stringify({ rows: table.rows, readMs, totalMs, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
