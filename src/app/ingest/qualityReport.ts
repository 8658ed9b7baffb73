import { columnLength } from '../../core/columns.ts';
import { profileColumn, type ColumnQuality, type ProfileInput } from '../../core/quality.ts';

/** Makes one numeric column's report on another core (the page: a helper worker, sent a copy of the column). */
export type ProfileElsewhere = (input: ProfileInput) => Promise<ColumnQuality>;

/** Below this many cells a report takes less time than a round trip to a helper that may still have to start. */
const ELSEWHERE_FROM_CELLS = 2_000_000;

/** Lets queued messages (a helper's answer) in between two columns profiled here. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The quality report of every column, in column order: each column's report is profileColumn's,
 * made whole on one core, so its numbers do not depend on where it was made. With `elsewhere`, two
 * columns are made at once: one here and one there. Only numeric columns go there, as a copy: text
 * columns' dictionaries are dear to copy, and their counts are cheap here.
 */
export async function qualityReport(inputs: ProfileInput[], elsewhere?: ProfileElsewhere): Promise<ColumnQuality[]> {
  const cells = inputs.reduce((n, input) => n + columnLength(input.column), 0);
  if (!elsewhere || cells < ELSEWHERE_FROM_CELLS) return inputs.map((input) => profileColumn(input));
  const reports: ColumnQuality[] = new Array<ColumnQuality>(inputs.length);
  let next = 0;
  const here = async (): Promise<void> => {
    for (let i = next++; i < inputs.length; i = next++) {
      reports[i] = profileColumn(inputs[i]!);
      await nextTurn();
    }
  };
  const there = async (): Promise<void> => {
    for (let i = next++; i < inputs.length; i = next++) {
      const input = inputs[i]!;
      // A helper that fails (it could not start) costs time, not the upload: the column is made here.
      reports[i] = input.column.type === 'numeric' ? await elsewhere(input).catch(() => profileColumn(input)) : profileColumn(input);
    }
  };
  await Promise.all([there(), here()]);
  return reports;
}
