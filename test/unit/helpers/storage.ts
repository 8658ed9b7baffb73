import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach } from 'vitest';
import type { BatchMeta } from '../../../src/core/batch.ts';
import { chunkOfColumn } from '../../../src/storage/chunkRecords.ts';
import { RelearnDb, type ColumnChunkRecord, type ReferenceProfileRecord } from '../../../src/storage/db.ts';
import { profileOf } from '../../../src/storage/profileRecords.ts';
import { ingestBatch, type IngestOptions, type IngestOutcome } from '../../../src/app/ingest/ingest.ts';
import { chunked, utf8 } from './csv.ts';

let opened = 0;
let clock = 1_700_000_000_000;

/** A database on its own in-memory IndexedDB; `factory` is passed to reopen the same one. */
export function freshDb(factory = new IDBFactory(), name = `relearn-test-${++opened}`): { db: RelearnDb; factory: IDBFactory; name: string } {
  return { db: new RelearnDb(name, { indexedDB: factory, IDBKeyRange }), factory, name };
}

/** A fresh database per call, each closed after the test that opened it. Call once, at a test file's top level. */
export function dbPerTest(): () => RelearnDb {
  const open: RelearnDb[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });
  return () => {
    const { db } = freshDb();
    open.push(db);
    return db;
  };
}

/**
 * Every record of every table, for "nothing changed" comparisons; column chunks and profiles with their numbers
 * as arrays (two Blobs compare equal whatever they hold), as a workspace file holds them.
 */
export async function snapshot(db: RelearnDb): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  out.columnChunks = await Promise.all((out.columnChunks as ColumnChunkRecord[]).map(chunkOfColumn));
  out.referenceProfiles = await Promise.all((out.referenceProfiles as ReferenceProfileRecord[]).map(async (r) => ({ ...r, profile: await profileOf(r) })));
  return out;
}

export async function counts(db: RelearnDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of db.tables) out[table.name] = await table.count();
  return out;
}

/** Ingests CSV text (or bytes) as a file of that name. */
export function ingestText(db: RelearnDb, name: string, csv: string | Uint8Array, options: IngestOptions = {}): Promise<IngestOutcome> {
  const bytes = typeof csv === 'string' ? utf8(csv) : csv;
  return ingestBatch(db, chunked(bytes, 256), { name, size: bytes.length }, { now: () => (clock += 1000), ...options });
}

export async function stored(db: RelearnDb, name: string, csv: string | Uint8Array, options: IngestOptions = {}): Promise<BatchMeta> {
  const outcome = await ingestText(db, name, csv, options);
  if (outcome.status !== 'stored') throw new Error(`${name} was not stored: ${outcome.status}`);
  return outcome.batch;
}

/** A small batch: x numeric, c categorical, label 0/1; `shift` moves x and the label balance. */
export function batchCsv(rows: number, { shift = 0, ones = 0.5, extra = '' } = {}): string {
  const lines = ['x,c,label'];
  for (let i = 0; i < rows; i++) lines.push(`${(i * 1.5 + shift).toFixed(2)},${'abc'[i % 3]}${extra},${i < rows * ones ? 1 : 0}`);
  return lines.join('\n') + '\n';
}
