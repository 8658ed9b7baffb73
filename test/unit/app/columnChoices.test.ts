import { afterEach, describe, expect, it } from 'vitest';
import { checkDueBatches } from '../../../src/app/drift/drift.ts';
import { defaultFeatureColumns, trainingTable } from '../../../src/app/training/train.ts';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { defaultTrainConfig } from '../../../src/core/training/config.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { readWorkspace, SettingsError } from '../../../src/storage/queries/workspace.ts';
import { rejection } from '../helpers/csv.ts';
import { freshDb, snapshot, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** 30 rows: an id unique per row, a number, a category and a label; the second batch's ids are all new. */
const rows = (prefix: string, shift: number): string =>
  'id,x,c,label\n' + Array.from({ length: 30 }, (_, i) => `${prefix}${i},${i + shift},${'ab'[i % 2]},${i % 3 === 0 ? 1 : 0}`).join('\n') + '\n';

async function workspace() {
  const { db } = freshDb();
  open.push(db);
  const reference = await stored(db, 'ref.csv', rows('r', 0));
  const current = await stored(db, 'cur.csv', rows('n', 0));
  await changeWorkspace(db, { target: 'label' });
  return { db, reference, current };
}

const reportOf = async (db: RelearnDb, batchId: string) => {
  await checkDueBatches(db);
  return (await db.driftReports.get(batchId))!.report;
};

describe('columns in and out of drift and features (stored with the workspace)', () => {
  it('an id-like column is listed with its reason, not compared and not counted, until put back in', async () => {
    const { db, current } = await workspace();
    const report = await reportOf(db, current.id);
    expect(report.columns.find((c) => c.name === 'id')).toMatchObject({ excluded: 'id-like', drift: null, rule: null, excludedText: expect.stringContaining('id-like') });
    expect(report.dataset).toMatchObject({ checkedColumns: 2, driftedColumns: 0, drift: false });

    await changeWorkspace(db, { driftColumns: { id: 'include', x: 'exclude' } });
    const again = await reportOf(db, current.id);
    // Every id is new: the new-category share (1) makes it drift; x is left out by the user.
    expect(again.columns.find((c) => c.name === 'id')).toMatchObject({ newCategoryShare: 1, drift: true });
    expect(again.columns.find((c) => c.name === 'x')).toMatchObject({ excluded: 'user', drift: null });
    expect(again.dataset).toMatchObject({ checkedColumns: 2, driftedColumns: 1, driftedShare: 0.5 });
  });

  it('drift and feature choices are stored separately, each change with an event', async () => {
    const { db, reference } = await workspace();
    const config = defaultTrainConfig('label');
    expect(await defaultFeatureColumns(db, [reference], 'label')).toEqual(['x', 'c']);
    await changeWorkspace(db, { featureColumns: { id: 'include', c: 'exclude' } });
    expect((await readWorkspace(db)).schema).toMatchObject({ drift: {}, features: { id: 'include', c: 'exclude' } });
    const { table } = await trainingTable(db, [reference.id], config);
    expect([...table.columns.keys()]).toEqual(['label', 'id', 'x']);
    await changeWorkspace(db, { featureColumns: { id: null } });
    expect((await readWorkspace(db)).schema.features).toEqual({ c: 'exclude' });
    const summaries = (await db.events.toArray()).map((e) => e.summary);
    expect(summaries).toEqual(
      expect.arrayContaining(['Column "id" put in the model features', 'Column "c" left out of the model features', 'Column "id" back to the default for features']),
    );
  });

  it('a column no batch has is refused by name and nothing is stored', async () => {
    const { db } = await workspace();
    const before = await snapshot(db);
    const error = await rejection(changeWorkspace(db, { driftColumns: { nope: 'exclude' } }));
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as SettingsError).message).toBe('drift: no column "nope"; the columns are id, x, c, label');
    expect(await snapshot(db)).toEqual(before);
  });
});
