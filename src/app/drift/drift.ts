import type { BatchMeta } from '../../core/batch.ts';
import { exclusions } from '../../core/columnChoices.ts';
import type { Column } from '../../core/columns.ts';
import { driftKind, profileForDrift, type ColumnProfile } from '../../core/drift/profile.ts';
import { driftReport, withColumnTypes, type DriftReport } from '../../core/drift/report.ts';
import { CancelledError } from '../../core/errors.ts';
import { retypeColumn } from '../../core/retype.ts';
import { listBatches, loadColumn } from '../../storage/queries/batches.ts';
import { DRIFT_REPORT_VERSION, REFERENCE_PROFILE_VERSION, type DriftReportRecord, type EventRecord, type RelearnDb, type WorkspaceRecord } from '../../storage/db.ts';
import { withQuotaMessage } from '../../storage/quota.ts';
import { reportKey } from '../../storage/queries/driftReports.ts';
import { readWorkspace } from '../../storage/queries/workspace.ts';

export interface DriftCheckProgress {
  /** Batches finished so far in this sweep, and how many it has. */
  done: number;
  total: number;
  batchName: string;
}

export interface DriftSweep {
  checked: number;
  drifted: number;
}

/** New categories kept by name per column in a stored report; an identifier column can have millions. */
export const STORED_NEW_CATEGORIES = 100;

function trimNewCategories(report: DriftReport): DriftReport {
  const columns = report.columns.map((c) =>
    c.newCategories && c.newCategories.length > STORED_NEW_CATEGORIES
      ? { ...c, newCategories: c.newCategories.slice(0, STORED_NEW_CATEGORIES), newCategoryCount: c.newCategories.length }
      : c,
  );
  return { ...report, columns, labelDrift: columns.find((c) => c.role === 'target') ?? null };
}

/**
 * The given columns of a batch, each read from storage while the one before it is worked on, so
 * IndexedDB's reading overlaps the profiling.
 */
async function* columnsAhead(db: RelearnDb, batch: BatchMeta, indexes: number[], signal?: AbortSignal): AsyncGenerator<[number, Column]> {
  let next = indexes.length > 0 ? loadColumn(db, batch, indexes[0]!) : undefined;
  try {
    for (const [i, index] of indexes.entries()) {
      if (signal?.aborted) throw new CancelledError();
      const column = await (next as Promise<Column>);
      next = i + 1 < indexes.length ? loadColumn(db, batch, indexes[i + 1]!) : undefined;
      yield [index, column];
    }
  } finally {
    // A read started for a column nobody will take: its failure is of no interest.
    next?.catch(() => undefined);
  }
}

/** The reference's profiles, and the storing of those just built (it rejects with the first failure). */
interface ReferenceProfiles {
  profiles: ColumnProfile[];
  stored: Promise<void>;
}

/**
 * The reference's column profiles: read from storage, or built once and stored. Each new profile is
 * stored in its own transaction, chained after the one before, while the next column is profiled; the
 * caller waits for `stored` only before it stores a report, so the writes also overlap the checking.
 * A failed write (a full disk) skips the rest and stops the profiling.
 */
export async function referenceProfiles(db: RelearnDb, reference: BatchMeta, signal?: AbortSignal): Promise<ReferenceProfiles> {
  const records = await db.referenceProfiles.where('batchId').equals(reference.id).toArray();
  const kept = new Map(records.filter((r) => r.formatVersion === REFERENCE_PROFILE_VERSION).map((r) => [r.column, r.profile]));
  const profiles: (ColumnProfile | undefined)[] = reference.columns.map((schema, index) => {
    const profile = kept.get(index);
    return profile && profile.name === schema.name && profile.type === driftKind(schema.type) ? profile : undefined;
  });
  const missing = profiles.flatMap((p, index) => (p ? [] : [index]));
  let stored = Promise.resolve();
  let failed = false;
  for await (const [index, column] of columnsAhead(db, reference, missing, signal)) {
    if (failed) break;
    const profile = profileForDrift(column, reference.columns[index]!.type);
    profiles[index] = profile;
    // Kept only while the reference is stored: a batch deleted during its profiling leaves no profile behind.
    stored = stored.then(() =>
      withQuotaMessage(`the drift profile of the reference "${reference.name}"`, () =>
        db.transaction('rw', [db.batches, db.referenceProfiles], async () => {
          if (await db.batches.get(reference.id)) await db.referenceProfiles.put({ batchId: reference.id, column: index, profile, formatVersion: REFERENCE_PROFILE_VERSION });
        }),
      ),
    );
    stored.catch(() => (failed = true));
  }
  if (failed) await stored;
  return { profiles: profiles as ColumnProfile[], stored };
}

