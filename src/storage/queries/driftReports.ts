import type { BatchMeta } from '../../core/batch.ts';
import type { DriftReportRecord, RelearnDb, WorkspaceRecord } from '../db.ts';
import { joinDriftReport } from '../heavyFields.ts';

/** Everything a batch's drift result depends on; a stored report with another key is stale. */
export function reportKey(reference: Pick<BatchMeta, 'id' | 'columns'>, batch: Pick<BatchMeta, 'columns'>, workspace: WorkspaceRecord): string {
  return JSON.stringify({
    reference: reference.id,
    referenceTypes: reference.columns.map((c) => [c.name, c.type]),
    types: batch.columns.map((c) => [c.name, c.type]),
    target: workspace.schema.target,
    driftChoices: workspace.schema.drift,
    settings: workspace.drift,
  });
}

/** Whether a stored check still describes the report and the champion of now (a check from before estimates were kept does not). */
export const isCurrentCheck = (record: Pick<DriftReportRecord, 'key' | 'champion'>, version: number): boolean =>
  record.champion !== undefined && record.champion.version === version && record.champion.reportKey === record.key && record.champion.estimate !== undefined;

/** One batch's report with its drawn distributions (kept apart: heavyFields.ts), or undefined. */
export async function getDriftReport(db: RelearnDb, batchId: string): Promise<DriftReportRecord | undefined> {
  const [record, overlays] = await Promise.all([db.driftReports.get(batchId), db.driftOverlays.get(batchId)]);
  return record && joinDriftReport(record, overlays);
}
