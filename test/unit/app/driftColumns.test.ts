import { afterEach, describe, expect, it } from 'vitest';
import { exclusions } from '../../../src/core/columnChoices.ts';
import { profileForDrift } from '../../../src/core/drift/profile.ts';
import { driftReport, withColumnTypes } from '../../../src/core/drift/report.ts';
import { checkDueBatches, groupColumns, GROUP_BYTES, profileStoredColumns, STORED_NEW_CATEGORIES, type ColumnProfiler } from '../../../src/app/drift/drift.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { listBatches, loadColumns } from '../../../src/storage/queries/batches.ts';
import { getDriftReport } from '../../../src/storage/queries/driftReports.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { batchCsv, freshDb, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A reference and two batches: one of them lacks a column and has one the reference lacks. */
async function workspace(): Promise<RelearnDb> {
  const { db } = freshDb();
  open.push(db);
  await stored(db, 'ref.csv', batchCsv(400));
  await stored(db, 'moved.csv', batchCsv(300, { shift: 40, ones: 0.8, extra: 'z' }));
  await stored(db, 'other.csv', 'x,label,new\n' + Array.from({ length: 200 }, (_, i) => `${i % 7 === 0 ? '' : i * 2},${i % 2},${i}`).join('\n') + '\n');
  return db;
}

/** What each stored report says, by batch name (ids differ between two databases). */
async function reports(db: RelearnDb): Promise<unknown[]> {
  const names = new Map<string, string>((await db.batches.toArray()).map((b) => [b.id, b.name]));
  const records = await db.driftReports.toArray();
  return records.map((r) => ({ batch: names.get(r.batchId), reference: names.get(r.referenceBatchId), warnings: r.warnings, report: r.report })).sort((x, y) => x.batch!.localeCompare(y.batch!));
}

describe('drift checked a column pair at a time', () => {
  it('a column profiled from storage, alone or in a group, is the profile of the column loaded whole', async () => {
    const db = await workspace();
    for (const batch of await listBatches(db)) {
      const columns = await loadColumns(db, batch);
      const jobs = batch.columns.map((schema, index) => ({ index, type: schema.type })).reverse();
      const grouped = await profileStoredColumns(db, batch, jobs);
      for (const [i, { index, type }] of jobs.entries()) {
        const whole = profileForDrift(columns[index]!, type);
        expect(grouped[i]!.profile).toEqual(whole);
        expect((await profileStoredColumns(db, batch, [{ index, type }]))[0]!.profile).toEqual(whole);
      }
    }
  });

  it('a group holds GROUP_BYTES of values, and at least one column however long', () => {
    expect(groupColumns(1_000_000)).toBe(1);
    expect(groupColumns(100_000)).toBe(Math.floor(GROUP_BYTES / 800_000));
    expect(groupColumns(100_000)).toBeGreaterThan(1);
    expect(groupColumns(GROUP_BYTES)).toBe(1);
    expect(groupColumns(0)).toBe(GROUP_BYTES / 8);
  });

  it('each stored report is the report of every profile held at once', async () => {
    const db = await workspace();
    await checkDueBatches(db);
    const { drift, schema } = await readWorkspace(db);
    const [reference, ...batches] = await listBatches(db);
    const profilesOf = async (batch: NonNullable<typeof reference>) => {
      const columns = await loadColumns(db, batch);
      const types = new Map(reference!.columns.map((c) => [c.name, c.type]));
      return columns.map((column, i) => profileForDrift(column, types.get(column.name) ?? batch.columns[i]!.type));
    };
    const referenceProfiles = await profilesOf(reference!);
    const types = new Map(reference!.columns.map((c) => [c.name, c.type]));
    for (const batch of batches) {
      const expected = withColumnTypes(driftReport(referenceProfiles, await profilesOf(batch), drift, schema.target, exclusions(reference!.quality, schema.drift)), types);
      const record = (await getDriftReport(db, batch.id))!;
      expect(expected.columns.every((c) => (c.newCategories?.length ?? 0) <= STORED_NEW_CATEGORIES)).toBe(true);
      expect(record.report).toEqual(expected);
    }
    expect((await db.driftReports.get(batches[1]!.id))!.report.dataset).toMatchObject({ missingColumns: ['c'], extraColumns: ['new'] });
  });

  it('the same reports with three profilers at once, and with the reference read back from storage for each batch', async () => {
    const kept = await workspace();
    await checkDueBatches(kept);
    const streamed = await workspace();
    const calls: string[] = [];
    const groups: number[] = [];
    const counting: ColumnProfiler = (batch, jobs) => {
      calls.push(...jobs.map(({ index }) => `${batch.name} ${index}`));
      groups.push(jobs.length);
      return profileStoredColumns(streamed, batch, jobs);
    };
    // A limit of 0 values: no reference profile is kept between batches; each is read back from storage.
    await checkDueBatches(streamed, undefined, undefined, [counting, counting, counting], 0);
    expect(await reports(streamed)).toEqual(await reports(kept));
    // The reference's 3 columns were built once (then read back from storage), each batch's shared columns once.
    expect(calls.sort()).toEqual(['moved.csv 0', 'moved.csv 1', 'moved.csv 2', 'other.csv 0', 'other.csv 1', 'ref.csv 0', 'ref.csv 1', 'ref.csv 2']);
    // Narrow batches: every shared column of a batch in one group, one read.
    expect(groups.sort()).toEqual([2, 3, 3]);
    expect(await streamed.referenceProfiles.count()).toBe(3);
  });
});