/**
 * The batch's columns profiled under the reference's types (the batch is stored under them already,
 * unless a schema change was interrupted); cells that do not fit become missing, with a warning.
 */
async function batchProfiles(db: RelearnDb, batch: BatchMeta, reference: BatchMeta, signal?: AbortSignal): Promise<{ profiles: ColumnProfile[]; warnings: string[] }> {
  const referenceTypes = new Map(reference.columns.map((c) => [c.name, c.type]));
  const profiles: ColumnProfile[] = [];
  const warnings: string[] = [];
  for await (const [index, loaded] of columnsAhead(db, batch, batch.columns.map((_, i) => i), signal)) {
    const { name, type } = batch.columns[index]!;
    const wanted = referenceTypes.get(name);
    const read = wanted && wanted !== type ? retypeColumn(loaded, wanted) : { column: loaded, coercedToMissing: batch.quality[index]?.coercedToMissing ?? 0 };
    if (read.coercedToMissing > 0) {
      warnings.push(`column "${name}": ${read.coercedToMissing} cells do not fit the reference's type (${wanted ?? type}) and were treated as missing`);
    }
    profiles.push(profileForDrift(read.column, wanted ?? type));
  }
  return { profiles, warnings };
}

/** Checks one batch against the reference (whose profiles are given) and returns the record to store. */
export async function checkBatch(
  db: RelearnDb,
  batch: BatchMeta,
  reference: BatchMeta,
  referenceColumns: ColumnProfile[],
  workspace: WorkspaceRecord,
  signal?: AbortSignal,
  referenceMs = 0,
): Promise<DriftReportRecord> {
  const start = performance.now();
  const { profiles, warnings } = await batchProfiles(db, batch, reference, signal);
  const profiled = performance.now();
  // Datetime and id-like columns (judged on the reference) and the user's choices decide what the share counts.
  const excluded = exclusions(reference.quality, workspace.schema.drift);
  const types = new Map(reference.columns.map((c) => [c.name, c.type]));
  const report = trimNewCategories(withColumnTypes(driftReport(referenceColumns, profiles, workspace.drift, workspace.schema.target, excluded), types));
  const end = performance.now();
  return {
    formatVersion: DRIFT_REPORT_VERSION,
    batchId: batch.id,
    referenceBatchId: reference.id,
    key: reportKey(reference, batch, workspace),
    checkedAt: Date.now(),
    timings: { referenceMs, profileMs: profiled - start, compareMs: end - profiled, totalMs: end - start },
    warnings,
    report,
  };
}

const percent = (share: number | null): string => (share === null ? 'no comparable columns' : `${Math.round(share * 100)}%`);

/** The audit-log line for a batch checked for the first time. */
export function driftEvent(batch: BatchMeta, reference: BatchMeta, report: DriftReport): EventRecord {
  const { dataset, labelDrift } = report;
  const share = `${dataset.driftedColumns} of ${dataset.checkedColumns} columns drifted (${percent(dataset.driftedShare)}, threshold ${percent(dataset.driftShare)})`;
  const label = labelDrift?.drift ? `; label drift in "${labelDrift.name}"` : '';
  return {
    at: Date.now(),
    kind: dataset.drift ? 'drift.detected' : 'drift.checked',
    actor: 'auto',
    batchId: batch.id,
    summary: `${dataset.drift ? 'Dataset drift' : 'No dataset drift'} in "${batch.name}" against "${reference.name}": ${share}${label}`,
    details: {
      referenceBatchId: reference.id,
      driftedShare: dataset.driftedShare,
      driftedColumns: report.columns.filter((c) => c.role === 'feature' && c.drift).map((c) => c.name),
      labelDrift: labelDrift?.drift ?? null,
    },
  };
}

