import { columnTypes, type BatchMeta } from '../../core/batch.ts';
import type { Column } from '../../core/columns.ts';
import { exclusions } from '../../core/columnChoices.ts';
import { driftKind, profileForDrift, type ColumnProfile } from '../../core/drift/profile.ts';
import { assembleReport, columnVerdict, withColumnTypes, type DriftReport } from '../../core/drift/report.ts';
import { CancelledError } from '../../core/errors.ts';
import { retypeColumn } from '../../core/retype.ts';
import type { ColumnType } from '../../core/schema.ts';
import type { ColumnDrift } from '../../core/drift/columnDrift.ts';
import { listBatches, loadColumnGroup } from '../../storage/queries/batches.ts';
import { DRIFT_REPORT_VERSION, REFERENCE_PROFILE_VERSION, type DriftReportRecord, type EventRecord, type RelearnDb, type WorkspaceRecord } from '../../storage/db.ts';
import { profileOf, storableProfile } from '../../storage/profileRecords.ts';
import { SortedBuffers } from '../../core/drift/sortedBuffers.ts';
import { withQuotaMessage } from '../../storage/quota.ts';
import { putDriftReport } from '../../storage/commands/driftReports.ts';
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

/** A column of a batch profiled under a type, and how many of its cells did not fit that type. */
export interface ProfiledColumn {
  profile: ColumnProfile;
  coercedToMissing: number;
}

/** A column of a batch to profile (by its index in the batch) and the type to profile it under. */
export interface ColumnJob {
  index: number;
  type: ColumnType;
}

/**
 * Profiles some columns of `batch`, in the order asked: in this thread, or in a worker of its own. `spares` are
 * buffers of profiles no longer used, which it may sort into (or drop): nothing else reads them any more.
 */
export type ColumnProfiler = (batch: BatchMeta, jobs: readonly ColumnJob[], spares: ArrayBuffer[]) => Promise<ProfiledColumn[]>;

/**
 * Bytes of stored values (8 a value) read and profiled as one group of columns: a long batch's columns go
 * one at a time, a wide batch's narrow ones ten or more to a read, as one IndexedDB transaction and one
 * trip to a worker each. Profiling holds about three times a group's bytes (values, sort keys, their copy).
 */
export const GROUP_BYTES = 8 * 1024 * 1024;

/** Columns of `rows` values a group holds: at least one, however long. */
export const groupColumns = (rows: number): number => Math.max(1, Math.floor(GROUP_BYTES / (8 * Math.max(1, rows))));

/**
 * Reads some stored columns in one transaction and profiles each under its job's type (cells that do not
 * fit become missing): the batch's other columns stay in storage, so a batch larger than memory is
 * profiled a group of columns at a time.
 */
export async function profileStoredColumns(db: RelearnDb, batch: BatchMeta, jobs: readonly ColumnJob[], buffers?: SortedBuffers): Promise<ProfiledColumn[]> {
  const loaded: (Column | undefined)[] = await loadColumnGroup(db, batch, jobs.map((j) => j.index));
  return jobs.map(({ index, type }, i) => {
    const column = loaded[i]!;
    // Let each column's values go once profiled: only one raw column and its sort are held beyond the group's read.
    loaded[i] = undefined;
    const read = type !== batch.columns[index]!.type ? retypeColumn(column, type) : { column, coercedToMissing: batch.quality[index]?.coercedToMissing ?? 0 };
    return { profile: profileForDrift(read.column, type, buffers), coercedToMissing: read.coercedToMissing };
  });
}

/**
 * One profiler per job in flight: two in one thread overlap a group's reading with another's profiling. They
 * sort into the spare buffers handed to them.
 */
export const localProfilers = (db: RelearnDb): ColumnProfiler[] => {
  const buffers = new SortedBuffers();
  const local: ColumnProfiler = (batch, jobs, spares) => {
    buffers.give(...spares);
    return profileStoredColumns(db, batch, jobs, buffers);
  };
  return [local, local];
};

