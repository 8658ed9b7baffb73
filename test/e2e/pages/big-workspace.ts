import type { Page } from 'playwright-core';

/** The size of a workspace that has run daily for a year. */
export interface BigWorkspaceSize {
  batches: number;
  runs: number;
}

export const YEAR_OF_BATCHES: BigWorkspaceSize = { batches: 365, runs: 100 };

/** What the builder stored, counted after it wrote. */
export interface BigWorkspaceCounts {
  batches: number;
  runs: number;
  versions: number;
  events: number;
  driftReports: number;
  /** The newest and the oldest batch, run number and version, for tests that look for them. */
  newestBatch: string;
  oldestBatch: string;
  newestRun: number;
  champion: number;
}

/**
 * Grows the demo's workspace (played with automatic runs, so that it holds a reference, checked batches,
 * runs and versions of every outcome) into one that has run daily for a year: every record the demo
 * stored for a batch — the batch, its column chunks and dictionaries, its drift report, its events, its
 * run and the version that run trained — is copied for each new day, with new ids, names, run and
 * version numbers and times one day apart, the demo's own records moved back to the first days. Copies
 * of real records keep every stored shape as the app writes it; the page is reloaded afterwards so the
 * app reads them as it would on opening. Written with IndexedDB beside the app (as stored-records.ts
 * reads), in one transaction.
 */
export async function buildBigWorkspace(page: Page, size: BigWorkspaceSize = YEAR_OF_BATCHES): Promise<BigWorkspaceCounts> {
  // tsx (the bench) names inner functions through a `__name` helper the page lacks; vitest does not.
  await page.evaluate('globalThis.__name ??= (f) => f');
  const counts = await page.evaluate(GROW, size);
  await page.reload();
  return counts;
}