/** Batches without a current drift report, in arrival order, with what checking them needs. */
export async function batchesDueForDrift(db: RelearnDb): Promise<{ workspace: WorkspaceRecord; reference: BatchMeta | undefined; due: BatchMeta[] }> {
  const workspace = await readWorkspace(db);
  const batches = await listBatches(db);
  const reference = batches.find((b) => b.id === workspace.referenceBatchId);
  if (!reference) return { workspace, reference, due: [] };
  const reports = new Map((await db.driftReports.toArray()).map((r) => [r.batchId, r]));
  const due = batches.filter((b) => {
    if (b.id === reference.id) return false;
    const stored = reports.get(b.id);
    return !stored || stored.formatVersion !== DRIFT_REPORT_VERSION || stored.key !== reportKey(reference, b, workspace);
  });
  return { workspace, reference, due };
}

/** Stores a report, with its event when the batch is checked for the first time; true if it was. */
/**
 * Stores a report with its event: 'first' for a batch's first report, 'again' for a re-check, 'gone' when the
 * batch or the reference was deleted while it was being checked (nothing is stored then).
 */
async function storeReport(db: RelearnDb, batch: BatchMeta, reference: BatchMeta, record: DriftReportRecord): Promise<'first' | 'again' | 'gone'> {
  return withQuotaMessage(`the drift report of "${batch.name}"`, () =>
    db.transaction('rw', [db.batches, db.driftReports, db.events], async () => {
      if ((await db.batches.where('id').anyOf(batch.id, reference.id).count()) < new Set([batch.id, reference.id]).size) return 'gone';
      const first = !(await db.driftReports.get(batch.id));
      await db.driftReports.put(record);
      if (first) await db.events.add(driftEvent(batch, reference, record.report));
      return first ? 'first' : 'again';
    }),
  );
}

/**
 * Checks every batch that has no current report: new arrivals (one event each), and batches whose
 * result a new reference or new settings made stale (one summary event). Each report is stored with
 * its event in one transaction, so a closed tab leaves whole results only.
 */
export async function checkDueBatches(db: RelearnDb, onProgress?: (p: DriftCheckProgress) => void, signal?: AbortSignal): Promise<DriftSweep> {
  const { workspace, reference, due } = await batchesDueForDrift(db);
  if (!reference || due.length === 0) return { checked: 0, drifted: 0 };
  const started = performance.now();
  const { profiles, stored } = await referenceProfiles(db, reference, signal);
  const referenceMs = performance.now() - started;
  let drifted = 0;
  let rechecked = 0;
  for (const [i, batch] of due.entries()) {
    onProgress?.({ done: i, total: due.length, batchName: batch.name });
    const record = await checkBatch(db, batch, reference, profiles, workspace, signal, referenceMs);
    // The reference's new profiles are stored before any report that relies on them; the wait counts as the reference's time.
    const waiting = performance.now();
    await stored;
    record.timings.referenceMs += performance.now() - waiting;
    if (record.report.dataset.drift) drifted++;
    if ((await storeReport(db, batch, reference, record)) === 'again') rechecked++;
  }
  if (rechecked > 0) {
    await db.events.add({
      at: Date.now(),
      kind: 'drift.rechecked',
      actor: 'auto',
      batchId: reference.id,
      summary: `Drift checked again for ${rechecked} batch${rechecked === 1 ? '' : 'es'} against "${reference.name}" after the reference, schema or drift settings changed`,
    });
  }
  onProgress?.({ done: due.length, total: due.length, batchName: '' });
  return { checked: due.length, drifted };
}
