import type { Calibration } from '../../core/estimation/calibration.ts';
import { probedBatchSize, type BackendProbe } from '../../core/training/backendProbe.ts';
import type { ModelArtifactsRecord } from '../../core/training/modelCard.ts';
import { MODEL_RECORD_VERSION, type ModelRecord, type RelearnDb } from '../db.ts';
import { withQuotaMessage } from '../quota.ts';
import { readBackendChoice, storedProbes } from '../queries/models.ts';

export type NewModel = Omit<ModelRecord, 'formatVersion' | 'version' | 'createdAt' | 'stage' | 'runId' | 'tags' | 'description'> &
  Partial<Pick<ModelRecord, 'stage' | 'runId' | 'tags' | 'description'>> & { artifacts: ModelArtifactsRecord };

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

/** Probes kept, one per batch size, the newest last: a person trains at a few batch sizes, not many. */
const KEPT_PROBES = 8;

/** Stores a new probe as the one shown, and as the probe of its batch size (chooseBackend finds it there). */
export async function saveBackendProbe(db: RelearnDb, probe: BackendProbe): Promise<void> {
  await withQuotaMessage('the measured training backend', () =>
    db.transaction('rw', db.device, db.events, async () => {
      const current = await readBackendChoice(db);
      const others = storedProbes(current).filter((p) => probedBatchSize(p) !== probedBatchSize(probe));
      await db.device.put({ ...current, probe, probes: [...others, probe].slice(-KEPT_PROBES) });
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

/** Keeps a calibration made on first use for a version registered before calibrations were kept. */
export async function saveCalibration(db: RelearnDb, version: number, calibration: Calibration): Promise<void> {
  await withQuotaMessage(`the calibration of version ${version}`, async () => {
    const updated = await db.models.update(version, { calibration });
    if (updated === 0) throw new Error(`there is no model version ${version}`);
  });
}
