import { describe, expect, it } from 'vitest';
import { compareColumn } from '../../../src/core/drift/columnDrift.ts';
import { profileColumn } from '../../../src/core/drift/profile.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import { sideSummary } from '../../../src/core/drift/sideSummary.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

describe("each side's summary beside the drift statistic", () => {
  it("numeric: the mean and numpy's linear quartiles (pandas' describe), missing values left out", () => {
    // numpy.quantile([1, 2, 3, 4], [0.25, 0.5, 0.75]) = [1.75, 2.5, 3.25]
    expect(sideSummary(profileColumn(numericColumn('x', [4, null, 1, 3, 2])))).toEqual({ type: 'numeric', mean: 2.5, q1: 1.75, median: 2.5, q3: 3.25 });
    expect(sideSummary(profileColumn(numericColumn('x', [10, 1, 2, 3, 4])))).toEqual({ type: 'numeric', mean: 4, q1: 2, median: 3, q3: 4 });
  });

  it('categorical: the most frequent category, its share of the non-missing rows, and how many categories there are', () => {
    expect(sideSummary(profileColumn(categoricalColumn('c', ['sun', 'rain', 'sun', null, 'fog'])))).toEqual({ type: 'categorical', top: 'sun', topShare: 0.5, categories: 3 });
  });

  it('is kept with the compared column, and absent where a side has no values', () => {
    const drift = compareColumn(profileColumn(numericColumn('x', [1, 2, 3, 4])), profileColumn(numericColumn('x', [2, 4, 6, 8])), defaultDriftSettings());
    expect(drift.summary).toEqual({ reference: { type: 'numeric', mean: 2.5, q1: 1.75, median: 2.5, q3: 3.25 }, current: { type: 'numeric', mean: 5, q1: 3.5, median: 5, q3: 6.5 } });
    const empty = compareColumn(profileColumn(numericColumn('x', [1, 2])), profileColumn(numericColumn('x', [null, null])), defaultDriftSettings());
    expect(empty.summary).toBeUndefined();
  });
});
