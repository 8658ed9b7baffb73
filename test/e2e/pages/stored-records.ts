import type { BrowserContext, Page } from 'playwright-core';
import { baseUrl } from '../harness.ts';

/** What IndexedDB holds, and every way it could be half-written: read beside the page, not through it. */
export interface StoredRecords {
  batches: string[];
  /** Batches whose columns lack chunks or rows (name: what is missing). */
  incompleteBatches: string[];
  /** Column chunks and dictionaries of no stored batch. */
  orphanChunks: number;
  orphanDictionaries: number;
  /** Drift reports by batch name, with the number of columns each covers. */
  driftReports: Record<string, number>;
  /** Drift events (checked or detected) by batch name. */
  driftEvents: Record<string, number>;
  models: number[];
  modelArtifacts: number[];
  modelEvents: number;
  runs: { number: number; state: string; reason: string | null; tasks: Record<string, string> }[];
}

/**
 * A second page of the same origin that runs none of the app (a static file of the build), so the
 * database can be read as a closed tab left it, before a reopened app changes anything.
 */
export async function storageOnlyPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl()}favicon.svg`);
  return page;
}

/** The folder where an upload's chunk bytes wait in files before IndexedDB copies them (src/storage/stagedChunks.ts). */
const STAGING = 'relearn-pending-chunks';

/**
 * The names of the staged chunk files the origin holds (none once every upload has stored or dropped its
 * chunks); null when it has no staging folder (no upload has staged any).
 */
export function stagedChunkFiles(page: Page): Promise<string[] | null> {
  return page.evaluate(async (folder) => {
    const root = await navigator.storage.getDirectory();
    const staging = await root.getDirectoryHandle(folder).catch(() => null);
    if (!staging) return null;
    const names: string[] = [];
    for await (const name of (staging as FileSystemDirectoryHandle & { keys(): AsyncIterable<string> }).keys()) names.push(name);
    return names;
  }, STAGING);
}

/** Leaves a staged chunk file of `batchId` as a closed tab would. */
export function leaveStagedChunkFile(page: Page, batchId: string): Promise<void> {
  return page.evaluate(
    async ([folder, name]) => {
      const staging = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder, { create: true });
      const writable = await (await staging.getFileHandle(name, { create: true })).createWritable();
      await writable.write(new Float64Array(16));
      await writable.close();
    },
    [STAGING, `${batchId}.left-by-a-closed-tab`] as const,
  );
}

/** How many records one store of IndexedDB holds (0 when the database has no such store), read beside the page's own connection. */
export function storedCount(page: Page, store: string): Promise<number> {
  return page.evaluate(
    (name) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('relearn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains(name)) {
            db.close();
            resolve(0);
            return;
          }
          const request = db.transaction(name, 'readonly').objectStore(name).count();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store,
  );
}

export function readStoredRecords(page: Page): Promise<StoredRecords> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('relearn');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    const all = <T>(store: string): Promise<T[]> =>
      db.objectStoreNames.contains(store)
        ? new Promise((resolve, reject) => {
            const request = db.transaction(store, 'readonly').objectStore(store).getAll();
            request.onsuccess = () => resolve(request.result as T[]);
            request.onerror = () => reject(request.error);
          })
        : Promise.resolve([]);
    type Batch = { id: string; name: string; rows: number; columns: { type: string }[] };
    const batches = await all<Batch>('batches');
    // A chunk's numbers: a Blob of its array type's bytes (src/storage/chunkRecords.ts), or the array in older records.
    type Chunk = { batchId: string; column: number; data: ArrayLike<number> | Blob; type?: 'Float64Array' | 'Int32Array' };
    const chunks = await all<Chunk>('columnChunks');
    const rowsOf = (k: Chunk): number => (k.data instanceof Blob ? k.data.size / (k.type === 'Int32Array' ? 4 : 8) : k.data.length);
    const dictionaries = await all<{ batchId: string; column: number }>('columnDictionaries');
    const reports = await all<{ batchId: string; report: { columns: unknown[] } }>('driftReports');
    const events = await all<{ kind: string; batchId?: string }>('events');
    const models = await all<{ version: number }>('models');
    const artifacts = await all<{ version: number }>('modelArtifacts');
    const runs = await all<{ number: number; state: string; reason: string | null; tasks: { id: string; state: string }[] }>('runs');
    db.close();
    const byId = new Map(batches.map((b) => [b.id, b]));
    const nameOf = (id: string | undefined): string => byId.get(id ?? '')?.name ?? `unknown batch ${id ?? ''}`;
    const incompleteBatches = batches.flatMap((b) =>
      b.columns.flatMap((c, column) => {
        const rows = chunks.filter((k) => k.batchId === b.id && k.column === column).reduce((sum, k) => sum + rowsOf(k), 0);
        const problems = rows === b.rows ? [] : [`${b.name}: column ${column} has ${rows} of ${b.rows} rows`];
        if (c.type === 'categorical' && !dictionaries.some((d) => d.batchId === b.id && d.column === column)) problems.push(`${b.name}: column ${column} has no dictionary`);
        return problems;
      }),
    );
    const count = (names: string[]): Record<string, number> => names.reduce<Record<string, number>>((out, n) => ({ ...out, [n]: (out[n] ?? 0) + 1 }), {});
    return {
      batches: batches.map((b) => b.name).sort(),
      incompleteBatches,
      orphanChunks: chunks.filter((k) => !byId.has(k.batchId)).length,
      orphanDictionaries: dictionaries.filter((d) => !byId.has(d.batchId)).length,
      driftReports: Object.fromEntries(reports.map((r) => [nameOf(r.batchId), r.report.columns.length])),
      driftEvents: count(events.filter((e) => e.kind === 'drift.checked' || e.kind === 'drift.detected').map((e) => nameOf(e.batchId))),
      models: models.map((m) => m.version),
      modelArtifacts: artifacts.map((a) => a.version),
      modelEvents: events.filter((e) => e.kind === 'model.trained').length,
      runs: runs.map((r) => ({ number: r.number, state: r.state, reason: r.reason, tasks: Object.fromEntries(r.tasks.map((t) => [t.id, t.state])) })),
    };
  });
}

/** Runs that ended (or wait for approval) but whose end the scheduler has not logged yet, read beside the page. */
export function runsWithoutEndEvent(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('relearn');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['runs', 'events'], 'readonly');
          const runs = tx.objectStore('runs').getAll();
          const events = tx.objectStore('events').getAll();
          tx.oncomplete = () => {
            db.close();
            const logged = new Set(
              (events.result as { kind: string; details?: { runId?: string } | null }[]).filter((e) => e.kind === 'run.finished' || e.kind === 'run.approval').map((e) => e.details?.runId),
            );
            resolve((runs.result as { id: string; number: number; state: string }[]).filter((r) => r.state !== 'running' && r.state !== 'queued' && !logged.has(r.id)).map((r) => r.number));
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

/** The stored batches in arrival order and the runs by number, with their times: how the loop unfolded. */
export interface Timeline {
  batches: { name: string; arrivedAt: number }[];
  runs: { number: number; batch: string | null; createdAt: number; endedAt: number | null }[];
}

export function readTimeline(page: Page): Promise<Timeline> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('relearn');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    const all = <T>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const batches = await all<{ id: string; name: string; arrivedAt: number }>('batches');
    const runs = await all<{ number: number; batchId: string | null; createdAt: number; endedAt: number | null }>('runs');
    db.close();
    const nameOf = new Map(batches.map((b) => [b.id, b.name]));
    return {
      batches: batches.sort((a, b) => a.arrivedAt - b.arrivedAt).map((b) => ({ name: b.name, arrivedAt: b.arrivedAt })),
      runs: runs.sort((a, b) => a.number - b.number).map((r) => ({ number: r.number, batch: r.batchId === null ? null : (nameOf.get(r.batchId) ?? null), createdAt: r.createdAt, endedAt: r.endedAt })),
    };
  });
}

/** A stored column's name, type and cells in row order: a category's text, a number, or null where missing. */
export interface StoredColumn {
  name: string;
  type: string;
  values: (string | number | null)[];
}

/**
 * Every batch in the page's database with its columns decoded from the stored chunks and dictionaries,
 * and how many batch ids the column chunks name (a chunk of no batch record counts too).
 */
export function storedColumns(page: Page): Promise<{ batches: { id: string; name: string; rows: number }[]; chunkBatches: number; columns: StoredColumn[][] }> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('relearn');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => resolve(open.result);
    });
    const all = <T,>(store: string): Promise<T[]> =>
      new Promise((resolve, reject) => {
        const request = db.transaction(store, 'readonly').objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const batches = await all<{ id: string; name: string; rows: number; columns: { name: string; type: string }[] }>('batches');
    // A chunk's numbers: a Blob of its array type's bytes (src/storage/chunkRecords.ts), or the array in older records.
    type Chunk = { batchId: string; column: number; chunk: number; data: Float64Array | Int32Array | Blob; type?: 'Float64Array' | 'Int32Array' };
    const records = await all<Chunk>('columnChunks');
    const dictionaries = await all<{ batchId: string; column: number; dictionary: string[] }>('columnDictionaries');
    db.close();
    const arrayOf = async ({ data, type }: Chunk): Promise<Float64Array | Int32Array> =>
      data instanceof Blob ? (type === 'Int32Array' ? new Int32Array(await data.arrayBuffer()) : new Float64Array(await data.arrayBuffer())) : data;
    const chunks = await Promise.all(records.map(async (k) => ({ ...k, data: await arrayOf(k) })));
    const columns = batches.map((batch) =>
      batch.columns.map((c, column) => {
        const parts = chunks.filter((k) => k.batchId === batch.id && k.column === column).sort((a, b) => a.chunk - b.chunk);
        const cells = parts.flatMap((k) => Array.from(k.data));
        const dictionary = dictionaries.find((d) => d.batchId === batch.id && d.column === column)?.dictionary;
        const decoded: StoredColumn = { name: c.name, type: c.type, values: dictionary ? cells.map((code) => (code < 0 ? null : (dictionary[code] ?? null))) : cells.map((v) => (Number.isNaN(v) ? null : v)) };
        return decoded;
      }),
    );
    return { batches: batches.map((b) => ({ id: b.id, name: b.name, rows: b.rows })), chunkBatches: [...new Set(chunks.map((c) => c.batchId))].length, columns };
  });
}
