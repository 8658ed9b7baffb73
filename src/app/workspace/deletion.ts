import type { EventRecord, RelearnDb } from '../../storage/db.ts';
import { batchImpact, dependentConsequence, versionImpact, type BatchImpact } from '../../storage/queries/deletionImpact.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';
import { reapplySchema } from './schemaChanges.ts';

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

export interface BatchDeletion {
  name: string;
  /** The batch that became the reference, if the deleted one was it. */
  newReference: { id: string; name: string } | null;
}

/**
 * Deletes a batch with its column chunks, dictionaries, drift profiles, drift report and scores, in one
 * transaction with its event. `confirmed` lists the dependent versions the person was shown; a
 * dependent not in it (or a reference change not confirmed) refuses the deletion. When the batch was
 * the reference, the earliest remaining batch becomes it and every batch is validated against it again.
 */
export async function deleteBatch(db: RelearnDb, batchId: string, confirmed: { versions: number[]; reference: boolean }): Promise<BatchDeletion> {
  const deletion = await db.transaction(
    'rw',
    [db.batches, db.batchQuality, db.columnChunks, db.columnDictionaries, db.referenceProfiles, db.driftReports, db.driftOverlays, db.batchScores, db.workspace, db.models, db.aliases, db.runs, db.events],
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
      await db.driftOverlays.delete(batchId);
      await db.batchQuality.delete(batchId);
      await db.batchScores.where('batchId').equals(batchId).delete();
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
          await db.driftOverlays.delete(nextReference.id);
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

/**
 * Deletes a model version with its weights and scores in one transaction with its event; a challenger alias
 * pointing at it goes too. The champion is refused, whatever happened before (promotions, rollbacks).
 */
export async function deleteVersion(db: RelearnDb, version: number): Promise<void> {
  await db.transaction('rw', [db.models, db.modelArtifacts, db.batchScores, db.aliases, db.runs, db.events], async () => {
    const impact = await versionImpact(db, version);
    if (impact.isChallenger) await db.aliases.delete('challenger');
    await db.modelArtifacts.delete(version);
    await db.batchScores.where('version').equals(version).delete();
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
