import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/core/errors.ts';
import { StorageFullError } from '../../../src/storage/quota.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { REFERENCE_PROFILE_VERSION, type RelearnDb } from '../../../src/storage/db.ts';
import { batchesDueForDrift, checkDueBatches, profileStoredColumns, type ColumnProfiler, type DriftCheckProgress } from '../../../src/app/drift/drift.ts';
import { retypeBatch } from '../../../src/storage/commands/batches.ts';
import type { NumericProfile } from '../../../src/core/drift/profile.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { SettingsError } from '../../../src/storage/queries/workspace.ts';
import { rejection } from '../helpers/csv.ts';
import { batchCsv, freshDb, snapshot, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function database(): RelearnDb {
  const { db } = freshDb();
  open.push(db);
  return db;
}

describe('checkDueBatches', () => {
  it('checks each new batch against the reference once, with one event per batch', async () => {
    const db = database();
    const reference = await stored(db, 'ref.csv', batchCsv(300));
    const same = await stored(db, 'same.csv', batchCsv(300, { extra: '' , shift: 0.01 }));
    const moved = await stored(db, 'moved.csv', batchCsv(300, { shift: 200, ones: 0.9, extra: 'z' }));
    const progress: DriftCheckProgress[] = [];
    expect(await checkDueBatches(db, (p) => progress.push(p))).toEqual({ checked: 2, drifted: 1 });
    expect(progress.at(-1)).toMatchObject({ done: 2, total: 2 });

    const movedReport = (await db.driftReports.get(moved.id))!;
    expect(movedReport.referenceBatchId).toBe(reference.id);
    expect(movedReport.report.dataset).toMatchObject({ drift: true, checkedColumns: 3 });
    expect(movedReport.report.columns.find((c) => c.name === 'c')?.newCategories).toEqual(['az', 'bz', 'cz']);
    expect((await db.driftReports.get(same.id))!.report.dataset.drift).toBe(false);
    expect(await db.driftReports.get(reference.id)).toBeUndefined();

    const events = await db.events.where('kind').anyOf('drift.detected', 'drift.checked').toArray();
    expect(events.map((e) => [e.kind, e.batchId])).toEqual([
      ['drift.checked', same.id],
      ['drift.detected', moved.id],
    ]);
    expect(events[1]!.summary).toMatch(/^Dataset drift in "moved.csv" against "ref.csv": 3 of 3 columns drifted/);
    expect(await db.referenceProfiles.where('batchId').equals(reference.id).count()).toBe(3);

    expect(await checkDueBatches(db)).toEqual({ checked: 0, drifted: 0 });
  });

  it('a batch deleted while it is being checked leaves no report or drift event behind', async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(300));
    const gone = await stored(db, 'gone.csv', batchCsv(300, { shift: 200 }));
    const kept = await stored(db, 'kept.csv', batchCsv(300, { shift: 100 }));
    // As the Storage section's deletion would, between the check's start and its result.
    const remove = (p: DriftCheckProgress): void => {
      if (p.batchName === 'gone.csv') void db.transaction('rw', db.batches, () => db.batches.delete(gone.id));
    };
    await checkDueBatches(db, remove);
    expect(await db.driftReports.get(gone.id)).toBeUndefined();
    expect(await db.events.where('kind').anyOf('drift.checked', 'drift.detected').filter((e) => e.batchId === gone.id).count()).toBe(0);
    expect(await db.driftReports.get(kept.id)).toBeDefined();
  });

  it('reports the target as label drift, outside the dataset share', async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(300));
    const labels = await stored(db, 'labels.csv', batchCsv(300, { shift: 0.01, ones: 0.95 }));
    await changeWorkspace(db, { target: 'label' });
    await checkDueBatches(db);
    const { report } = (await db.driftReports.get(labels.id))!;
    expect(report.labelDrift).toMatchObject({ name: 'label', role: 'target', drift: true });
    expect(report.dataset.checkedColumns).toBe(2);
    expect(report.dataset.drift).toBe(false);
  });

  it('re-checks every batch after the drift settings change, with one summary event', async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(300));
    const later = await stored(db, 'later.csv', batchCsv(300, { shift: 5 }));
    await checkDueBatches(db);
    const settings = { ...defaultDriftSettings(), pin: { statistic: 'psi' as const, threshold: 5 } };
    await changeWorkspace(db, { drift: settings });
    expect((await batchesDueForDrift(db)).due.map((b) => b.id)).toEqual([later.id]);
    await checkDueBatches(db);
    const column = (await db.driftReports.get(later.id))!.report.columns[0]!;
    expect(column.rule).toMatchObject({ statistic: 'psi', threshold: 5 });
    expect(column.rule?.reason).toBe('pinned for all columns: PSI, drift when ≥ 5');
    expect(await db.events.where('kind').equals('drift.rechecked').count()).toBe(1);
    expect(await db.events.where('kind').equals('drift.settings').count()).toBe(1);
  });

  it('refuses impossible drift settings and changes nothing', async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(30));
    const before = await snapshot(db);
    const error = await rejection(changeWorkspace(db, { drift: { ...defaultDriftSettings(), alpha: 1.5, driftShare: 0 } }));
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toMatch(/alpha must be between 0 and 1.*drift share must be above 0/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('treats cells that do not fit the reference type as missing, with a warning', async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(30));
    const odd = await stored(db, 'odd.csv', 'x,c,label\n1,a,0\noops,b,1\n3,c,0\nnope,a,1\n');
    await checkDueBatches(db);
    const record = (await db.driftReports.get(odd.id))!;
    expect(record.warnings).toEqual([`column "x": 2 cells do not fit the reference's type (numeric) and were treated as missing`]);
    expect(record.report.columns[0]).toMatchObject({ name: 'x', type: 'numeric', nCurrent: 2, missingCurrent: 2 });
  });

  it('a cancelled check stores nothing', async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(30));
    await stored(db, 'b.csv', batchCsv(30, { shift: 1 }));
    const before = await snapshot(db);
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(checkDueBatches(db, undefined, controller.signal))).toBeInstanceOf(CancelledError);
    expect((await snapshot(db)).driftReports).toEqual(before.driftReports);
    expect((await snapshot(db)).events).toEqual(before.events);
  });

  it('a full disk while saving a report: a clear error and nothing half-written', async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(30));
    await stored(db, 'b.csv', batchCsv(30, { shift: 1 }));
    db.driftReports.hook('creating', () => {
      throw new DOMException('full', 'QuotaExceededError');
    });
    const error = await rejection(checkDueBatches(db));
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/^Browser storage is full: the drift report of "b.csv" could not be saved/);
    expect(await db.driftReports.count()).toBe(0);
    expect(await db.events.where('kind').anyOf('drift.detected', 'drift.checked').count()).toBe(0);
  });

  it("a full disk while storing the reference's profiles: that message after the report is stored, and no profile", async () => {
    const db = database();
    await stored(db, 'ref.csv', batchCsv(30));
    await stored(db, 'b.csv', batchCsv(30, { shift: 1 }));
    let writes = 0;
    db.referenceProfiles.hook('creating', () => {
      writes++;
      throw new DOMException('full', 'QuotaExceededError');
    });
    const error = await rejection(checkDueBatches(db));
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as Error).message).toMatch(/^Browser storage is full: the drift profile of the reference "ref.csv" could not be saved/);
    expect(writes).toBeGreaterThan(0);
    expect(await db.referenceProfiles.count()).toBe(0);
    // The verdict does not rely on the stored profiles: it is kept, and the next check builds them again.
    expect(await db.driftReports.count()).toBe(1);
  });

  it("stores the verdict before the reference's profiles; profiles never written are built again, to the same report", async () => {
    const db = database();
    const reference = await stored(db, 'ref.csv', batchCsv(300));
    const first = await stored(db, 'first.csv', batchCsv(300, { shift: 3 }));
    const writes: string[] = [];
    db.driftReports.hook('creating', () => void writes.push('report'));
    db.referenceProfiles.hook('creating', () => void writes.push('profile'));
    await checkDueBatches(db);
    expect(writes).toEqual(['report', 'profile', 'profile', 'profile']);
    const built = await db.driftReports.get(first.id);
    // As a tab closed between the verdict and the profiles' write leaves it.
    await db.referenceProfiles.clear();
    await db.driftReports.clear();
    expect(await checkDueBatches(db)).toEqual({ checked: 1, drifted: built!.report.dataset.drift ? 1 : 0 });
    expect((await db.driftReports.get(first.id))!.report).toEqual(built!.report);
    expect(await db.referenceProfiles.where('batchId').equals(reference.id).count()).toBe(3);
  });

  it('a reference column retyped while its profile waits to be written leaves no profile of it', async () => {
    const db = database();
    const reference = await stored(db, 'ref.csv', batchCsv(300));
    await stored(db, 'cur.csv', batchCsv(300, { shift: 3 }));
    // After profiling the reference, as the Data section's retype would, before the profiles are written.
    const retyping: ColumnProfiler = async (batch, jobs) => {
      const profiled = await profileStoredColumns(db, batch, jobs);
      if (batch.id === reference.id) await retypeBatch(db, { ...reference, columns: reference.columns.map((c) => (c.name === 'x' ? { ...c, type: 'categorical' } : c)) });
      return profiled;
    };
    await checkDueBatches(db, undefined, undefined, [retyping]);
    const columns = (await db.referenceProfiles.where('batchId').equals(reference.id).toArray()).map((r) => r.column);
    expect(columns.sort()).toEqual([1, 2]);
  });

  it('a reference profile stored before the pairwise std (no formatVersion) is built again', async () => {
    const db = database();
    const reference = await stored(db, 'ref.csv', batchCsv(40));
    await stored(db, 'cur.csv', batchCsv(40, { shift: 1 }));
    await checkDueBatches(db);
    const record = (await db.referenceProfiles.get([reference.id, 0]))!;
    expect(record.formatVersion).toBe(REFERENCE_PROFILE_VERSION);
    const std = (record.profile as NumericProfile).std;
    await db.referenceProfiles.put({ batchId: reference.id, column: 0, profile: { ...record.profile, std: 123 } as NumericProfile });
    await stored(db, 'next.csv', batchCsv(40, { shift: 2 }));
    await checkDueBatches(db);
    expect(((await db.referenceProfiles.get([reference.id, 0]))!.profile as NumericProfile).std).toBe(std);
    expect((await db.referenceProfiles.get([reference.id, 0]))?.formatVersion).toBe(REFERENCE_PROFILE_VERSION);
  });

  it('keeps the first 100 new categories by name and counts the rest', async () => {
    const db = database();
    await stored(db, 'ref.csv', 'id,x\n' + Array.from({ length: 50 }, (_, i) => `r${i},${i}`).join('\n') + '\n');
    const ids = await stored(db, 'ids.csv', 'id,x\n' + Array.from({ length: 500 }, (_, i) => `n${i},${i % 50}`).join('\n') + '\n');
    // An id column is left out of drift by default; put back in, it is compared and its new categories listed.
    await changeWorkspace(db, { driftColumns: { id: 'include' } });
    await checkDueBatches(db);
    const column = (await db.driftReports.get(ids.id))!.report.columns[0]!;
    expect(column.newCategories).toHaveLength(100);
    expect(column.newCategories?.[0]).toBe('n0');
    expect(column.newCategoryCount).toBe(500);
  });
});
