import { columnTypes, type BatchMeta } from '../../core/batch.ts';
import type { DriftReportRecord, RelearnDb, WorkspaceRecord } from '../db.ts';
import { joinDriftReport } from '../heavyFields.ts';

function keyOf(reference: Pick<BatchMeta, 'id' | 'columns'>, types: unknown, workspace: WorkspaceRecord): string {
  return JSON.stringify({
    reference: reference.id,
    referenceTypes: columnTypes(reference),
    types,
    target: workspace.schema.target,
    driftChoices: workspace.schema.drift,
    settings: workspace.drift,
  });
}

/** Everything a batch's drift result depends on; a stored report with another key is stale. */
export const reportKey = (reference: Pick<BatchMeta, 'id' | 'columns'>, batch: Pick<BatchMeta, 'columns'>, workspace: WorkspaceRecord): string =>
  keyOf(reference, columnTypes(batch), workspace);

const TYPES_HOLE = JSON.stringify('relearn:the batch types go here');

/**
 * reportKey of many batches against one reference and workspace, each the same string: the parts they share
 * are written once, not once per batch (a year of batches is checked on every drift report stored).
 */
export function reportKeys(reference: Pick<BatchMeta, 'id' | 'columns'>, workspace: WorkspaceRecord): (batch: Pick<BatchMeta, 'columns'>) => string {
  const template = keyOf(reference, JSON.parse(TYPES_HOLE), workspace);
  // Quotes inside a JSON string are escaped, so this key and value can only be the top-level "types".
  const at = template.indexOf(`"types":${TYPES_HOLE}`) + '"types":'.length;
  const head = template.slice(0, at);
  const tail = template.slice(at + TYPES_HOLE.length);
  return (batch) => head + JSON.stringify(columnTypes(batch)) + tail;
}

/** Whether a stored check still describes the report and the champion of now (a check from before estimates were kept does not). */
export const isCurrentCheck = (record: Pick<DriftReportRecord, 'key' | 'champion'>, version: number): boolean =>
  record.champion !== undefined && record.champion.version === version && record.champion.reportKey === record.key && record.champion.estimate !== undefined;

/** One batch's report with its drawn distributions (kept apart: heavyFields.ts), or undefined. */
export async function getDriftReport(db: RelearnDb, batchId: string): Promise<DriftReportRecord | undefined> {
  const [record, overlays] = await Promise.all([db.driftReports.get(batchId), db.driftOverlays.get(batchId)]);
  return record && joinDriftReport(record, overlays);
}
