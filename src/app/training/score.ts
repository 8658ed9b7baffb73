import { assertBatchFormat } from '../../core/batch.ts';
import { rowsTrainedOn } from '../../core/compare/unseenRows.ts';
import type { HeadlineMetrics } from '../../core/training/modelCard.ts';
import { predictionsCsvParts } from '../../core/training/predictions.ts';
import { targetLabels } from '../../core/training/labels.ts';
import { buildTable } from '../../core/training/table.ts';
import { hasTargetColumn } from '../../core/training/trainable.ts';
import { TrainingInputError } from '../../core/training/task.ts';
import { calibrationOfModelJson, modelFiles, parseModelFiles } from '../../ml/artifacts.ts';
import { predictTable, scoreOutputs } from '../../ml/evaluate.ts';
import { latencyPer1000, loadScorer } from '../../ml/scorer.ts';
import { checkColumns, predictStoredRows } from './storedRows.ts';
import { getBatch, loadColumns } from '../../storage/queries/batches.ts';
import type { BatchRows, ModelRecord, RelearnDb } from '../../storage/db.ts';
import { getArtifacts, getModel } from '../../storage/queries/models.ts';
import { registerModel } from '../../storage/commands/models.ts';

export interface ScoredBatch {
  fileName: string;
  rows: number;
  /** Predictions CSV: the batch's columns, `prediction`, and `probability_<class>` per class. */
  csvParts: string[];
  /** Metrics when the batch has the target column with values; null otherwise. */
  metrics: HeadlineMetrics | null;
  labelledRows: number;
  /** Of the labelled rows, those the version trained on (its metrics on them are flattered); null: unknown (no training batches recorded). */
  trainedOnRows: number | null;
}

/** Scores a stored batch with a version: predictions for every row, metrics where the target is known. */
export async function scoreBatch(db: RelearnDb, version: number, batchId: string): Promise<ScoredBatch> {
  const meta = await getBatch(db, batchId);
  if (!meta) throw new TrainingInputError('that batch is no longer stored');
  const record = await getModel(db, version);
  const artifacts = await getArtifacts(db, version);
  const columns = await loadColumns(db, meta);
  const card = record.card;
  const names = card.preprocessing.features.map((f) => f.name);
  const missing = names.filter((n) => !columns.some((c) => c.name === n));
  if (missing.length > 0) throw new TrainingInputError(`batch "${meta.name}" lacks ${missing.map((n) => `"${n}"`).join(', ')}, which version ${version} needs`);
  const hasTarget = hasTargetColumn(meta, card.target);
  const table = buildTable([{ id: meta.id, name: meta.name, columns }], hasTarget ? [...names, card.target] : names);
  const model = await loadScorer(artifacts);
  try {
    const { outputs } = await predictTable(model, card, table);
    let metrics: HeadlineMetrics | null = null;
    let labelledRows = 0;
    let trainedOnRows: number | null = 0;
    if (hasTarget) {
      const target = table.columns.get(card.target)!;
      const { labels } = targetLabels(card, target, table.rows);
      const rows = Array.from(labels.keys()).filter((i) => labels[i] === labels[i]);
      labelledRows = rows.length;
      trainedOnRows = rowsTrainedOn([{ batchId: meta.id, rows: Uint32Array.from(rows) }], record);
      if (rows.length > 0) {
        const k = card.task === 'multiclass' ? card.classes!.length : 1;
        const picked = new Float32Array(rows.length * k);
        rows.forEach((row, i) => picked.set(outputs.subarray(row * k, row * k + k), i * k));
        metrics = scoreOutputs(card, picked, Float64Array.from(rows, (r) => labels[r]!)).metrics;
      }
    }
    return { fileName: `${meta.name.replace(/\.(csv|tsv|txt)$/i, '')}-predictions-v${version}.csv`, rows: table.rows, csvParts: predictionsCsvParts(columns, card, outputs), metrics, labelledRows, trainedOnRows };
  } finally {
    model.dispose();
  }
}

