import type { ModelArtifactsRecord } from '../core/training/modelCard.ts';
import { metricValue, type MetricKey } from '../core/metrics/metricKey.ts';
import { primaryMetric } from '../core/training/modelCard.ts';
import type { BackendProbe } from '../core/training/backendProbe.ts';
import { MODEL_RECORD_VERSION, type DeviceRecord, type ModelRecord, type RelearnDb } from './db.ts';
import { withQuotaMessage } from './quota.ts';

export type NewModel = Omit<ModelRecord, 'formatVersion' | 'version' | 'createdAt' | 'stage' | 'runId' | 'tags' | 'description'> &
  Partial<Pick<ModelRecord, 'stage' | 'runId' | 'tags' | 'description'>> & { artifacts: ModelArtifactsRecord };

const METRIC_LABELS: Partial<Record<MetricKey, string>> = { rocAuc: 'ROC AUC', f1Macro: 'F1 (macro)', rmse: 'RMSE' };

/** "ROC AUC 0.912" for the task's primary metric, or "" when there are no metrics. */
export function primaryMetricText(model: Pick<ModelRecord, 'card' | 'metrics'>): string {
  const { key } = primaryMetric(model.card.task);
  const value = metricValue(model.metrics, key);
  return value === null ? '' : `${METRIC_LABELS[key] ?? key} ${value.toPrecision(3)}`;
}

/** A stored model record in a format this build does not read: written by a newer Relearn, or damaged. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

function formatProblem(record: { formatVersion?: number; version?: number }): string {
  const stored = record.formatVersion;
  const which = `model version ${record.version ?? '?'}`;
  if (typeof stored === 'number' && stored > MODEL_RECORD_VERSION) {
    return `${which} is stored in model format ${stored}, written by a newer Relearn; this one reads model format ${MODEL_RECORD_VERSION}. Open the workspace with that newer Relearn (nothing was changed)`;
  }
  return `${which} has model format ${stored ?? 'none'}, which no Relearn writes; this one reads model format ${MODEL_RECORD_VERSION}`;
}

export function assertModelFormat(record: { formatVersion?: number; version?: number }): void {
  if (record.formatVersion !== MODEL_RECORD_VERSION) throw new ModelFormatError(formatProblem(record));
}

/**
 * Registers a model: the next version number, its record, its artifacts and its event in one
 * transaction, so a closed tab or a full disk leaves no half-registered version.
 */
export async function registerModel(db: RelearnDb, model: NewModel, summary: (version: number) => string): Promise<ModelRecord> {
  const { artifacts, ...rest } = model;
  const what = model.source === 'trained' ? 'the trained model' : 'the imported model';
  return withQuotaMessage(what, () =>
    db.transaction('rw', db.models, db.modelArtifacts, db.events, async () => {
      const last = await db.models.orderBy('version').last();
      const version = (last?.version ?? 0) + 1;
      const record: ModelRecord = { formatVersion: MODEL_RECORD_VERSION, version, createdAt: Date.now(), stage: 'candidate', runId: null, tags: [], description: '', ...rest };
      await db.models.add(record);
      await db.modelArtifacts.add({ version, ...artifacts });
      await db.events.add({
        at: record.createdAt,
        kind: model.source === 'trained' ? 'model.trained' : 'model.imported',
        actor: model.runId ? 'auto' : 'user',
        summary: summary(version),
        details: { version, runId: model.runId ?? null, reason: model.runId ? `trained by ${model.runId}` : model.source === 'trained' ? 'trained by hand in Models' : 'imported by hand', metrics: model.metrics, batches: model.lineage.batches.map((b) => b.id) },
      });
      return record;
    }),
  );
}

/**
 * Every version, newest first. A record in another model format is refused loudly, never left out of the
 * list: versions silently missing would let a person delete or retrain around models they cannot see.
 */
export async function listModels(db: RelearnDb): Promise<ModelRecord[]> {
  const models = await db.models.orderBy('version').reverse().toArray();
  const unreadable = models.filter((m) => m.formatVersion !== MODEL_RECORD_VERSION);
  if (unreadable.length > 0) throw new ModelFormatError(unreadable.map(formatProblem).join('; '));
  return models;
}

export async function getModel(db: RelearnDb, version: number): Promise<ModelRecord> {
  const record = await db.models.get(version);
  if (!record) throw new Error(`there is no model version ${version}`);
  assertModelFormat(record);
  return record;
}

export async function getArtifacts(db: RelearnDb, version: number): Promise<ModelArtifactsRecord> {
  const row = await db.modelArtifacts.get(version);
  if (!row) throw new Error(`model version ${version} has no stored weights`);
  return { modelTopology: row.modelTopology, weightSpecs: row.weightSpecs, weightData: row.weightData, card: row.card };
}

export async function readBackendChoice(db: RelearnDb): Promise<DeviceRecord> {
  return (await db.device.get('backend')) ?? { key: 'backend', probe: null, override: null };
}

export async function saveBackendProbe(db: RelearnDb, probe: BackendProbe): Promise<void> {
  await withQuotaMessage('the measured training backend', () =>
    db.transaction('rw', db.device, db.events, async () => {
      const current = await readBackendChoice(db);
      await db.device.put({ ...current, probe });
      await db.events.add({ at: probe.at, kind: 'backend.chosen', actor: 'auto', summary: `Training backend: ${probe.chosen} (${probe.reason})`, details: probe });
    }),
  );
}

export async function setBackendOverride(db: RelearnDb, override: string | null): Promise<void> {
  await db.transaction('rw', db.device, db.events, async () => {
    const current = await readBackendChoice(db);
    await db.device.put({ ...current, override });
    await db.events.add({
      at: Date.now(),
      kind: 'backend.chosen',
      actor: 'user',
      summary: override ? `Training backend set to ${override} by hand` : `Training backend back to the measured choice${current.probe ? ` (${current.probe.chosen})` : ''}`,
    });
  });
}

/** Edits a version's tags and description (bookkeeping only: no event). Tags are trimmed, empty and repeated ones dropped. */
export async function updateVersionInfo(db: RelearnDb, version: number, info: { tags?: string[]; description?: string }): Promise<void> {
  const change: Partial<Pick<ModelRecord, 'tags' | 'description'>> = {};
  if (info.tags) change.tags = [...new Set(info.tags.map((t) => t.trim()).filter(Boolean))];
  if (info.description !== undefined) change.description = info.description.trim();
  const updated = await db.models.update(version, change);
  if (updated === 0 && !(await db.models.get(version))) throw new Error(`there is no model version ${version}`);
}
