import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../../../src/core/errors.ts';
import { readCsv } from '../../../src/core/csv/readCsv.ts';
import { getBatch, listBatches, loadColumns } from '../../../src/storage/queries/batches.ts';
import { RelearnDb } from '../../../src/storage/db.ts';
import { readWorkspace } from '../../../src/storage/queries/workspace.ts';
import { chunked, rejection, utf8, values } from '../helpers/csv.ts';
import { fixtureBytes } from '../helpers/fixtures.ts';
import { batchCsv, counts, freshDb, ingestText, snapshot, stored } from '../helpers/storage.ts';

const open: RelearnDb[] = [];
const newDb = (...args: Parameters<typeof freshDb>) => {
  const made = freshDb(...args);
  open.push(made.db);
  return made;
};
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

describe('ingestBatch', () => {
  it('stores the batch metadata and its columns; loadColumns gives the values back', async () => {
    const { db } = newDb();
    const bytes = fixtureBytes('ok_missing_tokens.csv');
    const meta = await stored(db, 'missing.csv', bytes);
    const table = await readCsv(chunked(bytes));
    expect(meta).toMatchObject({ formatVersion: 1, id: table.sha256, name: 'missing.csv', rows: 80, bytes: bytes.length, delimiter: ',' });
    expect(meta.columns).toEqual([
      { name: 'x', inferredType: 'numeric', type: 'numeric' },
      { name: 'y', inferredType: 'numeric', type: 'numeric' },
      { name: 'label', inferredType: 'categorical', type: 'categorical' },
    ]);
    expect(meta.quality.map((q) => [q.name, q.missing, q.distinct])).toEqual([
      ['x', 53, 2],
      ['y', 0, 77],
      ['label', 0, 2],
    ]);
    expect(await getBatch(db, meta.id)).toEqual(meta);
    const loaded = await loadColumns(db, meta);
    expect(loaded.map(values)).toEqual(table.columns.map((c) => values(c.column)));
    expect(loaded[2]).toMatchObject({ type: 'categorical', dictionary: ['0', '1'] });
  });

  it('the first batch becomes the reference; the next is validated against it', async () => {
    const { db } = newDb();
    const first = await stored(db, 'one.csv', batchCsv(40));
    expect(first.validation).toBeNull();
    expect((await readWorkspace(db)).referenceBatchId).toBe(first.id);

    const second = await stored(db, 'two.csv', batchCsv(40, { extra: '-new' }));
    expect(second.validation).toMatchObject({ status: 'warn', referenceId: first.id });
    expect(second.validation?.checks.find((c) => c.check === 'new categories')?.value).toBe('3: a-new, b-new, c-new');
    expect((await readWorkspace(db)).referenceBatchId).toBe(first.id);

    const events = await db.events.orderBy('seq').toArray();
    expect(events.map((e) => [e.kind, e.batchId])).toEqual([
      ['batch.arrived', first.id],
      ['batch.arrived', second.id],
      ['batch.validated', second.id],
    ]);
    expect(events[2]?.summary).toBe('Validation passed with warnings against "one.csv": c new categories');
    expect(events[2]?.details).toEqual({ status: 'warn', referenceId: first.id });
    expect((await listBatches(db)).map((b) => b.name)).toEqual(['one.csv', 'two.csv']);
  });

  it('the same bytes again are a duplicate and store nothing new', async () => {
    const { db } = newDb();
    const first = await stored(db, 'one.csv', batchCsv(40));
    const before = await snapshot(db);
    const again = await ingestText(db, 'renamed.csv', batchCsv(40));
    expect(again).toEqual({ status: 'duplicate', batch: first });
    expect(await snapshot(db)).toEqual(before);
  });

  it('an aborted signal stores nothing', async () => {
    const { db } = newDb();
    await stored(db, 'one.csv', batchCsv(40));
    const before = await snapshot(db);
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(ingestText(db, 'two.csv', batchCsv(50), { signal: controller.signal }))).toBeInstanceOf(CancelledError);
    // Aborted after reading, before storing.
    const late = new AbortController();
    const error = await rejection(
      ingestText(db, 'three.csv', batchCsv(60), { signal: late.signal, onProgress: (p) => p.phase === 'checking' && late.abort() }),
    );
    expect((error as Error).name).toMatch(/CancelledError|AbortError/);
    expect(await snapshot(db)).toEqual(before);
  });

  it('data survives closing and reopening the database', async () => {
    const { db, factory, name } = newDb();
    const meta = await stored(db, 'one.csv', batchCsv(40));
    const columns = await loadColumns(db, meta);
    const before = await counts(db);
    db.close();

    const { db: reopened } = newDb(factory, name);
    expect(await counts(reopened)).toEqual(before);
    const again = await getBatch(reopened, meta.id);
    expect(again).toEqual(meta);
    expect((await loadColumns(reopened, meta)).map(values)).toEqual(columns.map(values));
    expect((await readWorkspace(reopened)).referenceBatchId).toBe(meta.id);
  });

  it('a batch stored with a newer format version is refused loudly', async () => {
    const { db } = newDb();
    const meta = await stored(db, 'one.csv', batchCsv(40));
    await db.batches.put({ ...meta, formatVersion: 2 });
    expect(await rejection(getBatch(db, meta.id))).toMatchObject({ message: expect.stringMatching(/format version 2; this build reads version 1/) });
    expect(await rejection(ingestText(db, 'one.csv', utf8(batchCsv(40))))).toMatchObject({ message: expect.stringMatching(/format version 2/) });
  });
});
