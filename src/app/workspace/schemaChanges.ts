import type { BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import { applyChoices, choicesProblems, type ColumnChoice } from '../../core/columnChoices.ts';
import { profileColumn } from '../../core/quality.ts';
import { driftSettingsProblems, type DriftSettings } from '../../core/drift/settings.ts';
import { messages } from '../../core/problems.ts';
import { inferStoredType, retypeColumn } from '../../core/retype.ts';
import { effectiveType, type ColumnType } from '../../core/schema.ts';
import { validateBatch, validationSettingsProblems, type ValidationSettings } from '../../core/validation.ts';
import { getBatch, listBatches, loadStoredColumns } from '../../storage/queries/batches.ts';
import { putBatch, retypeBatch } from '../../storage/commands/batches.ts';
import type { EventRecord, RelearnDb, WorkspaceRecord } from '../../storage/db.ts';
import { readWorkspace, SettingsError } from '../../storage/queries/workspace.ts';

export interface WorkspaceChange {
  target?: string | null;
  /** Column name → type; null removes the override. */
  typeOverrides?: Record<string, ColumnType | null>;
  referenceBatchId?: string;
  validation?: ValidationSettings;
  drift?: DriftSettings;
  /** Column name → counted in the dataset drift share or not; null returns the column to its default. */
  driftColumns?: Record<string, ColumnChoice | null>;
  /** Column name → a model feature by default or not; null returns the column to its default. */
  featureColumns?: Record<string, ColumnChoice | null>;
}

const CHOICE_TEXT = {
  drift: { include: 'put in the drift share', exclude: 'left out of the drift share', default: 'back to the default for drift' },
  features: { include: 'put in the model features', exclude: 'left out of the model features', default: 'back to the default for features' },
} as const;

function choiceEvents(purpose: 'drift' | 'features', change: Record<string, ColumnChoice | null> | undefined, at: number): EventRecord[] {
  return Object.entries(change ?? {}).map(([column, choice]) => ({ at, kind: 'schema.changed', actor: 'user', summary: `Column "${column}" ${CHOICE_TEXT[purpose][choice ?? 'default']}` }));
}

const batchesWord = (n: number): string => (n === 1 ? '1 batch' : `${n} batches`);

function describeChange(change: WorkspaceChange, reference: BatchMeta | undefined, batches: number): EventRecord[] {
  const at = Date.now();
  const events: EventRecord[] = [];
  const reread = `re-read ${batchesWord(batches)}`;
  if (change.target !== undefined) {
    events.push({ at, kind: 'schema.changed', actor: 'user', summary: change.target ? `Target column set to "${change.target}"` : 'Target column cleared' });
  }
  for (const [column, type] of Object.entries(change.typeOverrides ?? {})) {
    events.push({ at, kind: 'schema.changed', actor: 'user', summary: `${type ? `Column "${column}" typed as ${type}` : `Column "${column}" back to its inferred type`}: ${reread}` });
  }
  if (change.referenceBatchId && reference) {
    events.push({ at, kind: 'reference.changed', actor: 'user', batchId: reference.id, summary: `Reference batch set to "${reference.name}": ${reread} with the new reference's types` });
  }
  if (change.validation) events.push({ at, kind: 'schema.changed', actor: 'user', summary: 'Validation thresholds changed', details: change.validation });
  if (change.drift) events.push({ at, kind: 'drift.settings', actor: 'user', summary: 'Drift settings changed', details: change.drift });
  return [...events, ...choiceEvents('drift', change.driftColumns, at), ...choiceEvents('features', change.featureColumns, at)];
}

/**
 * Applies the user's schema choices, reference or thresholds to the workspace and to every stored
 * batch: every batch is re-read from its stored cells under the new types, re-profiled and validated again.
 */
export async function changeWorkspace(db: RelearnDb, change: WorkspaceChange): Promise<WorkspaceRecord> {
  if (change.validation) {
    const problems = validationSettingsProblems(change.validation);
    if (problems.length > 0) throw new SettingsError(problems.join('; '));
  }
  if (change.drift) {
    const problems = messages(driftSettingsProblems(change.drift));
    if (problems.length > 0) throw new SettingsError(problems.join('; '));
  }
  const current = await readWorkspace(db);
  const choices = await columnChoiceChanges(db, current, change);
  const reference = change.referenceBatchId ? await getBatch(db, change.referenceBatchId) : undefined;
  if (change.referenceBatchId && !reference) throw new SettingsError(`no batch with id ${change.referenceBatchId}`);
  const overrides = { ...current.schema.typeOverrides };
  for (const [column, type] of Object.entries(change.typeOverrides ?? {})) {
    if (type) overrides[column] = type;
    else delete overrides[column];
  }
  const next: WorkspaceRecord = {
    ...current,
    schema: { ...current.schema, ...choices, target: change.target === undefined ? current.schema.target : change.target, typeOverrides: overrides },
    referenceBatchId: change.referenceBatchId ?? current.referenceBatchId,
    validation: change.validation ?? current.validation,
    drift: change.drift ?? current.drift,
  };
  await db.transaction('rw', [db.workspace, db.events, db.batches], async () => {
    await db.workspace.put(next);
    await db.events.bulkAdd(describeChange(change, reference, await db.batches.count()));
  });
  // Drift settings and column choices touch no stored batch: the drift worker re-checks against them on its own.
  const onlyDrift = Object.keys(change).every((k) => k === 'drift' || k === 'driftColumns' || k === 'featureColumns');
  if (!onlyDrift) await reapplySchema(db, next);
  return next;
}

/** The drift and feature choices after the change; a column no stored batch has is refused, naming it. */
async function columnChoiceChanges(db: RelearnDb, current: WorkspaceRecord, change: WorkspaceChange): Promise<Pick<WorkspaceRecord['schema'], 'drift' | 'features'>> {
  const drift = applyChoices(current.schema.drift, change.driftColumns ?? {});
  const features = applyChoices(current.schema.features, change.featureColumns ?? {});
  if (!change.driftColumns && !change.featureColumns) return { drift, features };
  const names = [...new Set((await listBatches(db)).flatMap((b) => b.columns.map((c) => c.name)))];
  const problems = [...choicesProblems(change.driftColumns ?? {}, names, 'drift'), ...choicesProblems(change.featureColumns ?? {}, names, 'features')];
  if (problems.length > 0) throw new SettingsError(problems.join('; '));
  return { drift, features };
}

type Conformed = { meta: BatchMeta; columns: Column[]; changed: boolean };

/**
 * A batch re-read from its stored cells under the workspace's types (the reference's inference and the
 * user's overrides); every column is profiled again, so unfit counts follow the new types.
 */
function conform(meta: BatchMeta, stored: Column[], referenceInferred: ReadonlyMap<string, ColumnType>, workspace: WorkspaceRecord): Conformed {
  let changed = false;
  const schema = meta.columns.map((c) => ({ ...c }));
  const quality = [...meta.quality];
  const columns = stored.map((column, i) => {
    const s = schema[i]!;
    const own = referenceInferred.get(s.name) ?? inferStoredType(column);
    const next = effectiveType(s.name, own, referenceInferred, workspace.schema.typeOverrides);
    const read = retypeColumn(column, next.type);
    if (next.type !== s.type || next.inferredType !== s.inferredType) changed = true;
    s.type = next.type;
    s.inferredType = next.inferredType;
    quality[i] = profileColumn({ column: read.column, type: next.type, inferredType: next.inferredType, coercedToMissing: read.coercedToMissing });
    return read.column;
  });
  return { meta: { ...meta, columns: schema, quality }, columns, changed };
}

/**
 * Brings every batch in line with the workspace (column types, profiles, validation), one batch at a
 * time, re-reading each from its stored cells. Returns how many batches changed type.
 */
export async function reapplySchema(db: RelearnDb, workspace: WorkspaceRecord): Promise<number> {
  const batches = await listBatches(db);
  const referenceMeta = batches.find((b) => b.id === workspace.referenceBatchId);
  const referenceStored = referenceMeta ? await loadStoredColumns(db, referenceMeta) : [];
  // Inference runs on the reference only, from its cells as read.
  const referenceInferred = new Map(referenceStored.map((c) => [c.name, inferStoredType(c)]));
  const reference = referenceMeta ? conform(referenceMeta, referenceStored, referenceInferred, workspace) : undefined;
  let retyped = 0;
  for (const meta of batches) {
    const batch = meta.id === reference?.meta.id ? reference : conform(meta, await loadStoredColumns(db, meta), referenceInferred, workspace);
    const validation =
      reference && batch !== reference
        ? validateBatch(reference.meta, { ...batch.meta, columns: batch.columns }, workspace.schema.target, workspace.validation)
        : null;
    const next = { ...batch.meta, validation };
    if (batch.changed) {
      retyped++;
      await retypeBatch(db, next);
    } else await putBatch(db, next);
  }
  return retyped;
}

/** Whether a batch disagrees with the workspace: a column type or the reference it was validated against. */
function isStale(meta: BatchMeta, workspace: WorkspaceRecord): boolean {
  const typed = meta.columns.some((c) => c.type !== (workspace.schema.typeOverrides[c.name] ?? c.inferredType));
  const reference = meta.id === workspace.referenceBatchId ? null : workspace.referenceBatchId;
  return typed || (meta.validation?.referenceId ?? null) !== reference;
}

/**
 * A schema change is saved first and applied batch by batch; a tab closed in between leaves some
 * batches behind. Run at worker start, this finishes that work. Returns whether anything was redone.
 */
export async function finishInterruptedSchemaChange(db: RelearnDb): Promise<boolean> {
  const workspace = await readWorkspace(db);
  const batches = await listBatches(db);
  if (!batches.some((b) => isStale(b, workspace))) return false;
  await reapplySchema(db, workspace);
  return true;
}
