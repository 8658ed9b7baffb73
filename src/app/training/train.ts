import * as tf from '@tensorflow/tfjs';
import type { BatchMeta } from '../../core/batch.ts';
import { defaultFeatures } from '../../core/columnChoices.ts';
import { probeAt } from '../../core/training/backendProbe.ts';
import { FAMILY_NAMES, isTreeFamily, type HyperParameters, type TrainConfig } from '../../core/training/config.ts';
import { buildTable, type Table } from '../../core/training/table.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import { namedClasses } from '../../core/training/warnings.ts';
import { probeBackends } from '../../ml/backends.ts';
import { TREE_BACKEND, trainModel, type TrainProgress } from '../../ml/trainModel.ts';
import { getBatch, loadColumns } from '../../storage/queries/batches.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import type { BatchRows, ModelRecord, RelearnDb } from '../../storage/db.ts';
import { primaryMetricText, readBackendChoice, storedProbes } from '../../storage/queries/models.ts';
import { registerModel, saveBackendProbe } from '../../storage/commands/models.ts';
import { chunkedTable, streamsTraining, type Reader } from './chunkedTable.ts';

export interface TrainJob {
  batchIds: string[];
  config: TrainConfig;
}

/**
 * The backend training uses: the user's override, else the stored probe's choice, else a new probe (stored).
 * With a batch size, the probe is the one measured at that batch size (which backend wins depends on it:
 * a second thread pays only on large batches), measured now if there is none; without one (scoring), the
 * newest probe.
 */
export async function chooseBackend(db: RelearnDb, batchSize?: number): Promise<{ backend: string; reason: string }> {
  const choice = await readBackendChoice(db);
  const available = (name: string): boolean => tf.findBackendFactory(name) !== null;
  if (choice.override && available(choice.override) && (await tf.setBackend(choice.override))) return { backend: choice.override, reason: 'chosen by hand' };
  const stored = batchSize === undefined ? choice.probe : probeAt(storedProbes(choice), batchSize);
  if (stored && available(stored.chosen) && (await tf.setBackend(stored.chosen))) return { backend: stored.chosen, reason: stored.reason };
  const probe = await probeBackends(undefined, batchSize);
  await saveBackendProbe(db, probe);
  return { backend: probe.chosen, reason: probe.reason };
}

/** Where a family trains: the tree families in plain JavaScript (no probe, no backend switch), the others on chooseBackend's at the batch size. */
export async function trainingBackend(db: RelearnDb, params: Pick<HyperParameters, 'family' | 'batchSize'>): Promise<{ backend: string; reason: string }> {
  if (isTreeFamily(params.family)) return { backend: TREE_BACKEND, reason: 'gradient boosting and random forests are fitted in plain JavaScript (typed arrays), not on a TensorFlow.js backend' };
  return chooseBackend(db, params.batchSize);
}

/**
 * The default features of a training on these batches (TrainConfig.features null): every column of the
 * first batch but the target, less the datetime and id-like ones, with the workspace's feature choices on
 * top. Whether a column is id-like is judged on the reference batch, as for drift; a column the reference
 * lacks is judged on the first batch.
 */
export async function defaultFeatureColumns(db: RelearnDb, metas: BatchMeta[], target: string): Promise<string[]> {
  const workspace = await readWorkspace(db);
  const reference = workspace.referenceBatchId ? await getBatch(db, workspace.referenceBatchId) : undefined;
  const judged = new Map((reference?.quality ?? []).map((q) => [q.name, q]));
  const facts = metas[0]!.quality.map((q) => judged.get(q.name) ?? q);
  return defaultFeatures(facts, target, workspace.schema.features);
}

/** The chosen batches in arrival order, and the features every one of them has (the config's, or the defaults). */
async function trainingColumns(db: RelearnDb, batchIds: string[], config: TrainConfig): Promise<{ metas: BatchMeta[]; features: string[] }> {
  if (batchIds.length === 0) throw new TrainingInputError('choose at least one batch to train on');
  const metas: BatchMeta[] = [];
  for (const id of batchIds) {
    const meta = await getBatch(db, id);
    if (!meta) throw new TrainingInputError(`batch ${id.slice(0, 12)}… is no longer stored`);
    metas.push(meta);
  }
  metas.sort((a, b) => a.arrivedAt - b.arrivedAt);
  const shared = metas.map((m) => new Set(m.columns.map((c) => c.name)));
  const withoutTarget = metas.find((m) => !hasTargetColumn(m, config.target));
  if (withoutTarget) throw new TrainingInputError(`batch "${withoutTarget.name}" has no column "${config.target}" to use as the target`);
  const features = config.features ?? (await defaultFeatureColumns(db, metas, config.target)).filter((n) => shared.every((s) => s.has(n)));
  return { metas, features };
}

