import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../../src/storage/heavyFields.ts';
import type { DriftReportRecord } from '../../../src/storage/db.ts';
import { sameDrifts, type BatchDrift } from '../../../src/ui/monitor/useDriftData.ts';

const batch = (id: string): BatchSummary => ({ id, name: `${id}.csv` }) as unknown as BatchSummary;
const report = (batchId: string): DriftReportRecord => ({ batchId, key: `k-${batchId}` }) as unknown as DriftReportRecord;

describe('sameDrifts', () => {
  const a = batch('a');
  const b = batch('b');
  const ra = report('a');
  const rows: BatchDrift[] = [
    { batch: a, number: 2, record: ra, current: true },
    { batch: b, number: 3, record: null, current: false },
  ];

  it('holds for rows made again around the same batches and reports', () => {
    expect(sameDrifts(rows, rows.map((r) => ({ ...r })))).toBe(true);
  });

  it('fails for a new report, a report no longer current, another batch or another length', () => {
    expect(sameDrifts(rows, [rows[0]!, { ...rows[1]!, record: report('b'), current: true }])).toBe(false);
    expect(sameDrifts(rows, [{ ...rows[0]!, record: report('a') }, rows[1]!])).toBe(false);
    expect(sameDrifts(rows, [{ ...rows[0]!, current: false }, rows[1]!])).toBe(false);
    expect(sameDrifts(rows, [rows[0]!, { ...rows[1]!, batch: batch('c') }])).toBe(false);
    expect(sameDrifts(rows, rows.slice(0, 1))).toBe(false);
  });
});
