import type { BackendProbe } from '../../core/training/backendProbe.ts';
import type { ModelArtifactsRecord } from '../../core/training/modelCard.ts';
import { METRIC_LABELS, metricValue } from '../../core/metrics/metricKey.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import { MODEL_RECORD_VERSION, type DeviceRecord, type ModelRecord, type RelearnDb } from '../db.ts';

/** "ROC AUC 0.912" for the task's primary metric, or "" when there are no metrics. */
export function primaryMetricText(model: Pick<ModelRecord, 'card' | 'metrics'>): string {
  const { key } = primaryMetric(model.card.task);
  const value = metricValue(model.metrics, key);
  return value === null ? '' : `${METRIC_LABELS[key]} ${value.toPrecision(3)}`;
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
 * Every version, newest first. A record in another model format is refused loudly, never left out of the
 * list: versions silently missing would let a person delete or retrain around models they cannot see.
 */
export async function listModels(db: RelearnDb): Promise<ModelRecord[]> {
  return readableModels(await db.models.orderBy('version').reverse().toArray());
}

/** The records as they are when every one is in this build's model format; else the ModelFormatError naming each that is not. */
export function readableModels(models: ModelRecord[]): ModelRecord[] {
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

/** Every stored probe, one per batch size: a record from before probes were kept per batch size has its one probe. */
export const storedProbes = (device: DeviceRecord): BackendProbe[] => device.probes ?? (device.probe ? [device.probe] : []);