/** The files of a version (tfjs's for a network, Relearn's tree format for an ensemble), for download. */
export async function exportModel(db: RelearnDb, version: number): Promise<{ modelJson: string; weights: ArrayBuffer }> {
  const record = await getModel(db, version);
  return modelFiles(await getArtifacts(db, version), record.calibration);
}

/** Registers a downloaded model.json + weights.bin as a new version; the files are checked before anything is stored. */
export async function importModel(db: RelearnDb, modelJson: string, weights: ArrayBuffer, fileName: string): Promise<ModelRecord> {
  const artifacts = parseModelFiles(modelJson, weights);
  const calibration = calibrationOfModelJson(modelJson);
  const model = await loadScorer(artifacts);
  let latencyMs: number;
  try {
    latencyMs = await latencyPer1000(model);
  } finally {
    model.dispose();
  }
  return registerModel(
    db,
    {
      source: 'imported',
      card: artifacts.card,
      metrics: null,
      perClass: null,
      warnings: [],
      // The calibration the exporting workspace made on the version's validation rows, where the file carries one.
      ...(calibration ? { calibration } : {}),
      plots: {},
      lineage: { batches: [], holdout: [] },
      training: null,
      latencyMs,
      sizeBytes: weights.byteLength + JSON.stringify(artifacts.modelTopology).length,
      artifacts,
    },
    (version) => `Version ${version} imported from "${fileName}": ${artifacts.card.task} on "${artifacts.card.target}"`,
  );
}

/**
 * Metrics of a version on given rows of stored batches (the gate scores champion and challenger on the
 * challenger's holdout rows this way). Rows whose target is missing or a class the version never saw
 * are left out; null when none is left.
 */
export interface ScoredRows {
  metrics: HeadlineMetrics | null;
  /** Rows that were scored (target known and a class the version knows). */
  rows: number;
  /** The version's output for every given row, in order (probabilities or values). */
  outputs: Float32Array;
  /** Per given row: class index or value; NaN where it was left out. */
  labels: Float64Array;
}

export async function scoreVersionOnRows(db: RelearnDb, version: number, rows: BatchRows[]): Promise<ScoredRows> {
  const scorer = await versionScorer(db, version);
  try {
    return await scorer.score(rows);
  } finally {
    scorer.dispose();
  }
}

/** A version loaded once, to score several sets of rows (one per batch, say); dispose() frees the model. */
export interface VersionScorer {
  score(rows: BatchRows[]): Promise<ScoredRows>;
  dispose(): void;
}

export async function versionScorer(db: RelearnDb, version: number): Promise<VersionScorer> {
  const record = await getModel(db, version);
  const card = record.card;
  const names = [...card.preprocessing.features.map((f) => f.name), card.target];
  const model = await loadScorer(await getArtifacts(db, version));
  const score = async (rows: BatchRows[]): Promise<ScoredRows> => {
    const parts = [];
    for (const part of rows) {
      // The batch's summary: scoring reads its columns, never its quality report.
      const meta = await db.batches.get(part.batchId);
      if (!meta) throw new TrainingInputError(`batch ${part.batchId.slice(0, 12)}… of the holdout is no longer stored`);
      assertBatchFormat(meta);
      checkColumns(meta, names);
      parts.push({ meta, rows: part.rows });
    }
    const { outputs, labels: given } = await predictStoredRows(db, model, card, parts);
    const keep = Array.from(given.keys()).filter((i) => given[i] === given[i]);
    if (keep.length === 0) return { metrics: null, rows: 0, outputs, labels: given };
    const k = card.task === 'multiclass' ? card.classes!.length : 1;
    const kept = new Float32Array(keep.length * k);
    keep.forEach((i, j) => kept.set(outputs.subarray(i * k, i * k + k), j * k));
    return { metrics: scoreOutputs(card, kept, Float64Array.from(keep, (i) => given[i]!)).metrics, rows: keep.length, outputs, labels: given };
  };
  return { score, dispose: () => model.dispose() };
}
