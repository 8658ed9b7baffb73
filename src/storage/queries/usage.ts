import type { BatchMeta } from '../../core/batch.ts';
import { chunkBytes } from '../chunkRecords.ts';
import type { ModelStage, RelearnDb } from '../db.ts';
import { listBatches } from './batches.ts';
import { readWorkspace } from './workspace.ts';

const utf8 = new TextEncoder();

/**
 * Bytes of a stored value's payload: typed arrays and buffers by their byteLength, strings as UTF-8,
 * numbers as 8, plus object keys. IndexedDB adds its own overhead, so the browser's estimate is larger.
 */
export function storedBytes(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return value.byteLength;
  if (value instanceof Blob) return value.size;
  switch (typeof value) {
    case 'string':
      return utf8.encode(value).length;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'object':
      if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + storedBytes(item), 0);
      return Object.entries(value).reduce((sum, [key, item]) => sum + utf8.encode(key).length + storedBytes(item), 0);
    default:
      return 0;
  }
}

/** What one batch takes: its column data and everything computed from it. */
export interface BatchUsage {
  id: string;
  name: string;
  arrivedAt: number;
  rows: number;
  columns: number;
  isReference: boolean;
  /** The column chunks' typed arrays (Float64 numeric, Int32 category codes). */
  columnBytes: number;
  /** Category names of its categorical columns. */
  dictionaryBytes: number;
  /** Its drift profiles, stored while it is (or was) the reference. */
  profileBytes: number;
  /** Its drift report against the reference. */
  driftBytes: number;
  /** The versions' scores on it kept for the champion chart. */
  scoreBytes: number;
  totalBytes: number;
  /** Model versions whose lineage names this batch, newest first. */
  usedBy: number[];
}

export interface VersionUsage {
  version: number;
  createdAt: number;
  stage: ModelStage;
  aliases: ('champion' | 'challenger')[];
  /** Weights (weightData) plus topology, weight specs and model card. */
  artifactBytes: number;
  /** The version's record: metrics, plots, lineage with its holdout row indices. */
  recordBytes: number;
  totalBytes: number;
  batches: number;
}

export interface WorkspaceUsage {
  batches: BatchUsage[];
  versions: VersionUsage[];
  runs: number;
  events: number;
  /** Sum of the batches' and versions' bytes. */
  totalBytes: number;
}

async function batchUsage(db: RelearnDb, meta: BatchMeta, referenceId: string | null, usedBy: number[]): Promise<BatchUsage> {
  let columnBytes = 0;
  // One chunk at a time: a large batch is never held in memory whole to be measured.
  await db.columnChunks.where('batchId').equals(meta.id).each((chunk) => {
    columnBytes += chunkBytes(chunk);
  });
  const dictionaries = await db.columnDictionaries.where('batchId').equals(meta.id).toArray();
  const dictionaryBytes = dictionaries.reduce((sum, d) => sum + storedBytes(d.dictionary), 0);
  const profiles = await db.referenceProfiles.where('batchId').equals(meta.id).toArray();
  const profileBytes = profiles.reduce((sum, p) => sum + storedBytes(p.profile), 0);
  const drift = await db.driftReports.get(meta.id);
  const driftBytes = drift ? storedBytes(drift) : 0;
  const scores = await db.batchScores.where('batchId').equals(meta.id).toArray();
  const scoreBytes = storedBytes(scores);
  return {
    id: meta.id,
    name: meta.name,
    arrivedAt: meta.arrivedAt,
    rows: meta.rows,
    columns: meta.columns.length,
    isReference: meta.id === referenceId,
    columnBytes,
    dictionaryBytes,
    profileBytes,
    driftBytes,
    scoreBytes,
    totalBytes: columnBytes + dictionaryBytes + profileBytes + driftBytes + scoreBytes,
    usedBy,
  };
}

/** What the workspace holds, batch by batch and version by version, measured from the stored records. */
export async function workspaceUsage(db: RelearnDb): Promise<WorkspaceUsage> {
  const [metas, workspace, models, aliases, runs, events] = await Promise.all([
    listBatches(db),
    readWorkspace(db),
    db.models.orderBy('version').reverse().toArray(),
    db.aliases.toArray(),
    db.runs.count(),
    db.events.count(),
  ]);
  const batches: BatchUsage[] = [];
  for (const meta of metas) {
    const usedBy = models.filter((m) => m.lineage.batches.some((b) => b.id === meta.id)).map((m) => m.version);
    batches.push(await batchUsage(db, meta, workspace.referenceBatchId, usedBy));
  }
  const versions: VersionUsage[] = [];
  for (const model of models) {
    const artifacts = await db.modelArtifacts.get(model.version);
    const artifactBytes = artifacts ? storedBytes(artifacts) : 0;
    const recordBytes = storedBytes(model);
    versions.push({
      version: model.version,
      createdAt: model.createdAt,
      stage: model.stage,
      aliases: aliases.filter((a) => a.version === model.version).map((a) => a.name),
      artifactBytes,
      recordBytes,
      totalBytes: artifactBytes + recordBytes,
      batches: model.lineage.batches.length,
    });
  }
  const totalBytes = batches.reduce((s, b) => s + b.totalBytes, 0) + versions.reduce((s, v) => s + v.totalBytes, 0);
  return { batches, versions, runs, events, totalBytes };
}
