import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planColumn } from '../../../src/core/csv/mergeParts.ts';
import { PartColumn, type PartColumnData } from '../../../src/core/csv/partColumn.ts';
import { RunningPlan } from '../../../src/core/csv/runningPlan.ts';

const partOf = (cells: string[]): PartColumnData => {
  const part = new PartColumn();
  for (const c of cells) part.push(c);
  return part.finish();
};

/** Cells of one kind of column, and parts mixing them: plans hinge on integers, floats, dates, texts and missing cells. */
const cell = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom('0.5', '1e3', '-2.25', '', 'NA', 'NaN') },
  { weight: 1, arbitrary: fc.constantFrom('2024-01-31', '2023-12-01 10:00:00', 'x', 'yes', '1.50') },
);
const small = fc.array(cell, { minLength: 0, maxLength: 12 }).map(partOf);
/** A numeric part with many distinct spellings: alone or together such parts pass the dictionary cap kept while a column looks numeric. */
const wide = fc.record({ from: fc.integer({ min: 0, max: 3000 }), count: fc.integer({ min: 1000, max: 4200 }), float: fc.boolean() }).map(({ from, count, float }) =>
  partOf(Array.from({ length: count }, (_, i) => String(float ? (from + i) / 4 : from + i))),
);
const parts = fc.array(fc.oneof({ weight: 5, arbitrary: small }, { weight: 1, arbitrary: wide }), { minLength: 0, maxLength: 10 });
/** A text part after the others: the column turns to text late. */
const lateText = fc.tuple(parts, fc.array(fc.constantFrom('7', 'word', 'NA', '2024-01-31'), { minLength: 1, maxLength: 6 })).map(([before, cells]) => [...before, partOf([...cells, 'text'])]);

/** After every part, the running plan is planColumn over all the parts so far. */
const expectRunningEqualsWhole = (sequence: PartColumnData[]): void => {
  const running = new RunningPlan('c');
  expect(running.plan()).toEqual(planColumn('c', []));
  sequence.forEach((part, k) => {
    running.add(part);
    expect(running.plan()).toEqual(planColumn('c', sequence.slice(0, k + 1)));
  });
};

describe('RunningPlan', () => {
  it('equals planColumn over every part so far, for random sequences of parts', () => {
    fc.assert(fc.property(parts, expectRunningEqualsWhole), { numRuns: 200 });
  });

  it('equals planColumn when a late part turns the column to text', () => {
    fc.assert(fc.property(lateText, expectRunningEqualsWhole), { numRuns: 200 });
  });

  it('follows a column whose numbers pass the dictionary cap over several parts, then turns to text', () => {
    const numbers = (from: number): PartColumnData => partOf(Array.from({ length: 3000 }, (_, i) => String(from + i)));
    const sequence = [numbers(0), numbers(3000), partOf(['1', 'a'])];
    expectRunningEqualsWhole(sequence);
    const running = new RunningPlan('c');
    sequence.forEach((p) => running.add(p));
    expect(running.plan()).toMatchObject({ stored: 'categorical', dropped: true, first: 2, inferredType: 'categorical' });
  });
});
