import { describe, expect, it } from 'vitest';
import { changeWorkspace } from '../../../src/app/workspace/schemaChanges.ts';
import { buildTable } from '../../../src/core/training/table.ts';
import { WORKSPACE_ID } from '../../../src/storage/db.ts';
import { getBatch, loadColumns, loadStoredColumns } from '../../../src/storage/queries/batches.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { values } from '../helpers/csv.ts';
import { dbPerTest, stored } from '../helpers/storage.ts';

const database = dbPerTest();

/** n rows: count 0..n-1 (many integers), day a date, grade a/b, label 0/1. */
function csv(n: number, cell: (i: number) => { count?: string; day?: string } = () => ({})): string {
  const lines = ['count,day,grade,label'];
  for (let i = 0; i < n; i++) {
    const c = cell(i);
    lines.push(`${c.count ?? i},${c.day ?? `2024-01-${String((i % 28) + 1).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00`},${'ab'[i % 2]},${i % 2}`);
  }
  return `${lines.join('\n')}\n`;
}

const check = (meta: { validation: { checks: { check: string; column?: string; status: string; value: string }[] } | null }, name: string, column: string) =>
  meta.validation?.checks.find((c) => c.check === name && c.column === column);

describe('types fixed by the reference (docs/statistics.md "Column typing")', () => {
  it('a small later batch whose integer column has 3 distinct values is read numeric, passes, and trains with the reference', async () => {
    const db = database();
    const reference = await stored(db, 'ref.csv', csv(60));
    const small = await stored(db, 'small.csv', csv(60, (i) => ({ count: String(i % 3) })));
    expect(reference.columns.map((c) => c.type)).toEqual(['numeric', 'datetime', 'categorical', 'categorical']);
    expect(small.columns.map((c) => c.type)).toEqual(['numeric', 'datetime', 'categorical', 'categorical']);
    expect(small.quality[0]).toMatchObject({ type: 'numeric', inferredType: 'numeric', coercedToMissing: 0, numeric: { min: 0, max: 2 } });
    expect(small.validation?.status).toBe('pass');
    expect(check(small, 'type', 'count')).toMatchObject({ status: 'pass', value: '0.0% unfit (0 of 60 cells not numeric)' });
    const batches = await Promise.all([reference, small].map(async (b) => ({ id: b.id, name: b.name, columns: await loadColumns(db, b) })));
    expect(buildTable(batches, ['count', 'grade', 'label']).rows).toBe(120);
  });

  it('cells that do not fit are unfit: missing, counted, and above 5% of the cells read they fail validation', async () => {
    const db = database();
    await stored(db, 'ref.csv', csv(40));
    const two = await stored(db, 'two.csv', csv(40, (i) => (i < 2 ? { count: `n${i}` } : {})));
    expect(two.quality[0]).toMatchObject({ coercedToMissing: 2, missing: 2 });
    expect(check(two, 'type', 'count')).toMatchObject({ status: 'pass', value: '5.0% unfit (2 of 40 cells not numeric)' });
    const three = await stored(db, 'three.csv', csv(40, (i) => (i < 3 ? { count: `n${i}` } : i === 3 ? { day: 'soon' } : {})));
    expect(check(three, 'type', 'count')).toMatchObject({ status: 'fail', value: '7.5% unfit (3 of 40 cells not numeric)' });
    expect(check(three, 'type', 'day')).toMatchObject({ status: 'pass', value: '2.5% unfit (1 of 40 cells not dates)' });
    expect(three.validation?.status).toBe('fail');
  });

  it('a datetime column reports its range per batch, and is id-like when its values are unique', async () => {
    const db = database();
    const reference = await stored(db, 'ref.csv', csv(24));
    expect(reference.quality[1]).toMatchObject({ type: 'datetime', idLike: true, datetime: { min: '2024-01-01T00:00', max: '2024-01-24T23:00' } });
    const later = await stored(db, 'later.csv', csv(30, (i) => ({ day: `2025/02/${String(i + 1).padStart(2, '0')}` })).replace('2025/02/29', '2025-02-29'));
    expect(later.quality[1]).toMatchObject({ type: 'datetime', coercedToMissing: 2, datetime: { min: '2025/02/01', max: '2025/02/28' } });
  });

  it('changing the reference re-reads every batch from its cells as uploaded; changing back restores the first reading', async () => {
    const db = database();
    const first = await stored(db, 'first.csv', csv(40));
    const second = await stored(db, 'second.csv', csv(40, (i) => (i < 2 ? { count: `n${i}` } : {})));
    expect(values((await loadColumns(db, second))[0]!).slice(0, 3)).toEqual([NaN, NaN, 2]);

    // second's own inference (text in count) is categorical: every batch now reads count as text.
    await changeWorkspace(db, { referenceBatchId: second.id });
    const firstNow = (await getBatch(db, first.id))!;
    const secondNow = (await getBatch(db, second.id))!;
    expect([firstNow, secondNow].map((b) => b.columns[0])).toEqual([
      { name: 'count', inferredType: 'categorical', type: 'categorical' },
      { name: 'count', inferredType: 'categorical', type: 'categorical' },
    ]);
    expect(values((await loadColumns(db, secondNow))[0]!).slice(0, 3)).toEqual(['n0', 'n1', '2']);
    expect(secondNow.quality[0]?.coercedToMissing).toBe(0);
    const event = await db.events.where('kind').equals('reference.changed').first();
    expect(event?.summary).toBe('Reference batch set to "second.csv": re-read 2 batches with the new reference\'s types');

    await changeWorkspace(db, { referenceBatchId: first.id });
    const back = (await getBatch(db, second.id))!;
    expect(back.columns[0]).toEqual({ name: 'count', inferredType: 'numeric', type: 'numeric' });
    expect(back.quality[0]?.coercedToMissing).toBe(2);
    expect(values((await loadStoredColumns(db, back))[0]!).slice(0, 3)).toEqual(['n0', 'n1', '2']);
  });

  it('an override to datetime re-reads every batch; unfit cells are counted and their text kept', async () => {
    const db = database();
    const reference = await stored(db, 'ref.csv', csv(30, (i) => (i === 0 ? { day: 'unknown' } : {})));
    expect(reference.columns[1]?.type).toBe('categorical');
    await changeWorkspace(db, { typeOverrides: { day: 'datetime' } });
    const meta = (await getBatch(db, reference.id))!;
    expect(meta.columns[1]).toEqual({ name: 'day', inferredType: 'categorical', type: 'datetime' });
    expect(meta.quality[1]).toMatchObject({ type: 'datetime', coercedToMissing: 1, missing: 1 });
    expect(values((await loadColumns(db, meta))[1]!)[0]).toBeNull();
    expect(values((await loadStoredColumns(db, meta))[1]!)[0]).toBe('unknown');
  });

  it('stored validation settings without the unfit threshold read it as 0.05', async () => {
    const db = database();
    await stored(db, 'ref.csv', csv(30));
    const workspace = await readWorkspace(db);
    const old: Partial<typeof workspace.validation> = { ...workspace.validation };
    delete old.maxUnfitShare;
    await db.workspace.put({ ...workspace, id: WORKSPACE_ID, validation: old as typeof workspace.validation });
    expect((await readWorkspace(db)).validation.maxUnfitShare).toBe(0.05);
  });
});
