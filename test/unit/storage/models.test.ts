import { describe, expect, it } from 'vitest';
import { MODEL_RECORD_VERSION } from '../../../src/storage/db.ts';
import { getModel, listModels, ModelFormatError } from '../../../src/storage/queries/models.ts';
import { freshDb } from '../helpers/storage.ts';
import { populate } from '../helpers/workspace.ts';

describe('model records in another format', () => {
  it('listModels refuses a version stored by a newer Relearn, naming the version and both formats', async () => {
    const { db } = freshDb();
    await populate(db);
    const first = await getModel(db, 1);
    await db.models.put({ ...first, version: 2, formatVersion: MODEL_RECORD_VERSION + 1 });

    const error = await listModels(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toBe(
      `model version 2 is stored in model format ${MODEL_RECORD_VERSION + 1}, written by a newer Relearn; this one reads model format ${MODEL_RECORD_VERSION}. Open the workspace with that newer Relearn (nothing was changed)`,
    );
    await expect(getModel(db, 2)).rejects.toThrow(/model version 2 is stored in model format 2/);
    // Nothing was dropped or rewritten: both records are still there as they were.
    expect(await db.models.count()).toBe(2);
    db.close();
  });

  it('a record with no format, or one no Relearn wrote, is refused too; each unreadable version is named', async () => {
    const { db } = freshDb();
    await populate(db);
    const first = await getModel(db, 1);
    // A record without the field, as a damaged or hand-edited store may hold (the record type requires it).
    await db.table('models').put({ ...first, formatVersion: undefined });
    await db.models.put({ ...first, version: 3, formatVersion: 0 });

    await expect(listModels(db)).rejects.toThrow(
      `model version 3 has model format 0, which no Relearn writes; this one reads model format ${MODEL_RECORD_VERSION}; model version 1 has model format none, which no Relearn writes; this one reads model format ${MODEL_RECORD_VERSION}`,
    );
    db.close();
  });

  it('lists every version, newest first, when all are in this format', async () => {
    const { db } = freshDb();
    await populate(db);
    const first = await getModel(db, 1);
    await db.models.put({ ...first, version: 2 });
    expect((await listModels(db)).map((m) => m.version)).toEqual([2, 1]);
    db.close();
  });
});