type GroupProfiler = (batch: BatchMeta, jobs: readonly ColumnJob[]) => Promise<ProfiledColumn[]>;

/**
 * Runs each job on whichever profiler is free (so two workers share a batch's columns), handing it as many of
 * `spares` as it has columns.
 */
function profilerPool(profilers: readonly ColumnProfiler[], spares: ArrayBuffer[]): GroupProfiler {
  const free = [...profilers];
  const waiting: (() => void)[] = [];
  return async (batch, jobs) => {
    while (free.length === 0) await new Promise<void>((resolve) => waiting.push(resolve));
    const profiler = free.shift()!;
    try {
      return await profiler(batch, jobs, spares.splice(0, jobs.length));
    } finally {
      free.push(profiler);
      waiting.shift()?.();
    }
  };
}

/**
 * A reference whose numeric profiles hold at most this many values is kept in memory for the whole sweep;
 * a larger one is read back from storage a column at a time for each batch checked.
 */
export const KEPT_REFERENCE_VALUES = 32_000_000;

/**
 * The reference's column profiles, a group of columns at a time: kept from earlier in the sweep, read from
 * storage, or built and stored. A kept reference's new profiles are written by `store()`, after the report
 * that used them, so a verdict never waits for them; a larger one's are written a group at a time while the
 * sweep goes on, so they can be let go. Each write is one transaction, chained after the one before; `store()`
 * settles when every write so far has (it rejects with the first failure, and a failed write stops further
 * profiling). A profile left unwritten (a tab closed first) is built again by the next check; a batch deleted,
 * or a column retyped, during its profiling leaves no profile behind.
 */
class ReferenceColumns {
  private readonly kept = new Map<number, ColumnProfile>();
  private readonly keep: boolean;
  private stored: Promise<void> = Promise.resolve();
  private failed = false;
  /** Built and kept, not yet written: what `store()` writes. */
  private unwritten: { index: number; profile: ColumnProfile }[] = [];
  /**
   * Which columns had a stored profile when the sweep began, read before anything is written: a read of
   * the profiles queued behind the sweep's own writes would wait for each of them to commit.
   */
  private storedColumns?: Promise<Set<number>>;

  constructor(
    private readonly db: RelearnDb,
    private readonly reference: BatchMeta,
    private readonly profile: GroupProfiler,
    keptValues: number,
  ) {
    this.keep = reference.rows * reference.columns.length <= keptValues;
  }

  async group(indices: readonly number[]): Promise<ColumnProfile[]> {
    const { db, reference } = this;
    const profiles = indices.map((index) => this.kept.get(index));
    this.storedColumns ??= db.referenceProfiles
      .where('batchId')
      .equals(reference.id)
      .primaryKeys()
      .then((keys) => new Set(keys.map(([, column]) => column)));
    const storedColumns = await this.storedColumns;
    const toRead = indices.filter((index, i) => !profiles[i] && storedColumns.has(index));
    const records = toRead.length > 0 ? await db.referenceProfiles.bulkGet(toRead.map((index) => [reference.id, index] satisfies [string, number])) : [];
    const found = new Map<number, ColumnProfile>();
    await Promise.all(
      records.map(async (record, i) => {
        const schema = reference.columns[toRead[i]!]!;
        if (record && record.formatVersion === REFERENCE_PROFILE_VERSION && record.profile.name === schema.name && record.profile.type === driftKind(schema.type)) found.set(toRead[i]!, await profileOf(record));
      }),
    );
    const missing = indices.filter((index, i) => !profiles[i] && !found.has(index));
    if (missing.length > 0) {
      if (this.failed) await this.stored;
      const built = await this.profile(reference, missing.map((index) => ({ index, type: reference.columns[index]!.type })));
      built.forEach(({ profile }, i) => found.set(missing[i]!, profile));
      // Read back from now on where not kept: the read waits for this write, as IndexedDB orders them.
      for (const index of missing) storedColumns.add(index);
      const profiled = built.map(({ profile }, i) => ({ index: missing[i]!, profile }));
      if (this.keep) this.unwritten.push(...profiled);
      else this.write(profiled);
    }
    return indices.map((index, i) => {
      const profile = profiles[i] ?? found.get(index)!;
      if (this.keep) this.kept.set(index, profile);
      return profile;
    });
  }

