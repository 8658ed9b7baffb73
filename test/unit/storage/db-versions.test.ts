import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../src/core/batch.ts';
import { getBatch, loadColumns } from '../../../src/storage/queries/batches.ts';
import { RelearnDb, TABLES, type DriftReportRecord, type RunRecord } from '../../../src/storage/db.ts';
import { joinBatch, joinDriftReport, type BatchQualityRecord, type BatchSummary, type DriftOverlaysRecord } from '../../../src/storage/heavyFields.ts';
import { getDriftReport } from '../../../src/storage/queries/driftReports.ts';
import { taskSpec } from '../../../src/core/pipeline/dag.ts';
import { getModel, listModels } from '../../../src/storage/queries/models.ts';
import { championVersion } from '../../../src/storage/queries/registry.ts';
import { getRun, listRuns } from '../../../src/storage/queries/runs.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { values } from '../helpers/csv.ts';
import { categoricalColumn, numericColumn, profile } from '../helpers/columns.ts';
import { batchCsv, freshDb, snapshot, stored } from '../helpers/storage.ts';
import { populate } from '../helpers/workspace.ts';

/**
 * The stores of version 1 as they shipped. Never edit this: a change to version 1 in src/storage/db.ts
 * must fail this test (add a version 2 with an upgrade instead, and a snapshot for it here).
 */
const V1_STORES = {
  batches: 'id, arrivedAt',
  columnChunks: '[batchId+column+chunk], batchId',
  columnDictionaries: '[batchId+column], batchId',
  events: '++seq, at, kind, batchId',
  workspace: 'id',
} as const;

/** What version 2 added (drift). Never edit this either. */
const V2_STORES = {
  referenceProfiles: '[batchId+column], batchId',
  driftReports: 'batchId, referenceBatchId',
} as const;

/** What version 3 added (models and their artifacts, this browser's backend choice). Never edit this either. */
const V3_STORES = {
  models: 'version, createdAt',
  modelArtifacts: 'version',
  device: 'key',
} as const;

/** What version 4 added (pipeline runs, registry aliases). Never edit this either. */
const V4_STORES = {
  runs: 'id, &number, createdAt, state',
  aliases: 'name',
} as const;

/** What version 5 added (the heavy fields of batches and drift reports, moved out of them). Never edit this either. */
const V5_STORES = {
  batchQuality: 'batchId',
  driftOverlays: 'batchId',
} as const;

/** What version 6 added (versions' scores on batches, kept for the champion chart). Never edit this either. */
const V6_STORES = {
  batchScores: '[version+batchId], batchId, version',
} as const;

/** The store definition Dexie holds for a table, written back as a stores() string. */
const storeSpec = (table: Dexie.Table): string => [table.schema.primKey, ...table.schema.indexes].map((i) => i.src).join(', ');

const BATCH_ID = 'a'.repeat(64);

/** A version-1 database, written without any project code: plain Dexie and the v1 stores. */
async function writeV1(factory: IDBFactory, name: string): Promise<void> {
  const old = new Dexie(name, { indexedDB: factory, IDBKeyRange });
  old.version(1).stores(V1_STORES);
  const x = numericColumn('x', [1.5, null, 3.25, 4, 5.5, 6, 7]);
  const c = categoricalColumn('c', ['a', 'b', null, 'a', 'b', 'a', 'c']);
  const meta: BatchMeta = {
    formatVersion: 1,
    id: BATCH_ID as BatchMeta['id'],
    name: 'old.csv',
    arrivedAt: 1_600_000_000_000,
    bytes: 70,
    rows: 7,
    delimiter: ',',
    encoding: 'utf-8',
    bom: false,
    columns: [
      { name: 'x', inferredType: 'numeric', type: 'numeric' },
      { name: 'c', inferredType: 'categorical', type: 'categorical' },
    ],
    quality: [profile(x), profile(c)],
    validation: null,
  };
  await old.table('batches').add(meta);
  await old.table('columnChunks').bulkAdd([
    { batchId: BATCH_ID, column: 0, chunk: 0, data: x.chunks[0] },
    { batchId: BATCH_ID, column: 1, chunk: 0, data: c.chunks[0] },
  ]);
  await old.table('columnDictionaries').add({ batchId: BATCH_ID, column: 1, dictionary: c.dictionary });
  await old.table('events').add({ at: meta.arrivedAt, kind: 'batch.arrived', actor: 'user', batchId: BATCH_ID, summary: 'Batch "old.csv" arrived' });
  await old.table('workspace').put({
    id: 'default',
    schema: { target: 'c', typeOverrides: {} },
    referenceBatchId: BATCH_ID,
    validation: { minRows: 5, maxMissingShare: 0.5, maxMissingShareIncrease: 0.1, maxOutOfRangeShare: 0.05, maxClassShareShift: 0.2 },
  });
  old.close();
}

