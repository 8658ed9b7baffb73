import * as Comlink from 'comlink';
import weatherCsvUrl from 'demo-data/weather.csv?url';
import { demoBatches, DEMO_TARGET } from '../src/core/demo.ts';
import { RelearnDb } from '../src/storage/db.ts';
import type { ByteHasher } from '../src/core/csv/readCsv.ts';
import { deleteBatch, type BatchDeletion } from '../src/app/workspace/deletion.ts';
import { changeWorkspace, finishInterruptedSchemaChange, type WorkspaceChange } from '../src/app/workspace/schemaChanges.ts';
import { ingestFiles, type IngestReport } from '../src/app/ingest/ingestFiles.ts';
import type { IngestProgress } from '../src/app/ingest/ingest.ts';
import type { HashApi } from './hash.worker.ts';

const db = new RelearnDb();
const running = new Map<string, AbortController>();
// Every call waits for this, so no batch is stored or changed while an interrupted change is finished.
const ready = finishInterruptedSchemaChange(db);
let hashWorker: Comlink.Remote<HashApi> | null = null;

/** A ByteHasher whose work runs in a nested worker; each slice is copied over so parsing keeps its own. */
async function parallelSha256(): Promise<ByteHasher> {
  hashWorker ??= Comlink.wrap<HashApi>(new Worker(new URL('./hash.worker.ts', import.meta.url), { type: 'module', name: 'hash' }));
  const remote = hashWorker;
  await remote.start();
  return {
    update: (bytes) => {
      const copy = bytes.slice();
      void remote.update(Comlink.transfer(copy, [copy.buffer]));
    },
    digestHex: () => remote.digestHex(),
  };
}

const api = {
  /** Ingests files one after another; `jobId` lets cancel() stop this call. */
  async ingest(jobId: string, files: File[], onProgress: (file: number, progress: IngestProgress) => void): Promise<IngestReport[]> {
    const controller = new AbortController();
    running.set(jobId, controller);
    await ready;
    try {
      return await ingestFiles(db, files, controller.signal, onProgress, parallelSha256);
    } finally {
      running.delete(jobId);
    }
  },

  cancel(jobId: string): void {
    running.get(jobId)?.abort();
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
  async loadDemo(jobId: string, onProgress: (file: number, progress: IngestProgress) => void): Promise<IngestReport[]> {
    const text = await (await fetch(weatherCsvUrl)).text();
    const files = demoBatches(text).map((b) => new File([b.csv], b.name, { type: 'text/csv' }));
    await api.changeWorkspace({ target: DEMO_TARGET });
    return api.ingest(jobId, files, onProgress);
  },
};

export type IngestApi = typeof api;
Comlink.expose(api);
