import type { BatchMeta } from '../../core/batch.ts';
import type { WorkspaceRecord } from '../db.ts';

/** Everything a batch's drift result depends on; a stored report with another key is stale. */
export function reportKey(reference: BatchMeta, batch: BatchMeta, workspace: WorkspaceRecord): string {
  return JSON.stringify({
    reference: reference.id,
    referenceTypes: reference.columns.map((c) => [c.name, c.type]),
    types: batch.columns.map((c) => [c.name, c.type]),
    target: workspace.schema.target,
    driftChoices: workspace.schema.drift,
    settings: workspace.drift,
  });
}