async function loadedTable(db: RelearnDb, metas: BatchMeta[], names: string[]): Promise<Table> {
  const batches = await Promise.all(metas.map(async (meta) => ({ id: meta.id, name: meta.name, columns: await loadColumns(db, meta) })));
  return buildTable(batches, names);
}

/** The chosen batches in arrival order, as one table of the target and the features every batch has. */
export async function trainingTable(db: RelearnDb, batchIds: string[], config: TrainConfig): Promise<{ table: Table; metas: BatchMeta[] }> {
  const { metas, features } = await trainingColumns(db, batchIds, config);
  return { table: await loadedTable(db, metas, [config.target, ...features]), metas };
}

/** Table rows back to (batch, row in batch): what the gate needs to score later versions on the same rows. */
function rowsByBatch(table: Pick<Table, 'batches'>, rows: Uint32Array): BatchRows[] {
  return table.batches
    .map((span) => ({ batchId: span.id, rows: Uint32Array.from(rows.filter((r) => r >= span.start && r < span.start + span.rows), (r) => r - span.start) }))
    .filter((b) => b.rows.length > 0);
}

export interface TrainOptions {
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  runId?: string;
  /** Above this many values (rows × columns) the batches are read in chunks: STREAM_VALUES unless given. */
  streamValues?: number;
  /** Makes a streamed epoch's reads elsewhere (reader workers: readerPool.ts); else on this thread. */
  reader?: Reader;
}

/**
 * Trains on the chosen batches and registers the result as the next version (record, artifacts and
 * event in one transaction). Cancelled or failed training registers nothing.
 */
export async function trainAndRegister(db: RelearnDb, job: TrainJob, options: TrainOptions = {}): Promise<ModelRecord> {
  const { metas, features } = await trainingColumns(db, job.batchIds, job.config);
  // Batches too large to hold whole are read from storage in chunks as training goes (chunkedTable.ts).
  const table = streamsTraining(metas, features.length + 1, options.streamValues) ? await chunkedTable(db, metas, options.reader) : await loadedTable(db, metas, [job.config.target, ...features]);
  const trained = await trainModel({ table, config: { ...job.config, features }, signal: options.signal, onProgress: options.onProgress });
  const { perClass, warnings } = trained.evaluation.task === 'regression' ? { perClass: null, warnings: trained.evaluation.warnings } : trained.evaluation;
  const named = warnings.map((w) => namedClasses(w, trained.card.classes));
  return registerModel(
    db,
    {
      source: 'trained',
      runId: options.runId ?? null,
      card: trained.card,
      metrics: trained.evaluation.metrics,
      perClass,
      warnings: named,
      imbalance: trained.imbalance,
      importance: trained.importance,
      calibration: trained.calibration,
      plots: trained.plots,
      lineage: { batches: metas.map((m) => ({ id: m.id, name: m.name, rows: m.rows })), holdout: rowsByBatch(table, trained.holdoutRows) },
      training: {
        counts: trained.counts,
        targetReason: trained.targetReason,
        history: trained.history,
        bestEpoch: trained.bestEpoch,
        stopReason: trained.stopReason,
        trials: trained.trials,
        backend: trained.backend,
        trainMs: trained.trainMs,
        samplesPerSecond: trained.samplesPerSecond,
      },
      latencyMs: trained.latencyMs,
      sizeBytes: trained.sizeBytes,
      artifacts: trained.artifacts,
    },
    (version) => {
      const metric = primaryMetricText({ card: trained.card, metrics: trained.evaluation.metrics });
      return `Version ${version} trained: ${FAMILY_NAMES[trained.card.params.family]} ${trained.card.task} on "${trained.card.target}" from ${metas.length} batch${metas.length === 1 ? '' : 'es'}${metric ? `, holdout ${metric}` : ''}`;
    },
  );
}
