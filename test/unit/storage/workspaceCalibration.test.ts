import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { fitCalibration } from '../../../src/core/estimation/index.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { replaceWorkspace } from '../../../src/storage/commands/replaceWorkspace.ts';
import { saveCalibration } from '../../../src/storage/commands/models.ts';
import { WorkspaceError } from '../../../src/storage/workspaceErrors.ts';
import { exportWorkspaceZip, readWorkspaceZip } from '../../../src/storage/workspaceZip.ts';
import { freshDb } from '../helpers/storage.ts';
import { EXPORT_OPTIONS, populate, workspaceTables } from '../helpers/workspace.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});
const newDb = (): RelearnDb => {
  const { db } = freshDb();
  open.push(db);
  return db;
};

/** Class 1 is never predicted on these rows: its precision component is null (NaN in NannyML), which JSON must carry. */
const calibration = fitCalibration([0, 0, 1, 0, 1, 0], { layout: 'positive', values: [0.1, 0.2, 0.3, 0.4, 0.45, 0.05] }, ['no', 'yes']);

describe('a version`s calibration in a workspace file', () => {
  it('round-trips through the zip, null sampling-error components included', async () => {
    expect(calibration.samplingError.precision[0]!.variance).toBeNull();
    const source = await populate(newDb());
    const [model] = await source.models.toArray();
    await saveCalibration(source, model!.version, calibration);
    const bytes = await exportWorkspaceZip(source, EXPORT_OPTIONS);
    const target = newDb();
    await replaceWorkspace(target, await readWorkspaceZip(bytes, target.verno), 'test.zip');
    const after = await workspaceTables(target);
    // The import adds its own event; everything else is as exported.
    expect((after.events as { kind: string }[]).pop()).toMatchObject({ kind: 'workspace.imported' });
    expect(after).toStrictEqual(await workspaceTables(source));
    expect((await target.models.get(model!.version))!.calibration).toEqual(calibration);
  });

  it('refuses a calibration of the wrong shape, naming the field', async () => {
    const source = await populate(newDb());
    const [model] = await source.models.toArray();
    await saveCalibration(source, model!.version, calibration);
    const files = unzipSync(await exportWorkspaceZip(source, EXPORT_OPTIONS));
    const name = Object.keys(files).find((f) => f === 'models.json')!;
    const records = strFromU8(files[name]!).replace('"method":"isotonic"', '"method":"platt"');
    files[name] = strToU8(records);
    const target = newDb();
    const error = await readWorkspaceZip(zipSync(files as Zippable), target.verno).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkspaceError);
    expect((error as Error).message).toMatch(/"calibration\.method" should be one of "isotonic"/);
  });
});
