import { describe, expect, it } from 'vitest';
import type { DriftReportRecord } from '../../../src/storage/db.ts';
import { keyedRecords } from '../../../src/ui/keyedRecords.ts';
import { dbPerTest } from '../helpers/storage.ts';

const openDb = dbPerTest();

// Only the keys matter here: the store reads whatever the table holds.
const report = (batchId: string, checkedAt = 1): DriftReportRecord => ({ batchId, referenceBatchId: 'ref', checkedAt }) as DriftReportRecord;

/** Subscribes, and gives the list after each change the store announces. */
function watch(store: ReturnType<typeof keyedRecords<DriftReportRecord, string>>) {
  let wake: (() => void) | null = null;
  const unsubscribe = store.subscribe(() => wake?.());
  const next = async (): Promise<DriftReportRecord[]> => {
    await new Promise<void>((resolve) => (wake = resolve));
    return store.get()!;
  };
  return { next, unsubscribe };
}

describe('keyedRecords', () => {
  it('reads a table of many records whole, in key order, with records of compound keys', async () => {
    const db = openDb();
    const profiles = Array.from({ length: 70 }, (_, i) => ({ batchId: `b${i % 3}`, column: i, profile: { kind: 'numeric' } }) as never);
    await db.referenceProfiles.bulkPut(profiles);
    const store = keyedRecords(db.referenceProfiles);
    let wake: () => void = () => {};
    const read = new Promise<void>((resolve) => (wake = resolve));
    const unsubscribe = store.subscribe(() => wake());
    await read;
    const expected = (await db.referenceProfiles.toArray()).map((p) => `${p.batchId}/${p.column}`);
    expect(store.get()!.map((p) => `${p.batchId}/${p.column}`)).toEqual(expected);
    expect(expected).toHaveLength(70);
    unsubscribe();
  });

  it('reads the table once, then only the records written or deleted, keeping the others as they were', async () => {
    const db = openDb();
    await db.driftReports.bulkPut([report('c'), report('a'), report('b')]);
    const store = keyedRecords(db.driftReports);
    expect(store.get()).toBeUndefined();
    const { next, unsubscribe } = watch(store);
    const first = await next();
    expect(first.map((r) => r.batchId)).toEqual(['a', 'b', 'c']);

    const written = next();
    await db.driftReports.put(report('b', 2));
    const second = await written;
    expect(second.map((r) => [r.batchId, r.checkedAt])).toEqual([['a', 1], ['b', 2], ['c', 1]]);
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);

    const added = next();
    await db.driftReports.put(report('aa'));
    expect((await added).map((r) => r.batchId)).toEqual(['a', 'aa', 'b', 'c']);

    const deleted = next();
    await db.driftReports.delete('c');
    const third = await deleted;
    expect(third.map((r) => r.batchId)).toEqual(['a', 'aa', 'b']);
    expect(third[0]).toBe(first[0]);
    unsubscribe();
    expect(store.get()).toBeUndefined();
  });

  it('reads the whole table again after a write too large to name its keys, and after clearing it', async () => {
    const db = openDb();
    await db.driftReports.put(report('a'));
    const store = keyedRecords(db.driftReports);
    const { next, unsubscribe } = watch(store);
    await next();
    const many = next();
    await db.driftReports.bulkPut(Array.from({ length: 60 }, (_, i) => report(`m${String(i).padStart(2, '0')}`)));
    // Read again a slice at a time: every record once, in key order.
    const all = await many;
    expect(all.map((r) => r.batchId)).toEqual(['a', ...Array.from({ length: 60 }, (_, i) => `m${String(i).padStart(2, '0')}`)]);
    const cleared = next();
    await db.driftReports.clear();
    expect(await cleared).toEqual([]);
    unsubscribe();
  });

  it('leaves the records of other tables and other databases alone', async () => {
    const db = openDb();
    const other = openDb();
    await db.driftReports.put(report('a'));
    const store = keyedRecords(db.driftReports);
    const { next, unsubscribe } = watch(store);
    const first = await next();
    let announced = 0;
    const count = store.subscribe(() => announced++);
    await other.driftReports.put(report('z'));
    await db.batches.put({ id: 'x' } as never);
    const written = next();
    await db.driftReports.put(report('b'));
    expect((await written).map((r) => r.batchId)).toEqual(['a', 'b']);
    expect(announced).toBe(1);
    expect((await written)[0]).toBe(first[0]);
    count();
    unsubscribe();
  });
});
