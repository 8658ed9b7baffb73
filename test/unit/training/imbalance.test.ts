import { describe, expect, it } from 'vitest';
import { DOMINANT_SHARE, imbalanceWarning, RECALL_FLOOR } from '../../../src/core/training/imbalance.ts';

const YES_NO = ['no', 'yes'];

describe('imbalanceWarning', () => {
  it('names the dominant class and the ignored one, with the numbers (the court-records case)', () => {
    // 1000 rows: 960 "no", 40 "yes"; the model finds 2 of the 40.
    const w = imbalanceWarning(
      [
        [957, 3],
        [38, 2],
      ],
      YES_NO,
      'holdout rows',
    );
    expect(w).toEqual({
      rows: 1000,
      dominant: { label: 'no', predictedShare: 0.995, actualShare: 0.96 },
      lowRecall: [{ label: 'yes', recall: 0.05, support: 40 }],
      message: 'predicts "no" for 99.5% of holdout rows ("no" is 96.0% of them); recall of "yes" is 0.05',
    });
  });

  it(`warns at a predicted share of exactly ${DOMINANT_SHARE}, not just below it`, () => {
    // Recall of both classes stays at or above the floor, so only the share decides.
    const at = imbalanceWarning(
      [
        [180, 0],
        [10, 10],
      ],
      YES_NO,
      'rows',
    );
    expect(at?.dominant?.predictedShare).toBe(0.95);
    expect(at?.lowRecall).toEqual([]);
    expect(at?.message).toBe('predicts "no" for 95.0% of rows ("no" is 90.0% of them)');
    const below = imbalanceWarning(
      [
        [179, 1],
        [10, 10],
      ],
      YES_NO,
      'rows',
    );
    expect(below).toBeNull();
  });

  it(`warns at a recall just below ${RECALL_FLOOR}, not at ${RECALL_FLOOR} itself (binary)`, () => {
    const at = imbalanceWarning(
      [
        [50, 40],
        [9, 1],
      ],
      YES_NO,
      'rows',
    );
    expect(at).toBeNull();
    const below = imbalanceWarning(
      [
        [50, 40],
        [10, 1],
      ],
      YES_NO,
      'rows',
    );
    expect(below?.dominant).toBeNull();
    expect(below?.lowRecall).toEqual([{ label: 'yes', recall: 1 / 11, support: 11 }]);
    expect(below?.message).toBe('recall of "yes" is 0.09 (below 0.1)');
  });

  it('shows three decimals where two would round a flagged recall up to the floor', () => {
    const two = imbalanceWarning(
      [
        [900, 100],
        [1000, 98],
      ],
      YES_NO,
      'rows',
    );
    expect(two?.message).toBe('recall of "yes" is 0.09 (below 0.1)');
    const close = imbalanceWarning(
      [
        [100, 0],
        [1001, 110],
      ],
      YES_NO,
      'rows',
    );
    expect(close?.lowRecall[0]?.recall).toBeLessThan(0.1);
    expect(close?.message).toBe('recall of "yes" is 0.099 (below 0.1)');
  });

  it('checks every class of a multiclass model and skips classes without rows', () => {
    const w = imbalanceWarning(
      [
        [40, 5, 0, 5],
        [5, 30, 0, 5],
        [0, 0, 0, 0],
        [9, 9, 0, 1],
      ],
      ['a', 'b', 'c', 'd'],
      'holdout rows',
    );
    expect(w?.dominant).toBeNull();
    expect(w?.lowRecall.map((c) => c.label)).toEqual(['d']);
    expect(w?.message).toBe('recall of "d" is 0.05 (below 0.1)');
  });

  it('lists every ignored class when one class takes all the predictions', () => {
    const w = imbalanceWarning(
      [
        [90, 0, 0],
        [5, 0, 0],
        [5, 0, 0],
      ],
      ['x', 'y', 'z'],
      'holdout rows',
    );
    expect(w?.message).toBe('predicts "x" for 100.0% of holdout rows ("x" is 90.0% of them); recall of "y" is 0.00, of "z" is 0.00');
  });

  it('is null for a model that finds every class, and for no rows', () => {
    expect(
      imbalanceWarning(
        [
          [40, 10],
          [10, 40],
        ],
        YES_NO,
        'rows',
      ),
    ).toBeNull();
    expect(
      imbalanceWarning(
        [
          [0, 0],
          [0, 0],
        ],
        YES_NO,
        'rows',
      ),
    ).toBeNull();
  });
});
