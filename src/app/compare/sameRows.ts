import { rowsTrainedOn, rowsUnseenBy } from '../../core/compare/unseenRows.ts';
import { metricValue, type MetricKey } from '../../core/metrics/metricKey.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import type { BatchMeta } from '../../core/batch.ts';
import type { ModelRecord, RelearnDb } from '../../storage/db.ts';
import { getBatch } from '../../storage/queries/batches.ts';
import { listModels } from '../../storage/queries/models.ts';
import { scoreVersionOnRows } from '../training/score.ts';

/** The rows every version is scored on: the holdout of the newest version that has one, less rows any version trained here trained on. */
export interface SameRowsBasis {
  /** The version whose holdout rows these are (the newest trained one: the rows the gate scores a challenger on). */
  version: number;
  /** The pipeline run that trained it; null when it was trained by hand. */
  runNumber: number | null;
  /** Rows of its holdout. */
  holdoutRows: number;
  /** Holdout rows left out because a version trained here trained on them. */
  leftOut: number;
  /** Labelled rows every version was scored on. */
  rows: number;
  metric: MetricKey;
}

export interface SameRowsScore {
  version: number;
  /** The primary metric on the basis rows; null when the version was not scored there (see ownHoldoutBecause). */
  value: number | null;
  /** Why this version's only figure is on its own holdout; null when it was scored on the basis rows. */
  ownHoldoutBecause: string | null;
  /** Of the shared rows, how many it trained on (an imported version: its figure is flattered); null: unknown, it records no training batches. */
  trainedOnRows: number | null;
}

export interface SameRows {
  /** Null when no rows are shared (see reason): then every figure is on the version's own holdout. */
  basis: SameRowsBasis | null;
  reason: string | null;
  /** One per version, newest first. */
  scores: SameRowsScore[];
}

export interface SameRowsProgress {
  done: number;
  of: number;
  /** The version being scored now; null once every version is done. */
  version: number | null;
}

const samePrediction = (a: ModelRecord, b: ModelRecord): boolean => a.card.task === b.card.task && a.card.target === b.card.target && JSON.stringify(a.card.classes) === JSON.stringify(b.card.classes);

const ownHoldout = (models: ModelRecord[], reason: string): SameRows => ({ basis: null, reason, scores: models.map((m) => ({ version: m.version, value: null, ownHoldoutBecause: reason, trainedOnRows: 0 })) });

/** Why a version cannot be scored on the basis batches (a feature column one of them lacks), or null. */
function lacking(model: ModelRecord, batches: BatchMeta[]): string | null {
  for (const batch of batches) {
    const names = new Set(batch.columns.map((c) => c.name));
    const missing = model.card.preprocessing.features.map((f) => f.name).filter((n) => !names.has(n));
    if (missing.length > 0) return `batch "${batch.name}" lacks ${missing.map((n) => `"${n}"`).join(', ')}, which version ${model.version} needs`;
  }
  return null;
}

/**
 * Every version scored on the same current evaluation rows, so the versions table compares like with like:
 * the holdout rows of the newest trained version (the rows the gate scores a challenger on), less those any
 * scored version trained here trained on; an imported version is scored on them with the rows it trained on
 * counted. A version that predicts something else, or needs a column those batches lack, keeps its
 * own-holdout figure and says why; with no shared rows left, every version does.
 */
export async function scoreOnSameRows(db: RelearnDb, onProgress?: (progress: SameRowsProgress) => void): Promise<SameRows> {
  const models = await listModels(db);
  const base = models.find((m) => m.source === 'trained' && m.lineage.holdout.length > 0);
  if (!base) return ownHoldout(models, 'no version has holdout rows (imported versions have none)');
  const batches: BatchMeta[] = [];
  for (const part of base.lineage.holdout) {
    const meta = await getBatch(db, part.batchId);
    if (!meta) return ownHoldout(models, `a batch of version ${base.version}’s holdout is no longer stored`);
    batches.push(meta);
  }
  const why = new Map<number, string>();
  for (const m of models) {
    if (!samePrediction(m, base)) why.set(m.version, `it predicts ${m.card.task} of "${m.card.target}", not what version ${base.version} predicts`);
    else {
      const lack = lacking(m, batches);
      if (lack) why.set(m.version, lack);
    }
  }
  const scored = models.filter((m) => !why.has(m.version));
  // Versions trained here narrow the rows to those none of them saw. An imported one's held-out rows are
  // not recorded: it cannot narrow them, so it is scored on them with how many it trained on said.
  const unseen = rowsUnseenBy(base.lineage.holdout, scored.filter((m) => m.lineage.batches.length > 0).map((m) => m.lineage));
  if (unseen.rows.length === 0) return ownHoldout(models, `every holdout row of version ${base.version} was in the training data of a listed version`);
  const metric = primaryMetric(base.card.task).key;
  const values = new Map<number, number | null>();
  let rows = 0;
  for (const [i, m] of scored.entries()) {
    onProgress?.({ done: i, of: scored.length, version: m.version });
    const result = await scoreVersionOnRows(db, m.version, unseen.rows);
    values.set(m.version, metricValue(result.metrics, metric));
    rows = result.rows;
  }
  onProgress?.({ done: scored.length, of: scored.length, version: null });
  const run = base.runId ? await db.runs.get(base.runId) : undefined;
  const holdoutRows = base.lineage.holdout.reduce((n, part) => n + part.rows.length, 0);
  return {
    basis: { version: base.version, runNumber: run?.number ?? null, holdoutRows, leftOut: unseen.dropped, rows, metric },
    reason: null,
    scores: models.map((m) => ({
      version: m.version,
      value: values.get(m.version) ?? null,
      ownHoldoutBecause: why.get(m.version) ?? null,
      trainedOnRows: why.has(m.version) ? 0 : rowsTrainedOn(unseen.rows, m),
    })),
  };
}
