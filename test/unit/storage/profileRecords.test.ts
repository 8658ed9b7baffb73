import { describe, expect, it } from 'vitest';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import type { ColumnProfile, NumericProfile } from '../../../src/core/drift/profile.ts';
import { REFERENCE_PROFILE_VERSION, type ReferenceProfileRecord, type RelearnDb } from '../../../src/storage/db.ts';
import { profileOf, storableProfile } from '../../../src/storage/profileRecords.ts';
import { workspaceUsage } from '../../../src/storage/queries/usage.ts';
import { exportWorkspace } from '../../../src/storage/workspaceExport.ts';
import { batchCsv, dbPerTest, stored } from '../helpers/storage.ts';
import { EXPORT_OPTIONS } from '../helpers/workspace.ts';

const newDb = dbPerTest();

const bytesOf = (a: Float64Array): number[] => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));

/** The files a workspace export writes for the reference profiles, by path. */
async function profileFiles(db: RelearnDb): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const write = (path: string, bytes: Uint8Array): void => {
    if (path.startsWith('binary/referenceProfiles/') || path === 'referenceProfiles.json') files.set(path, Buffer.from(bytes).toString('utf8'));
  };
  await exportWorkspace(db, { write }, { ...EXPORT_OPTIONS, now: () => 0 });
  return files;
}

/** The reference's stored records, each with its profile as an array, and the drift reports' verdicts. */
async function storedState(db: RelearnDb, referenceId: string) {
  const records = await db.referenceProfiles.where('batchId').equals(referenceId).toArray();
  const profiles = await Promise.all(records.map(profileOf));
  const reports = (await db.driftReports.toArray()).map((r) => [r.batchId, r.report]);
  return { forms: records.map((r) => [r.profile.type, r.profile.type === 'numeric' ? r.profile.sorted.constructor.name : null, r.formatVersion]), profiles, reports };
}

describe('reference profile records', () => {
  it("store a numeric profile's sorted values as a Blob, read back bit for bit; a categorical one as it is", async () => {
    const sorted = new Float64Array([-Infinity, -1.5, -5e-324, -0, 0, 5e-324, 2.2250738585072014e-308, 1e300, Infinity]);
    const numeric: NumericProfile = { type: 'numeric', name: 'x', missing: 2, sorted, std: 1.25, edges: [-1.5, 0, 1e300] };
    const categorical: ColumnProfile = { type: 'categorical', name: 'c', missing: 1, categories: ['a', 'b'], counts: [3, 4] };
    const x = storableProfile({ batchId: 'b', column: 0, profile: numeric, formatVersion: REFERENCE_PROFILE_VERSION });
    const c = storableProfile({ batchId: 'b', column: 1, profile: categorical, formatVersion: REFERENCE_PROFILE_VERSION });
    expect(x.profile.type === 'numeric' && x.profile.sorted instanceof Blob).toBe(true);
    expect(c.profile).toBe(categorical);
    const db = newDb();
    await db.referenceProfiles.bulkAdd([x, c]);
    const [readX, readC] = await db.referenceProfiles.bulkGet([['b', 0], ['b', 1]]);
    const back = (await profileOf(readX!)) as NumericProfile;
    expect(back.sorted).toBeInstanceOf(Float64Array);
    expect(bytesOf(back.sorted)).toEqual(bytesOf(sorted));
    expect({ ...back, sorted: null }).toEqual({ ...numeric, sorted: null });
    expect(await profileOf(readC!)).toEqual(categorical);
    // A record holding its array, as a workspace file gives it, is read as it is.
    const asArray: ReferenceProfileRecord = { batchId: 'b', column: 0, profile: numeric, formatVersion: REFERENCE_PROFILE_VERSION };
    expect(await profileOf(asArray)).toBe(numeric);
  });

  it('a drift check stores Blobs; a profile of the previous version (its array in the record) is built again the same', async () => {
    const db = newDb();
    const reference = await stored(db, 'ref.csv', batchCsv(300));
    await stored(db, 'cur.csv', batchCsv(300, { shift: 1 }));
    await checkDueBatches(db);
    const built = await storedState(db, reference.id);
    expect(built.forms).toEqual([
      ['numeric', 'Blob', REFERENCE_PROFILE_VERSION],
      ['categorical', null, REFERENCE_PROFILE_VERSION],
      ['categorical', null, REFERENCE_PROFILE_VERSION],
    ]);
    const usage = (await workspaceUsage(db)).batches.find((b) => b.id === reference.id)!.profileBytes;
    const files = await profileFiles(db);

    // The previous version's form: the same profiles with their arrays, marked version 2; and the reports dropped.
    const records = await db.referenceProfiles.toArray();
    await db.referenceProfiles.bulkPut(await Promise.all(records.map(async (r) => ({ ...r, profile: await profileOf(r), formatVersion: 2 }))));
    expect((await workspaceUsage(db)).batches.find((b) => b.id === reference.id)!.profileBytes).toBe(usage);
    await db.driftReports.clear();
    await checkDueBatches(db);
    const rebuilt = await storedState(db, reference.id);
    expect(rebuilt.forms).toEqual(built.forms);
    expect(rebuilt.profiles).toEqual(built.profiles);
    expect(rebuilt.reports).toEqual(built.reports);
    // A workspace file holds the arrays, as before: the Blob form exports to the same files.
    expect(await profileFiles(db)).toEqual(files);
    expect([...files.keys()]).toEqual(['binary/referenceProfiles/0/profile.sorted.f64', 'referenceProfiles.json']);
  });
});
