import { afterEach, describe, expect, it } from 'vitest';
import { defaultValidationSettings } from '../../../src/core/validation.ts';
import { getBatch, listBatches, loadColumns } from '../../../src/storage/queries/batches.ts';
import type { RelearnDb } from '../../../src/storage/db.ts';
import { changeWorkspace, finishInterruptedSchemaChange } from '../../../src/app/workspace/schemaChanges.ts';
import { readWorkspace, SettingsError } from '../../../src/storage/queries/workspace.ts';
import { cells, rejection, values } from '../helpers/csv.ts';
import { batchCsv, freshDb, snapshot, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A workspace with a reference (40 rows) and a second batch whose labels are 80% ones. */
async function twoBatches() {
  const { db } = freshDb();
  open.push(db);
  const first = await stored(db, 'one.csv', batchCsv(40));
  const second = await stored(db, 'two.csv', batchCsv(40, { shift: 0.25, ones: 0.8 }));
  return { db, first, second };
}

const reload = async (db: RelearnDb, id: string) => {
  const meta = await getBatch(db, id);
  if (!meta) throw new Error(`batch ${id} is gone`);
  return meta;
};

describe('changeWorkspace', () => {
  it('a type override re-reads the stored columns of every batch and profiles them again', async () => {
    const { db, first, second } = await twoBatches();
    const xBefore = values((await loadColumns(db, second))[0]!);
    await changeWorkspace(db, { typeOverrides: { x: 'categorical', label: 'numeric' } });
    expect((await readWorkspace(db)).schema.typeOverrides).toEqual({ x: 'categorical', label: 'numeric' });

    for (const id of [first.id, second.id]) {
      const meta = await reload(db, id);
      expect(meta.columns).toEqual([
        { name: 'x', inferredType: 'numeric', type: 'categorical' },
        { name: 'c', inferredType: 'categorical', type: 'categorical' },
        { name: 'label', inferredType: 'categorical', type: 'numeric' },
      ]);
      const [x, , label] = meta.quality;
      expect(x).toMatchObject({ type: 'categorical', inferredType: 'numeric', distinct: 40 });
      expect(x?.numeric).toBeUndefined();
      expect(x?.categorical?.counts).toHaveLength(40);
      expect(label).toMatchObject({ type: 'numeric', numeric: { min: 0, max: 1 } });
      const columns = await loadColumns(db, meta);
      expect(columns.map((c) => c.type)).toEqual(['categorical', 'categorical', 'numeric']);
    }
    const secondColumns = await loadColumns(db, await reload(db, second.id));
    expect(cells(secondColumns[0]!)).toEqual(xBefore.map(String));
    expect(values(secondColumns[2]!)).toEqual(Array.from({ length: 40 }, (_, i) => (i < 32 ? 1 : 0)));
    expect((await reload(db, second.id)).validation?.status).toBe('pass');

    // Removing the overrides brings the inferred types back, values intact.
    await changeWorkspace(db, { typeOverrides: { x: null, label: null } });
    const back = await reload(db, second.id);
    expect(back.columns.map((c) => c.type)).toEqual(['numeric', 'categorical', 'categorical']);
    expect(values((await loadColumns(db, back))[0]!)).toEqual(xBefore);
    const events = await db.events.where('kind').equals('schema.changed').toArray();
    expect(events.map((e) => e.summary)).toEqual([
      'Column "x" typed as categorical: re-read 2 batches',
      'Column "label" typed as numeric: re-read 2 batches',
      'Column "x" back to its inferred type: re-read 2 batches',
      'Column "label" back to its inferred type: re-read 2 batches',
    ]);
  });

  it('setting the target validates every batch again, with class balance', async () => {
    const { db, first, second } = await twoBatches();
    expect(second.validation?.checks.some((c) => c.check === 'class balance')).toBe(false);
    await changeWorkspace(db, { target: 'label' });
    const after = await reload(db, second.id);
    expect(after.validation).toMatchObject({ status: 'warn', referenceId: first.id });
    expect(after.validation?.checks.find((c) => c.check === 'class balance')).toMatchObject({ status: 'warn', value: '"1" +30.0%' });
    expect((await reload(db, first.id)).validation).toBeNull();
  });

  it('a new reference: its validation is null and the others are validated against it', async () => {
    const { db, first, second } = await twoBatches();
    await changeWorkspace(db, { target: 'label' });
    await changeWorkspace(db, { referenceBatchId: second.id });
    expect((await readWorkspace(db)).referenceBatchId).toBe(second.id);
    expect((await reload(db, second.id)).validation).toBeNull();
    const firstNow = await reload(db, first.id);
    expect(firstNow.validation).toMatchObject({ status: 'warn', referenceId: second.id });
    expect(firstNow.validation?.checks.find((c) => c.check === 'class balance')?.value).toBe('"1" -30.0%');
    const event = await db.events.where('kind').equals('reference.changed').first();
    expect(event).toMatchObject({ batchId: second.id, summary: 'Reference batch set to "two.csv": re-read 2 batches with the new reference\'s types' });
  });

  it('new thresholds validate again', async () => {
    const { db, second } = await twoBatches();
    await changeWorkspace(db, { validation: { ...defaultValidationSettings, minRows: 41 } });
    const after = await reload(db, second.id);
    expect(after.validation?.status).toBe('fail');
    expect(after.validation?.checks.find((c) => c.check === 'enough rows')).toMatchObject({ status: 'fail', threshold: '≥ 41' });
  });

  it.each([
    [{ validation: { ...defaultValidationSettings, minRows: -3 } }, /minimum rows/],
    [{ validation: { ...defaultValidationSettings, maxMissingShare: 1.2 } }, /maximum missing share/],
    [{ referenceBatchId: 'no-such-batch' }, /no batch with id no-such-batch/],
  ])('refuses %j with a SettingsError and changes nothing', async (change, message) => {
    const { db } = await twoBatches();
    const before = await snapshot(db);
    const error = await rejection(changeWorkspace(db, change));
    expect(error).toBeInstanceOf(SettingsError);
    expect((error as Error).message).toMatch(message);
    expect(await snapshot(db)).toEqual(before);
    expect((await listBatches(db)).length).toBe(2);
  });
});

describe('finishInterruptedSchemaChange', () => {
  it('brings batches left behind by an interrupted change in line, and then has nothing to do', async () => {
    const { db, first, second } = await twoBatches();
    expect(await finishInterruptedSchemaChange(db)).toBe(false);

    // The workspace was saved but the tab closed before any batch was re-typed.
    const workspace = await readWorkspace(db);
    await db.workspace.put({ ...workspace, schema: { ...workspace.schema, typeOverrides: { label: 'numeric' } } });
    expect((await reload(db, second.id)).columns.find((c) => c.name === 'label')?.type).toBe('categorical');

    expect(await finishInterruptedSchemaChange(db)).toBe(true);
    for (const id of [first.id, second.id]) {
      const meta = await reload(db, id);
      expect(meta.columns.find((c) => c.name === 'label')?.type).toBe('numeric');
      expect((await loadColumns(db, meta)).find((c) => c.name === 'label')?.type).toBe('numeric');
    }
    expect(await finishInterruptedSchemaChange(db)).toBe(false);
  });

  it('re-validates batches that were checked against an older reference', async () => {
    const { db, first, second } = await twoBatches();
    const workspace = await readWorkspace(db);
    await db.workspace.put({ ...workspace, referenceBatchId: second.id });

    expect(await finishInterruptedSchemaChange(db)).toBe(true);
    expect((await reload(db, second.id)).validation).toBeNull();
    expect((await reload(db, first.id)).validation?.referenceId).toBe(second.id);
  });
});