  /** Writes the kept profiles not yet written; settles when every write so far has. */
  store(): Promise<void> {
    if (this.unwritten.length > 0) this.write(this.unwritten.splice(0));
    return this.stored;
  }

  /**
   * Chains one transaction storing `profiled`, made into records (their values copied into Blobs) only when it
   * runs. A profile is stored only while its column still has the name and type it was built under.
   */
  private write(profiled: readonly { index: number; profile: ColumnProfile }[]): void {
    const { db, reference } = this;
    this.stored = this.stored.then(() => {
      const records = profiled.map(({ index, profile }) => storableProfile({ batchId: reference.id, column: index, profile, formatVersion: REFERENCE_PROFILE_VERSION }));
      return withQuotaMessage(`the drift profile of the reference "${reference.name}"`, () =>
        db.transaction('rw', [db.batches, db.referenceProfiles], async () => {
          const now = await db.batches.get(reference.id);
          // Each column's [name, type] as built and as stored now, as text: equal while the column is unchanged.
          const built = columnTypes(reference).map((c) => JSON.stringify(c));
          const stored = now ? columnTypes(now).map((c) => JSON.stringify(c)) : [];
          await db.referenceProfiles.bulkPut(records.filter((r) => stored[r.column] === built[r.column]));
        }),
      );
    });
    this.stored.catch(() => (this.failed = true));
  }
}

/**
 * `work(0) … work(count - 1)`, at most `width` at a time, started in order; the results in order. Stops
 * starting new work once `signal` is aborted, and rejects with the first failure.
 */
async function inOrder<T>(count: number, width: number, signal: AbortSignal | undefined, work: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      if (signal?.aborted) throw new CancelledError();
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, count)) }, lane));
  return results;
}

/**
 * Checks one batch against the reference, a group of column pairs at a time: each of the reference's
 * columns and the batch's column of the same name are profiled (the batch's under the reference's type;
 * cells that do not fit become missing, with a warning), compared, and let go, so neither batch is ever
 * held whole: at most `width` groups of each side (GROUP_BYTES of values or one column each) at once.
 */
