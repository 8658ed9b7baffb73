import { describe, expect, it } from 'vitest';
import { fittedOn, rowsTrainedOn, rowsUnseenBy } from '../../../src/core/compare/unseenRows.ts';
import { assertModelCard, trainedOnFile } from '../../../src/core/training/modelCard.ts';

const rows = (batchId: string, list: number[]) => ({ batchId, rows: Uint32Array.from(list) });

describe('rowsUnseenBy', () => {
  const holdout = [rows('old', [0, 1, 2, 3]), rows('new', [5, 6])];

  it('keeps rows of batches a version never read', () => {
    expect(rowsUnseenBy(holdout, [{ batches: [{ id: 'other' }], holdout: [] }])).toEqual({ rows: holdout, dropped: 0 });
  });

  it('of a batch a version read, keeps only the rows it held out', () => {
    const champion = { batches: [{ id: 'old' }], holdout: [rows('old', [1, 3, 9])] };
    expect(rowsUnseenBy(holdout, [champion])).toEqual({ rows: [rows('old', [1, 3]), rows('new', [5, 6])], dropped: 2 });
  });

  it('every version must not have trained on a row; a batch left empty is dropped', () => {
    const a = { batches: [{ id: 'old' }], holdout: [rows('old', [1, 3])] };
    const b = { batches: [{ id: 'old' }, { id: 'new' }], holdout: [rows('old', [3])] };
    expect(rowsUnseenBy(holdout, [a, b])).toEqual({ rows: [rows('old', [3])], dropped: 5 });
  });

  it('a version without lineage (imported) sees nothing', () => {
    expect(rowsUnseenBy(holdout, [{ batches: [], holdout: [] }]).dropped).toBe(0);
  });
});

describe('rowsTrainedOn: how many scored rows a version trained on', () => {
  const scored = [rows('old', [0, 1, 2, 3]), rows('new', [5, 6])];

  it('rows of its lineage batches count, less its holdout rows', () => {
    const version = { lineage: { batches: [{ id: 'old' }], holdout: [rows('old', [1, 3])] }, card: { trainingBatches: ['old'] } };
    expect(rowsTrainedOn(scored, version)).toBe(2);
  });

  it('rows of batches it never read do not count', () => {
    expect(rowsTrainedOn(scored, { lineage: { batches: [{ id: 'other' }], holdout: [] }, card: {} })).toBe(0);
  });

  it('an imported version falls back on its card: every row of a training batch counts (its holdout is not recorded)', () => {
    const imported = { lineage: { batches: [], holdout: [] }, card: { trainingBatches: ['new'] } };
    expect(fittedOn(imported)).toEqual({ batches: [{ id: 'new' }], holdout: [] });
    expect(rowsTrainedOn(scored, imported)).toBe(2);
  });

  it('an old card without training batches is unknown, never guessed as 0', () => {
    const old = { lineage: { batches: [], holdout: [] }, card: {} };
    expect(fittedOn(old)).toBeNull();
    expect(rowsTrainedOn(scored, old)).toBeNull();
  });
});

describe('trainedOnFile: a file is one of the training batches when its sha256 is on the card', () => {
  const hash = 'ab'.repeat(32);

  it('matches by hash, in any letter case', () => {
    expect(trainedOnFile({ trainingBatches: [hash] }, hash.toUpperCase())).toBe(true);
    expect(trainedOnFile({ trainingBatches: [hash] }, 'cd'.repeat(32))).toBe(false);
  });

  it('an old card without the hashes says unknown', () => {
    expect(trainedOnFile({}, hash)).toBeNull();
  });

  it('a card whose hashes are not a list of strings is refused with a message', () => {
    const card = { formatVersion: 1, task: 'binary', target: 't', preprocessing: {}, trainingBatches: 'abc' };
    expect(() => assertModelCard(card)).toThrow(/trainingBatches is not a list of batch hashes/);
    expect(() => assertModelCard({ ...card, trainingBatches: undefined })).not.toThrow();
  });
});
