import { fileChunks, fileSize, nodeSha256 } from '../src/cli/nodeFiles.ts';
import { readCsv } from '../src/core/csv/readCsv.ts';
import { profileColumn } from '../src/core/drift/profile.ts';
import { driftReport } from '../src/core/drift/report.ts';
import { defaultDriftSettings } from '../src/core/drift/settings.ts';
import type { ColumnType } from '../src/core/schema.ts';

// One measured drift comparison in a fresh process, so peak memory is this run's own. Prints one JSON
// line. Reading the files is not timed: the SciPy row does not time pandas.read_csv either.
const [referenceFile, currentFile] = process.argv.slice(2);
if (!referenceFile || !currentFile) throw new Error('usage: driftNode.ts REFERENCE CURRENT');
const read = (file: string, typeOverrides: Record<string, ColumnType> = {}) =>
  readCsv(fileChunks(file), { totalBytes: fileSize(file), hasher: nodeSha256(), typeOverrides });
const reference = await read(referenceFile);
const current = await read(currentFile, Object.fromEntries(reference.columns.map((b) => [b.column.name, b.column.type])));
const settings = defaultDriftSettings();

// Cold: nothing stored yet, as `relearn drift` on two files: both sides profiled, then every statistic.
let started = performance.now();
const referenceProfiles = reference.columns.map((b) => profileColumn(b.column));
driftReport(referenceProfiles, current.columns.map((b) => profileColumn(b.column)), settings);
const coldMs = performance.now() - started;

// Warm: the workbench stores a reference's profiles with it, so checking a new batch profiles only that one.
started = performance.now();
const report = driftReport(referenceProfiles, current.columns.map((b) => profileColumn(b.column)), settings);
const warmMs = performance.now() - started;

const columns = report.columns.map((c) => ({ name: c.name, ksStatistic: c.ks?.statistic, ksPValue: c.ks?.pValue, wasserstein: c.wasserstein }));
process.stdout.write(`${JSON.stringify({ coldMs, warmMs, peakRssMb: process.resourceUsage().maxRSS / 1024, columns })}\n`);