const GROW = async ({ batches: wantBatches, runs: wantRuns }: BigWorkspaceSize): Promise<BigWorkspaceCounts> => {
  const DAY = 86_400_000;
  const STORES = ['batches', 'batchQuality', 'columnChunks', 'columnDictionaries', 'events', 'driftReports', 'driftOverlays', 'models', 'modelArtifacts', 'runs', 'aliases'] as const;
  // A record of any store, with the fields this reads (each store has some of them).
  interface Rec {
    [key: string]: unknown;
    id: string;
    name: string;
    arrivedAt: number;
    seq: number;
    kind: string;
    at: number;
    batchId: string;
    details: { version: number };
    number: number;
    outcome: string;
    endedAt: number;
    version: number;
    runId: string;
    stage: string;
  }
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('relearn');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => resolve(open.result);
  });
  const done = (request: IDBRequest | IDBTransaction): Promise<void> =>
    new Promise((resolve, reject) => {
      if (request instanceof IDBTransaction) {
        request.oncomplete = () => resolve();
        request.onerror = () => reject(request.error);
      } else {
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }
    });
  const read = async (store: string): Promise<Rec[]> => {
    const request = db.transaction(store, 'readonly').objectStore(store).getAll();
    await done(request);
    return request.result as Rec[];
  };
  const stored: Record<string, Rec[]> = {};
  for (const store of STORES) stored[store] = await read(store);
  const workspace = (await read('workspace'))[0];
  if (!workspace) throw new Error('no workspace record: play the demo first');
  const events = stored.events!.sort((a, b) => a.seq - b.seq);
  const demoBatches = stored.batches!.sort((a, b) => a.arrivedAt - b.arrivedAt);
  const runs = stored.runs!.sort((a, b) => a.number - b.number);
  const clones = wantBatches - demoBatches.length;
  const runClones = wantRuns - runs.length;
  if (clones < 0 || runClones < 0 || runClones > clones) throw new Error(`the demo holds ${demoBatches.length} batches and ${runs.length} runs: cannot grow it to ${wantBatches} and ${wantRuns}`);

  // The demo's batches by what happened to each: a run that promoted, one that rejected, none.
  const runOf = (batchId: string): Rec | undefined => runs.find((r) => r.batchId === batchId);
  const others = demoBatches.filter((b) => b.id !== workspace.referenceBatchId);
  const promoted = others.filter((b) => runOf(b.id)?.outcome === 'promoted');
  const rejected = others.filter((b) => runOf(b.id)?.outcome === 'rejected');
  const quiet = others.filter((b) => !runOf(b.id));
  if (promoted.length === 0 || rejected.length === 0 || quiet.length === 0) throw new Error('the demo (with automatic runs) no longer has a promoting run, a rejecting run and a batch without a run after its reference');

  // Each demo batch's events: from its arrival to the next batch's arrival.
  const arrivals = events.flatMap((e, i) => (e.kind === 'batch.arrived' ? [i] : []));
  const segmentOf = (batchId: string): Rec[] => {
    const at = arrivals.findIndex((i) => events[i]!.batchId === batchId);
    return events.slice(arrivals[at]!, arrivals[at + 1] ?? events.length);
  };
  // The champion when each demo batch arrived, and the one before it.
  const championsAt = (batchId: string): number[] => {
    const until = segmentOf(batchId)[0]!.seq as number;
    return events.filter((e) => e.kind === 'model.promoted' && e.seq < until).map((e) => e.details.version as number);
  };

  // Deep copy with strings and numbers rewritten; typed arrays, buffers and Blobs (column chunks) are kept as they are.
  const walk = (value: unknown, key: string, text: (s: string) => string, number: (n: number, key: string) => number): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'number') return number(value, key);
    if (Array.isArray(value)) return value.map((v) => walk(v, key, text, number));
    if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer) && !(value instanceof Blob)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k, text, number)]));
    }
    return value;
  };
  const demoStart = Math.min(...events.map((e) => e.at as number)) - DAY;
  const demoEnd = Date.now() + DAY;
  const isTime = (n: number): boolean => n >= demoStart && n <= demoEnd;
  const shiftBack = clones * DAY;
  const moved = (record: Rec): Rec => walk(record, '', (s) => s, (n) => (isTime(n) ? n - shiftBack : n)) as Rec;

  const out: Record<string, Rec[]> = Object.fromEntries(STORES.map((s) => [s, [] as Rec[]]));
  for (const store of STORES) for (const record of stored[store]!) out[store]!.push(moved(record));
  const models = new Map(out.models!.map((m) => [m.version as number, m]));
  let nextVersion = Math.max(...models.keys()) + 1;
  let champion = (stored.aliases!.find((a) => a.name === 'champion')?.version as number) ?? 0;
  let previousChampion = events.filter((e) => e.kind === 'model.promoted').map((e) => e.details.version as number).at(-2) ?? 0;
  let championSince = out.aliases!.find((a) => a.name === 'champion')?.since as number;
  const hex = (n: number): string => n.toString(16).padStart(8, '0');
  let madeRuns = 0;

  for (let k = 0; k < clones; k++) {
    const withRun = Math.floor(((k + 1) * runClones) / clones) > madeRuns;
    const pool = withRun ? (madeRuns % 3 === 0 ? promoted : rejected) : quiet;
    const source = pool[k % pool.length]!;
    const sourceRun = runOf(source.id);
    const offset = (k + 1) * DAY - shiftBack;
    const arrivedAt = (source.arrivedAt as number) + offset;
    const id = `${hex(k)}${source.id.slice(8)}`;
    const name = `day-${new Date(arrivedAt).toISOString().slice(0, 10)}.csv`;
    const runNumber = runs.length + madeRuns + 1;
    const runId = `run-${runNumber}`;
    const sourceVersion = sourceRun ? (stored.models!.find((m) => m.runId === sourceRun.id)?.version as number | undefined) : undefined;
    const newVersion = sourceVersion === undefined ? undefined : nextVersion++;
    const [sourceChampion, sourcePrevious] = championsAt(source.id).reverse();
    const versions = new Map<number, number>();
    if (sourceChampion !== undefined) versions.set(sourceChampion, champion);
    if (sourcePrevious !== undefined) versions.set(sourcePrevious, previousChampion);
    if (sourceVersion !== undefined) versions.set(sourceVersion, newVersion!);
    const text = (s: string): string => {
      let t = s === source.id ? id : s.split(source.name as string).join(name);
      if (sourceRun) t = t === sourceRun.id ? runId : t.replace(new RegExp(`\\bRun ${sourceRun.number}\\b`, 'g'), `Run ${runNumber}`);
      return t.replace(/\b([Vv]ersion |v)(\d+)\b/g, (whole, word: string, n: string) => (versions.has(Number(n)) ? `${word}${versions.get(Number(n))}` : whole));
    };
    const number = (n: number, key: string): number => (isTime(n) ? n + offset : (key === 'version' || key === 'previous') && versions.has(n) ? versions.get(n)! : n);
    const copy = (record: Rec): Rec => walk(record, '', text, number) as Rec;

    out.batches!.push({ ...copy(source), name });
    for (const store of ['batchQuality', 'columnChunks', 'columnDictionaries', 'driftReports', 'driftOverlays'] as const) {
      for (const record of stored[store]!) if (record.batchId === source.id) out[store]!.push(copy(record));
    }
    for (const event of segmentOf(source.id)) {
      // A new sequence number: the store gives one to a record without it.
      const clone: Partial<Rec> = copy(event);
      delete clone.seq;
      out.events!.push(clone as Rec);
    }
    if (sourceRun) {
      out.runs!.push({ ...copy(sourceRun), id: runId, number: runNumber });
      madeRuns++;
    }
    if (sourceVersion !== undefined && newVersion !== undefined) {
      const model = copy(stored.models!.find((m) => m.version === sourceVersion)!);
      const artifacts = stored.modelArtifacts!.find((a) => a.version === sourceVersion)!;
      out.modelArtifacts!.push({ ...artifacts, version: newVersion });
      if (sourceRun!.outcome === 'promoted') {
        const old = models.get(champion);
        if (old) old.stage = 'archived';
        model.stage = 'production';
        previousChampion = champion;
        champion = newVersion;
        championSince = (sourceRun!.endedAt as number) + offset;
      } else {
        model.stage = 'rejected';
      }
      models.set(newVersion, { ...model, version: newVersion, runId });
    }
  }
  out.models = [...models.values()];
  out.aliases = [{ name: 'champion', version: champion, since: championSince } as Partial<Rec> as Rec];

  const write = db.transaction([...STORES], 'readwrite');
  for (const store of STORES) {
    const objects = write.objectStore(store);
    if (store === 'aliases') objects.clear();
    // Events in time order, so that their sequence numbers follow time as the app's do.
    const records = store === 'events' ? out.events!.sort((a, b) => a.at - b.at) : out[store]!;
    for (const record of records) objects.put(record);
  }
  await done(write);
  db.close();
  const byTime = out.batches!.sort((a, b) => a.arrivedAt - b.arrivedAt);
  return {
    batches: out.batches!.length,
    runs: out.runs!.length,
    versions: out.models.length,
    events: out.events!.length,
    driftReports: out.driftReports!.length,
    newestBatch: byTime.at(-1)!.name as string,
    oldestBatch: byTime[0]!.name as string,
    newestRun: runs.length + madeRuns,
    champion,
  };
};
