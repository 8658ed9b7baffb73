import { describe, expect, it } from 'vitest';
import { rowsUnseenBy } from '../../../src/core/compare/unseenRows.ts';

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
