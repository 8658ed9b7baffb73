import { describe, expect, it } from 'vitest';
import { candidateText, targetCandidates } from '../../../src/core/training/targetCandidates.ts';
import { categoricalColumn, numericColumn, profile } from '../helpers/columns.ts';

describe('targetCandidates: the columns a person may pick as the target, with the task each makes', () => {
  it('names the task per column: categorical two classes binary, more multiclass, numeric regression', () => {
    const columns = [
      categoricalColumn('weather', ['sun', 'rain', 'fog', 'snow', 'drizzle', 'sun']),
      categoricalColumn('rained', ['yes', 'no', 'yes', 'no', 'no', 'yes']),
      numericColumn('temp', [1, 2.5, 3, 4, 5, 6]),
    ].map((c) => profile(c));
    expect(targetCandidates(columns).map(candidateText)).toEqual(['weather → multiclass (5 classes)', 'rained → binary (2 classes)', 'temp → regression']);
  });

  it('leaves out ids, constants and columns with more classes than classification takes', () => {
    const many = Array.from({ length: 120 }, (_, i) => `c${i % 60}`);
    const columns = [
      categoricalColumn('id', Array.from({ length: 120 }, (_, i) => `row-${i}`)),
      categoricalColumn('same', Array.from({ length: 120 }, () => 'x')),
      categoricalColumn('sixty', many),
      numericColumn('y', Array.from({ length: 120 }, (_, i) => i % 7)),
    ].map((c) => profile(c));
    expect(targetCandidates(columns).map((c) => c.column)).toEqual(['y']);
  });
});
