import type { BatchSummary } from '../heavyFields.ts';
import { isEvent, type EventOf } from '../../core/events.ts';
import { taskOf } from '../../core/pipeline/runState.ts';
import type { ModelRecord, ModelStage, RelearnDb, RunRecord } from '../db.ts';
import { championVersion, previousChampion } from './registry.ts';
import { readWorkspace } from './workspace.ts';

// What a deletion would affect, read before the person confirms it; the deletions are src/app/workspace/deletion.ts.

/** A deletion that may not happen (the champion, a batch a run is using): nothing was changed. */
export class DeletionRefusedError extends Error {
  override readonly name = 'DeletionRefusedError';
}

/** A model version trained on a batch, with where it stands now. */
export interface Dependent {
  version: number;
  stage: ModelStage;
  aliases: ('champion' | 'challenger')[];
}

export interface BatchImpact {
  batch: BatchSummary;
  /** Versions whose lineage names the batch, newest first. */
  dependents: Dependent[];
  isReference: boolean;
  /** The batch that becomes the reference when this one (the reference) goes; null when none is left. */
  nextReference: BatchSummary | null;
  /** Sentences saying what the deletion does beyond removing the batch; empty when nothing depends on it. */
  consequences: string[];
  /** The sentence about the reference (also in `consequences`); null when the batch is not the reference. */
  referenceConsequence: string | null;
}

export interface VersionImpact {
  model: ModelRecord;
  isChallenger: boolean;
  /** The version the champion replaced: automatic rollback returns to it. */
  isPreviousChampion: boolean;
  consequences: string[];
}

const UNFINISHED: RunRecord['state'][] = ['queued', 'running', 'awaiting_approval'];

/** "version 3 (champion)", "version 2 (archived)". */
export function dependentLabel(d: Dependent): string {
  return `version ${d.version} (${d.aliases.length > 0 ? d.aliases.join(', ') : d.stage})`;
}

async function unfinishedRuns(db: RelearnDb): Promise<RunRecord[]> {
  return db.runs.where('state').anyOf(UNFINISHED).toArray();
}

/** The version a run's train task registered, if it got that far. */
function versionOfRun(run: RunRecord): number | null {
  return taskOf(run, 'train').output?.version ?? null;
}

export const dependentConsequence = (d: Dependent): string =>
  `${dependentLabel(d)} was trained on this batch; its lineage will point to a deleted batch, and comparisons on its holdout rows from it will no longer run`;

/** What deleting a batch would affect; refuses when the batch is gone or an unfinished run uses it. */
export async function batchImpact(db: RelearnDb, batchId: string): Promise<BatchImpact> {
  const batch = await db.batches.get(batchId);
  if (!batch) throw new DeletionRefusedError(`there is no batch with id ${batchId}: it may have been deleted already`);
  const run = (await unfinishedRuns(db)).find((r) => r.batchId === batchId || r.config.batchIds.includes(batchId));
  if (run) throw new DeletionRefusedError(`pipeline run ${run.number} (${run.state.replace('_', ' ')}) uses "${batch.name}": wait for it to finish or cancel it first`);
  const aliases = await db.aliases.toArray();
  const models = await db.models.orderBy('version').reverse().toArray();
  const dependents = models
    .filter((m) => m.lineage.batches.some((b) => b.id === batchId))
    .map((m) => ({ version: m.version, stage: m.stage, aliases: aliases.filter((a) => a.version === m.version).map((a) => a.name) }));
  const workspace = await readWorkspace(db);
  const isReference = workspace.referenceBatchId === batchId;
  const nextReference = isReference ? ((await db.batches.orderBy('arrivedAt').filter((b) => b.id !== batchId).first()) ?? null) : null;
  const referenceConsequence = !isReference
    ? null
    : nextReference
      ? `it is the drift reference: "${nextReference.name}", the earliest remaining batch, becomes the reference, and every batch is validated and checked for drift against it again`
      : 'it is the drift reference and no other batch is left: there will be no reference until the next batch arrives';
  const consequences = [...dependents.map(dependentConsequence), ...(referenceConsequence ? [referenceConsequence] : [])];
  return { batch, dependents, isReference, nextReference, consequences, referenceConsequence };
}

/** Whether deleting the batch needs the person to confirm what depends on it. */
export const needsConfirmation = (impact: BatchImpact): boolean => impact.consequences.length > 0;

/** What deleting a version would affect; refuses the champion and a version an unfinished run is deciding on. */
export async function versionImpact(db: RelearnDb, version: number): Promise<VersionImpact> {
  const model = await db.models.get(version);
  if (!model) throw new DeletionRefusedError(`there is no model version ${version}: it may have been deleted already`);
  if ((await championVersion(db)) === version) {
    throw new DeletionRefusedError(`version ${version} is the champion: it cannot be deleted; promote or roll back to another version first`);
  }
  const run = (await unfinishedRuns(db)).find((r) => versionOfRun(r) === version);
  if (run) throw new DeletionRefusedError(`pipeline run ${run.number} (${run.state.replace('_', ' ')}) is deciding on version ${version}: let it finish, approve or reject it first`);
  const isChallenger = (await db.aliases.get('challenger'))?.version === version;
  const isPreviousChampion = (await previousChampion(db)) === version;
  const consequences: string[] = [];
  if (isChallenger) consequences.push('it is the challenger: the alias goes with it and shadow scoring stops until another challenger is set');
  if (isPreviousChampion) consequences.push('it is the version the champion replaced: automatic rollback will have no earlier version to return to');
  if (model.runId) consequences.push('the pipeline run that trained it keeps its record, which will name a deleted version');
  return { model, isChallenger, isPreviousChampion, consequences };
}

/** The event that recorded a batch's deletion, if it was deleted. */
export async function batchDeletionEvent(db: RelearnDb, batchId: string): Promise<EventOf<'batch.deleted'> | null> {
  const events = await db.events.where('batchId').equals(batchId).toArray();
  return events.filter((e) => isEvent(e, 'batch.deleted')).at(-1) ?? null;
}

/** The event that recorded a version's deletion, if it was deleted. */
export async function versionDeletionEvent(db: RelearnDb, version: number): Promise<EventOf<'model.deleted'> | null> {
  const events = await db.events.where('kind').equals('model.deleted').toArray();
  return events.filter((e) => isEvent(e, 'model.deleted')).filter((e) => e.details.version === version).at(-1) ?? null;
}
