import { createReadStream, statSync } from 'node:fs';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { checkDueBatches, KEPT_REFERENCE_VALUES, profileStoredColumns, type ColumnProfiler } from '../src/app/drift/drift.ts';
import { ingestBatch } from '../src/app/ingest/ingest.ts';
import { SortedBuffers } from '../src/core/drift/sortedBuffers.ts';
import { RelearnDb } from '../src/storage/db.ts';

// What the drift check's sort pools hold, per profile helper, over a cold check of CURRENT against REFERENCE
// in this process (fake-indexeddb): two helpers, each with its own pool and two groups in hand, as the drift
// worker runs them (workers/drift.worker.ts, workers/driftProfile.worker.ts), here in one thread. A reference
// over KEPT values is read back from storage for each batch: 0 stands for a 5M × 20 reference (100M values).
// Prints one JSON line: per helper, the most its sort pool held after any call (MB), and what it holds at the end.
// usage: npx tsx bench/scalePools.ts REFERENCE CURRENT [KEPT]
const [reference, current, kept] = process.argv.slice(2);
if (!reference || !current) throw new Error('usage: scalePools.ts REFERENCE CURRENT [KEPT]');

const db = new RelearnDb('scale-pools', { indexedDB: new IDBFactory(), IDBKeyRange });
for (const csv of [reference, current]) {
  const outcome = await ingestBatch(db, createReadStream(csv, { highWaterMark: 1 << 20 }), { name: csv.split('/').pop()!, size: statSync(csv).size });
  if (outcome.status !== 'stored') throw new Error(`${csv} was not stored: ${outcome.status}`);
}

const mb = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;

/** One helper as driftProfile.worker.ts is: its sort pool, the most it held after a call. */
function helper(): { profile: ColumnProfiler; most: () => number; now: () => Record<string, number> } {
  const buffers = new SortedBuffers();
  let most = 0;
  const look = (): void => {
    most = Math.max(most, buffers.bytes);
  };
  return {
    profile: async (batch, jobs, spares) => {
      buffers.give(...spares);
      look();
      const results = await profileStoredColumns(db, batch, jobs, buffers);
      look();
      return results;
    },
    most: () => mb(most),
    now: () => ({ mb: mb(buffers.bytes), spares: buffers.size }),
  };
}

const helpers = [helper(), helper()];
const started = performance.now();
const sweep = await checkDueBatches(db, undefined, undefined, [...helpers, ...helpers].map((h) => h.profile), kept === undefined ? KEPT_REFERENCE_VALUES : Number(kept));
process.stdout.write(`${JSON.stringify({ sweep, checkMs: Math.round(performance.now() - started), mostMb: helpers.map((h) => h.most()), afterCheck: helpers.map((h) => h.now()) })}\n`);