async function checkBatch(
  batch: BatchMeta,
  reference: BatchMeta,
  referenceColumns: ReferenceColumns,
  workspace: WorkspaceRecord,
  profile: GroupProfiler,
  spares: ArrayBuffer[],
  width: number,
  signal?: AbortSignal,
): Promise<DriftReportRecord> {
  const start = performance.now();
  const batchIndex = new Map(batch.columns.map((c, i) => [c.name, i]));
  const referenceNames = new Set(reference.columns.map((c) => c.name));
  // Datetime and id-like columns (judged on the reference) and the user's choices decide what the share counts.
  const excluded = exclusions(reference.quality, workspace.schema.drift);
  const coerced = batch.columns.map((c, i) => (referenceNames.has(c.name) ? 0 : (batch.quality[i]?.coercedToMissing ?? 0)));
  const pairs = reference.columns.flatMap(({ name, type }, r) => {
    const index = batchIndex.get(name);
    return index === undefined ? [] : [{ r, index, type }];
  });
  const size = groupColumns(Math.max(reference.rows, batch.rows));
  const groups = Array.from({ length: Math.ceil(pairs.length / size) }, (_, g) => pairs.slice(g * size, (g + 1) * size));
  const verdicts = new Map<number, ColumnDrift>();
  await inOrder(groups.length, width, signal, async (g) => {
    const group = groups[g]!;
    const [refs, curs] = await Promise.all([referenceColumns.group(group.map((p) => p.r)), profile(batch, group)]);
    group.forEach(({ r, index }, i) => {
      coerced[index] = curs[i]!.coercedToMissing;
      const cur = curs[i]!.profile;
      verdicts.set(r, columnVerdict(refs[i]!, cur, workspace.drift, workspace.schema.target, excluded));
      // The verdict keeps no values: the batch's sorted values are let go, their buffer to sort another column into.
      if (cur.type === 'numeric' && cur.sorted.length > 0) spares.push(cur.sorted.buffer as ArrayBuffer);
    });
  });
  const profiled = performance.now();
  const columns = reference.columns.flatMap((_, r) => verdicts.get(r) ?? []);
  const missingColumns = reference.columns.filter((c) => !batchIndex.has(c.name)).map((c) => c.name);
  const extraColumns = batch.columns.filter((c) => !referenceNames.has(c.name)).map((c) => c.name);
  const types = new Map(reference.columns.map((c) => [c.name, c.type]));
  const report = trimNewCategories(withColumnTypes(assembleReport(columns, missingColumns, extraColumns, workspace.drift), types));
  const warnings = batch.columns.flatMap(({ name, type }, i) =>
    coerced[i]! > 0 ? [`column "${name}": ${coerced[i]} cells do not fit the reference's type (${types.get(name) ?? type}) and were treated as missing`] : [],
  );
  const end = performance.now();
  return {
    formatVersion: DRIFT_REPORT_VERSION,
    batchId: batch.id,
    referenceBatchId: reference.id,
    key: reportKey(reference, batch, workspace),
    checkedAt: Date.now(),
    timings: { profileMs: profiled - start, compareMs: end - profiled, totalMs: end - start },
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
    db.transaction('rw', [db.batches, db.driftReports, db.driftOverlays, db.events], async () => {
      if ((await db.batches.where('id').anyOf(batch.id, reference.id).count()) < new Set([batch.id, reference.id]).size) return 'gone';
      const first = !(await db.driftReports.get(batch.id));
      await putDriftReport(db, record);
      if (first) await db.events.add(driftEvent(batch, reference, record.report));
      return first ? 'first' : 'again';
    }),
  );
}

/**
 * Checks every batch that has no current report: new arrivals (one event each), and batches whose
 * result a new reference or new settings made stale (one summary event). Each report is stored with
 * its event in one transaction, so a closed tab leaves whole results only. `profilers` share the columns'
 * profiling (the drift worker passes one in its own thread and one in a helper worker); a reference over
 * `keptReferenceValues` values is read back from storage a column at a time for each batch.
 */
export async function checkDueBatches(
  db: RelearnDb,
  onProgress?: (p: DriftCheckProgress) => void,
  signal?: AbortSignal,
  profilers: readonly ColumnProfiler[] = localProfilers(db),
  keptReferenceValues = KEPT_REFERENCE_VALUES,
): Promise<DriftSweep> {
  const { workspace, reference, due } = await batchesDueForDrift(db);
  if (!reference || due.length === 0) return { checked: 0, drifted: 0 };
  const spares: ArrayBuffer[] = [];
  const profile = profilerPool(profilers, spares);
  const referenceColumns = new ReferenceColumns(db, reference, profile, keptReferenceValues);
  let drifted = 0;
  let rechecked = 0;
  for (const [i, batch] of due.entries()) {
    onProgress?.({ done: i, total: due.length, batchName: batch.name });
    const record = await checkBatch(batch, reference, referenceColumns, workspace, profile, spares, profilers.length, signal);
    if (record.report.dataset.drift) drifted++;
    if ((await storeReport(db, batch, reference, record)) === 'again') rechecked++;
    // The reference's new profiles are written after the verdict is stored: the report does not rely on them.
    await referenceColumns.store();
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
