import { describe, expect, it } from 'vitest';
import { qualityReport } from '../../../src/app/ingest/qualityReport.ts';
import { profileColumn, type ProfileInput } from '../../../src/core/quality.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

const ROWS = 300_000;
const inputs: ProfileInput[] = [
  numericColumn('a', Array.from({ length: ROWS }, (_, i) => (i % 11 === 0 ? null : Math.sin(i) * 100))),
  categoricalColumn('b', Array.from({ length: ROWS }, (_, i) => (i % 5 === 0 ? null : `c${i % 13}`))),
  numericColumn('c', Array.from({ length: ROWS }, (_, i) => i % 7)),
  numericColumn('d', Array.from({ length: ROWS }, (_, i) => i / 3)),
  numericColumn('e', Array.from({ length: ROWS }, () => null)),
  numericColumn('f', Array.from({ length: ROWS }, (_, i) => -i)),
  numericColumn('g', Array.from({ length: ROWS }, (_, i) => i * 1e-9)),
].map((column) => ({ column, inferredType: column.type, coercedToMissing: 0 }));

describe('qualityReport', () => {
  it('with a second core, gives each column its own report in column order, numeric ones made there from a copy', async () => {
    const sent: string[] = [];
    // The helper worker's part: profileColumn on a structured copy, as postMessage hands it over.
    const elsewhere = async (input: ProfileInput) => {
      sent.push(input.column.name);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return profileColumn(structuredClone(input));
    };
    const reports = await qualityReport(inputs, elsewhere);
    expect(reports).toEqual(inputs.map((input) => profileColumn(input)));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent).not.toContain('b');
  });

  it('makes a column here when the helper fails', async () => {
    const reports = await qualityReport(inputs, () => Promise.reject(new Error('the helper could not start')));
    expect(reports).toEqual(inputs.map((input) => profileColumn(input)));
  });

  it('keeps a small table on this core', async () => {
    const small = inputs.map((input) => ({ ...input, column: numericColumn(input.column.name, [1, 2, null]) }));
    const reports = await qualityReport(small, () => Promise.reject(new Error('not to be called')));
    expect(reports.map((r) => r.rows)).toEqual(small.map(() => 3));
  });
});
