import { describe, expect, it } from 'vitest';
import type { BatchMeta } from '../../../src/core/batch.ts';
import type { WorkspaceRecord } from '../../../src/storage/db.ts';
import { reportKey, reportKeys } from '../../../src/storage/queries/driftReports.ts';
import { defaultWorkspace } from '../../../src/storage/queries/workspace.ts';

type Columns = Pick<BatchMeta, 'columns'>;
const columns = (...pairs: [string, 'numeric' | 'categorical' | 'datetime'][]): Columns['columns'] =>
  pairs.map(([name, type]) => ({ name, inferredType: type, type }));

const reference = { id: 'r'.repeat(64) as BatchMeta['id'], columns: columns(['x', 'numeric'], ['types', 'categorical'], ['"types":"q"', 'numeric']) };

// Column names that look like the key's own JSON, a target and drift choices, and a workspace as stored before drift choices existed.
const workspaces: WorkspaceRecord[] = [
  defaultWorkspace(),
  { ...defaultWorkspace(), schema: { target: 'types', typeOverrides: {}, drift: { types: 'exclude' } as unknown as WorkspaceRecord['schema']['drift'], features: {} } },
  { ...defaultWorkspace(), schema: { target: null, typeOverrides: {} } as unknown as WorkspaceRecord['schema'] },
];

const batches: Columns[] = [
  { columns: reference.columns },
  { columns: columns(['x', 'categorical'], ['types', 'categorical']) },
  { columns: [] },
  { columns: columns(['relearn:the batch types go here', 'numeric'], ['ünï\u0000cödé', 'datetime']) },
];

describe('reportKeys', () => {
  it('gives every batch the key reportKey gives it, so that stored reports stay current', () => {
    for (const workspace of workspaces) {
      const keyOf = reportKeys(reference, workspace);
      for (const batch of batches) expect(keyOf(batch)).toBe(reportKey(reference, batch, workspace));
    }
  });

  it('tells batches of other column types apart', () => {
    const keyOf = reportKeys(reference, defaultWorkspace());
    expect(new Set(batches.map(keyOf)).size).toBe(batches.length);
  });
});
