import * as Comlink from 'comlink';
import weatherCsvUrl from 'demo-data/weather.csv?url';
import { demoBatches, DEMO_TARGET } from '../src/core/demo.ts';
import { RelearnDb } from '../src/storage/db.ts';
import type { ByteHasher } from '../src/core/csv/readCsv.ts';
import { deleteBatch, type BatchDeletion } from '../src/app/workspace/deletion.ts';
import { changeWorkspace, finishInterruptedSchemaChange, type WorkspaceChange } from '../src/app/workspace/schemaChanges.ts';
import { ingestFiles, type IngestReport } from '../src/app/ingest/ingestFiles.ts';
import type { IngestProgress } from '../src/app/ingest/ingest.ts';
import { workerBridge } from '../src/bridge/workerBridge.ts';
import { abortSignalOf } from './abortPort.ts';
import type { HashApi } from './hash.worker.ts';

const db = new RelearnDb();
// Every call waits for this, so no batch is stored or changed while an interrupted change is finished.
const ready = finishInterruptedSchemaChange(db);
// The hash worker keeps a file's digest between calls, so it is never ended for idleness: it ends with this one.
const hashing = workerBridge<HashApi>({ start: () => new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'hash' }), idleMs: null });

/** A ByteHasher whose work runs in a nested worker; each slice is copied over so parsing keeps its own. */
async function parallelSha256(): Promise<ByteHasher> {
  await hashing.call((api) => api.start());
  return {
    update: (bytes) => {
      const copy = bytes.slice();
      void hashing.call((api) => api.update(Comlink.transfer(copy, [copy.buffer])));
    },
    digestHex: () => hashing.call((api) => api.digestHex()),
  };
}

async function ingest(files: File[], onProgress: (file: number, progress: IngestProgress) => void, signal: AbortSignal): Promise<IngestReport[]> {
  await ready;
  return ingestFiles(db, files, signal, onProgress, parallelSha256);
}

const api = {
  /** Ingests files one after another; a message on `abort` (the page's Cancel) stops it. */
  ingest(files: File[], onProgress: (file: number, progress: IngestProgress) => void, abort: MessagePort): Promise<IngestReport[]> {
    return ingest(files, onProgress, abortSignalOf(abort));
  },

  async changeWorkspace(change: WorkspaceChange): Promise<void> {
    await ready;
    await changeWorkspace(db, change);
  },

  /** Deletes a batch (the Storage section); here, so it waits for any schema change and re-validates against a new reference. */
  async deleteBatch(batchId: string, confirmed: { versions: number[]; reference: boolean }): Promise<BatchDeletion> {
    await ready;
    return deleteBatch(db, batchId, confirmed);
  },

  /** The demo scenario: target set, then the yearly weather batches in arrival order. */
  async loadDemo(onProgress: (file: number, progress: IngestProgress) => void, abort: MessagePort): Promise<IngestReport[]> {
    const signal = abortSignalOf(abort);
    const text = await (await fetch(weatherCsvUrl)).text();
    const files = demoBatches(text).map((b) => new File([b.csv], b.name, { type: 'text/csv' }));
    await api.changeWorkspace({ target: DEMO_TARGET });
    return ingest(files, onProgress, signal);
  },
};

export type IngestApi = typeof api;
Comlink.expose(api);
