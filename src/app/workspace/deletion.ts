import type { BatchMeta } from '../../core/batch.ts';
import type { EventRecord, ModelRecord, ModelStage, RelearnDb, RunRecord } from '../../storage/db.ts';
import { championVersion, previousChampion } from '../../storage/queries/registry.ts';
import { reapplySchema } from './schemaChanges.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';

/** A deletion that may not happen (the champion, a batch a run is using): nothing was changed. */
export class DeletionRefusedError extends Error {
  override readonly name = 'DeletionRefusedError';
}

/** The batch has dependents the caller did not confirm (or new ones appeared since): nothing was changed. */
export class ConfirmationNeededError extends Error {
  override readonly name = 'ConfirmationNeededError';
  constructor(
    readonly impact: BatchImpact,
    unconfirmed: string[],
  ) {
    super(`deleting "${impact.batch.name}" needs a confirmation: ${unconfirmed.join('; ')}`);
  }
}

/** A model version trained on a batch, with where it stands now. */
export interface Dependent {
  version: number;
  stage: ModelStage;
  aliases: ('champion' | 'challenger')[];
}

export interface BatchImpact {
  batch: BatchMeta;
  /** Versions whose lineage names the batch, newest first. */
  dependents: Dependent[];
  isReference: boolean;
  /** The batch that becomes the reference when this one (the reference) goes; null when none is left. */
  nextReference: BatchMeta | null;
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
  const output = run.tasks.find((t) => t.id === 'train')?.output as { version?: unknown } | null | undefined;
  return typeof output?.version === 'number' ? output.version : null;
}

const dependentConsequence = (d: Dependent): string =>
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

export interface BatchDeletion {
  name: string;
  /** The batch that became the reference, if the deleted one was it. */
  newReference: { id: string; name: string } | null;
}

/**
 * Deletes a batch with its column chunks, dictionaries, drift profiles and drift report, in one
 * transaction with its event. `confirmed` lists the dependent versions the person was shown; a
 * dependent not in it (or a reference change not confirmed) refuses the deletion. When the batch was
 * the reference, the earliest remaining batch becomes it and every batch is validated against it again.
 */
export async function deleteBatch(db: RelearnDb, batchId: string, confirmed: { versions: number[]; reference: boolean }): Promise<BatchDeletion> {
  const deletion = await db.transaction(
    'rw',
    [db.batches, db.columnChunks, db.columnDictionaries, db.referenceProfiles, db.driftReports, db.workspace, db.models, db.aliases, db.runs, db.events],
    async () => {
      const impact = await batchImpact(db, batchId);
      const unconfirmed = impact.dependents.filter((d) => !confirmed.versions.includes(d.version)).map(dependentConsequence);
      if (impact.referenceConsequence && !confirmed.reference) unconfirmed.push(impact.referenceConsequence);
      if (unconfirmed.length > 0) throw new ConfirmationNeededError(impact, unconfirmed);
      const { batch, nextReference } = impact;
      await db.columnChunks.where('batchId').equals(batchId).delete();
      await db.columnDictionaries.where('batchId').equals(batchId).delete();
      await db.referenceProfiles.where('batchId').equals(batchId).delete();
      await db.driftReports.delete(batchId);
      await db.batches.delete(batchId);
      const at = Date.now();
      const events: EventRecord[] = [
        {
          at,
          kind: 'batch.deleted',
          actor: 'user',
          batchId,
          summary: `Batch "${batch.name}" deleted (${batch.rows} rows, ${batch.columns.length} columns)${impact.consequences.length ? `: ${impact.consequences.join('; ')}` : ''}`,
          details: { name: batch.name, rows: batch.rows, dependents: impact.dependents.map((d) => d.version), wasReference: impact.isReference },
        },
      ];
      if (impact.isReference) {
        const workspace = await readWorkspace(db);
        await db.workspace.put({ ...workspace, referenceBatchId: nextReference?.id ?? null });
        if (nextReference) {
          // Its own report was made against the deleted batch and, as the reference, is never checked again.
          await db.driftReports.delete(nextReference.id);
          events.push({ at, kind: 'reference.changed', actor: 'user', batchId: nextReference.id, summary: `Reference batch set to "${nextReference.name}": the reference "${batch.name}" was deleted` });
        }
      }
      await db.events.bulkAdd(events);
      return { name: batch.name, newReference: nextReference ? { id: nextReference.id, name: nextReference.name } : null };
    },
  );
  if (deletion.newReference) await reapplySchema(db, await readWorkspace(db));
  return deletion;
}

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

/**
 * Deletes a model version and its weights in one transaction with its event; a challenger alias
 * pointing at it goes too. The champion is refused, whatever happened before (promotions, rollbacks).
 */
export async function deleteVersion(db: RelearnDb, version: number): Promise<void> {
  await db.transaction('rw', [db.models, db.modelArtifacts, db.aliases, db.runs, db.events], async () => {
    const impact = await versionImpact(db, version);
    if (impact.isChallenger) await db.aliases.delete('challenger');
    await db.modelArtifacts.delete(version);
    await db.models.delete(version);
    await db.events.add({
      at: Date.now(),
      kind: 'model.deleted',
      actor: 'user',
      summary: `Version ${version} (${impact.model.stage}) deleted${impact.consequences.length ? `: ${impact.consequences.join('; ')}` : ''}`,
      details: { version, stage: impact.model.stage, runId: impact.model.runId, wasChallenger: impact.isChallenger },
    });
  });
}

/** The event that recorded a batch's deletion, if it was deleted. */
export async function batchDeletionEvent(db: RelearnDb, batchId: string): Promise<EventRecord | null> {
  const events = await db.events.where('batchId').equals(batchId).filter((e) => e.kind === 'batch.deleted').toArray();
  return events.at(-1) ?? null;
}

/** The event that recorded a version's deletion, if it was deleted. */
export async function versionDeletionEvent(db: RelearnDb, version: number): Promise<EventRecord | null> {
  const events = await db.events.where('kind').equals('model.deleted').filter((e) => (e.details as { version?: unknown } | undefined)?.version === version).toArray();
  return events.at(-1) ?? null;
}