describe('RelearnDb schema versions', () => {
  it('versions 1 to 6 are exactly the snapshots that shipped', async () => {
    const db = new RelearnDb('schema', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(6);
    expect(Object.fromEntries(db.tables.map((t) => [t.name, storeSpec(t)]))).toEqual(STORES_AT[6]);
    expect(Object.values(TABLES).sort()).toEqual(Object.keys(STORES_AT[6]).sort());
    db.close();
  });

  it('opens a database written by version 1 and reads its records', async () => {
    const factory = new IDBFactory();
    await writeV1(factory, 'relearn-v1');
    const db = new RelearnDb('relearn-v1', { indexedDB: factory, IDBKeyRange });

    const meta = await getBatch(db, BATCH_ID);
    expect(meta).toMatchObject({ name: 'old.csv', rows: 7, formatVersion: 1 });
    // Its histograms and category counts moved to their own table (version 5) and read back with the batch.
    expect(meta?.quality.map((q) => [q.name, q.numeric?.histogram.counts.length ?? q.categorical?.counts.length])).toEqual([['x', 20], ['c', 3]]);
    const listed = (await db.batches.get(BATCH_ID))!.quality;
    expect(listed.map((q) => [q.name, 'categorical' in q, q.numeric ? 'histogram' in q.numeric : null])).toEqual([['x', false, false], ['c', false, null]]);
    const [x, c] = await loadColumns(db, meta as BatchMeta);
    expect(values(x!)).toEqual([1.5, NaN, 3.25, 4, 5.5, 6, 7]);
    expect(x?.chunks[0]).toBeInstanceOf(Float64Array);
    expect(values(c!)).toEqual(['a', 'b', null, 'a', 'b', 'a', 'c']);
    // A workspace stored before the drift and feature column choices existed reads them as none (the defaults).
    expect(await readWorkspace(db)).toMatchObject({ referenceBatchId: BATCH_ID, schema: { target: 'c', typeOverrides: {}, drift: {}, features: {} }, validation: { minRows: 5 }, drift: { alpha: 0.05 } });
    expect(await db.driftReports.count()).toBe(0);
    expect(await db.events.toArray()).toEqual([expect.objectContaining({ seq: 1, kind: 'batch.arrived', batchId: BATCH_ID })]);

    // New batches go on from there: validated against the old reference, events numbered after its.
    const next = await stored(db, 'new.csv', batchCsv(8).replace('x,c,label', 'x,c,extra'));
    expect(next.validation).toMatchObject({ referenceId: BATCH_ID });
    expect(next.validation?.checks.find((k) => k.check === 'extra columns')?.value).toBe('extra');
    expect((await db.events.toArray()).map((e) => e.seq)).toEqual([1, 2, 3]);
    db.close();
  });
});

/** The stores each version had, as it shipped (each adds to the one before). */
const STORES_AT: Record<1 | 2 | 3 | 4 | 5 | 6, Record<string, string>> = {
  1: V1_STORES,
  2: { ...V1_STORES, ...V2_STORES },
  3: { ...V1_STORES, ...V2_STORES, ...V3_STORES },
  4: { ...V1_STORES, ...V2_STORES, ...V3_STORES, ...V4_STORES },
  5: { ...V1_STORES, ...V2_STORES, ...V3_STORES, ...V4_STORES, ...V5_STORES },
  6: { ...V1_STORES, ...V2_STORES, ...V3_STORES, ...V4_STORES, ...V5_STORES, ...V6_STORES },
};

/**
 * Today's records in the shape versions 1 to 4 stored them: each batch's quality report and each drift
 * report's overlays inside the record (version 5 moved them to tables of their own).
 */
function beforeVersion5(records: Record<string, unknown[]>): Record<string, unknown[]> {
  const quality = new Map((records.batchQuality as BatchQualityRecord[]).map((q) => [q.batchId, q]));
  const overlays = new Map((records.driftOverlays as DriftOverlaysRecord[]).map((o) => [o.batchId, o]));
  return {
    ...records,
    batches: (records.batches as BatchSummary[]).map((b) => joinBatch(b, quality.get(b.id))),
    driftReports: (records.driftReports as DriftReportRecord[]).map((r) => joinDriftReport(r, overlays.get(r.batchId))),
  };
}

/**
 * A database left by version `n`: the stores it had and records of that version's shape in them, written
 * with plain Dexie. Versions 2 to 4 and 6 only added tables; version 5 moved fields out of batches and drift
 * reports, so older ones are written with them inside (beforeVersion5).
 */
async function writeVersion(n: 1 | 2 | 3 | 4 | 5, factory: IDBFactory, name: string, records: Record<string, unknown[]>): Promise<string[]> {
  const old = new Dexie(name, { indexedDB: factory, IDBKeyRange });
  for (const v of ([1, 2, 3, 4, 5] as const).filter((v) => v <= n)) old.version(v).stores(STORES_AT[v]);
  const stores = STORES_AT[n];
  const shaped = n >= 5 ? records : beforeVersion5(records);
  for (const table of Object.keys(stores)) await old.table(table).bulkAdd(shaped[table] ?? []);
  old.close();
  return Object.keys(stores);
}

describe('RelearnDb opens a database left by each earlier version', () => {
  const filled = async (): Promise<Record<string, unknown[]>> => {
    const { db } = freshDb();
    await populate(db);
    const records = await snapshot(db);
    db.close();
    return records;
  };

  it.each([1, 2, 3, 4, 5] as const)('version %i: its records arrive in today\'s shape, later tables start empty, and work goes on', async (n) => {
    const records = await filled();
    expect(records.batchQuality!.length).toBeGreaterThan(0);
    expect((records.driftOverlays as DriftOverlaysRecord[]).some((o) => o.columns.some((c) => c !== null))).toBe(true);
    const factory = new IDBFactory();
    const written = await writeVersion(n, factory, `relearn-v${n}`, records);
    const { db } = freshDb(factory, `relearn-v${n}`);
    await db.open();
    expect(db.verno).toBe(6);
    // The moved fields arrive in their own tables when the tables they were in existed.
    const moved: Record<string, string> = { batchQuality: 'batches', driftOverlays: 'driftReports' };
    const had = (table: string): boolean => written.includes(moved[table] ?? table);
    for (const table of db.tables) expect(await table.toArray(), table.name).toEqual(had(table.name) ? records[table.name] : []);
    if (n >= 2) {
      const [report] = records.driftReports as DriftReportRecord[];
      expect(await getDriftReport(db, report!.batchId)).toEqual(beforeVersion5(records).driftReports![0]);
    }

    expect(await readWorkspace(db)).toMatchObject({ schema: { target: 'label' } });
    const seq = (await db.events.orderBy('seq').last())?.seq ?? 0;
    await stored(db, 'later.csv', batchCsv(12));
    expect((await db.events.orderBy('seq').last())?.seq).toBeGreaterThan(seq);
    if (n >= 3) {
      expect((await listModels(db)).map((m) => m.version)).toEqual([1]);
      expect((await getModel(db, 1)).metrics).toMatchObject({ accuracy: 0.75 });
    }
    if (n >= 4) {
      expect(await championVersion(db)).toBe(1);
      const [run] = await listRuns(db);
      expect(await getRun(db, run!.id)).toEqual(run);
    }
    db.close();
  });
});

describe('runs stored before every try was kept', () => {
  it('read with one try per task, no re-runs, and the last try their retries allow, by every kind of read', async () => {
    const records = await (async () => {
      const { db } = freshDb();
      await populate(db);
      const all = await snapshot(db);
      db.close();
      return all;
    })();
    const today = records.runs as RunRecord[];
    expect(today.length).toBeGreaterThan(0);
    // The shape version 4 wrote: no `reruns` on the run; no `earlier`, `pass` or `lastTry` on its tasks.
    const old = today.map((run) => {
      const copy = structuredClone(run) as Partial<RunRecord>;
      delete copy.reruns;
      for (const task of copy.tasks ?? []) for (const key of ['earlier', 'pass', 'lastTry'] as const) delete (task as Partial<typeof task>)[key];
      return copy;
    });
    const factory = new IDBFactory();
    await writeVersion(4, factory, 'relearn-old-runs', { ...records, runs: old });
    const { db } = freshDb(factory, 'relearn-old-runs');
    const run = await getRun(db, today[0]!.id);
    expect(run.reruns).toEqual([]);
    for (const task of run.tasks) expect(task, task.id).toMatchObject({ earlier: [], pass: 0, lastTry: Math.max(task.tries, taskSpec(task.id).retries + 1) });
    expect((await listRuns(db)).every((r) => Array.isArray(r.reruns) && r.tasks.every((t) => Array.isArray(t.earlier)))).toBe(true);
    expect((await db.runs.where('state').equals(run.state).first())?.reruns).toEqual([]);
    db.close();
  });
});
