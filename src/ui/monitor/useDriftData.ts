import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { driftCheckState, subscribeDriftCheck, type DriftCheckState } from '../../bridge/driftBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import type { ChampionImportance } from '../../core/importance/driftThatMatters.ts';
import type { DriftReportRecord, WorkspaceRecord } from '../../storage/db.ts';
import { getDriftReport, reportKeys } from '../../storage/queries/driftReports.ts';
import { champion } from '../../storage/queries/registry.ts';
import { db } from '../db.ts';
import { keyedRecords } from '../keyedRecords.ts';

const driftReports = keyedRecords(db.driftReports);

/**
 * Every stored drift report, without the distributions drawn (useDrawnReport); undefined while the first
 * read is under way. A report stored is read alone, not with the year of reports beside it.
 */
export const useDriftReports = (): DriftReportRecord[] | undefined => useSyncExternalStore(driftReports.subscribe, driftReports.get);

/**
 * The shown batch's report with the distributions its columns draw (kept apart, read for this one only), once
 * read; until then, and when none is stored, the report as listed.
 */
export function useDrawnReport(listed: DriftReportRecord | null): DriftReportRecord | null {
  const batchId = listed?.batchId ?? null;
  const drawn = useLiveQuery(async () => (batchId ? ((await getDriftReport(db, batchId)) ?? null) : null), [batchId]);
  return drawn && listed && drawn.key === listed.key ? drawn : listed;
}

/** The champion's version and permutation importance, to weigh drift by; null without a champion, undefined while reading. */
export const useChampionImportance = (): ChampionImportance | undefined =>
  useLiveQuery(async () => {
    const current = await champion(db);
    return current ? { version: current.version, importance: current.importance } : null;
  });

/** What the drift worker is doing now: idle (with its last sweep), checking (with progress) or failed. */
export const useDriftCheck = (): DriftCheckState => useSyncExternalStore(subscribeDriftCheck, driftCheckState);

/** One batch other than the reference, with its stored report and whether that report is current. */
export interface BatchDrift {
  batch: BatchSummary;
  /** Position in arrival order among all batches, from 1. */
  number: number;
  record: DriftReportRecord | null;
  /** False when the report was made against another reference, other types or other settings. */
  current: boolean;
}

/** The batches compared with the reference, in arrival order. */
export function batchDrifts(batches: BatchSummary[], reference: BatchSummary, records: DriftReportRecord[], workspace: WorkspaceRecord): BatchDrift[] {
  const byBatch = new Map(records.map((r) => [r.batchId, r]));
  const keyOf = reportKeys(reference, workspace);
  return batches.flatMap((batch, index) => {
    if (batch.id === reference.id) return [];
    const record = byBatch.get(batch.id) ?? null;
    const current = record !== null && record.key === keyOf(batch);
    return [{ batch, number: index + 1, record, current }];
  });
}

/**
 * Whether two lists of rows show the same: the same batches with the same reports, equally current. The
 * rows are made again whenever any report is stored (a drift check stores hundreds), their batches and
 * reports keep their identity while unchanged.
 */
export const sameDrifts = (a: readonly BatchDrift[], b: readonly BatchDrift[]): boolean =>
  a.length === b.length && a.every((r, i) => r.batch === b[i]!.batch && r.record === b[i]!.record && r.current === b[i]!.current && r.number === b[i]!.number);

/** The batch the route names, else the newest one with a report (current ones first). */
export function chosenBatch(rows: BatchDrift[], batchId: string | null): BatchDrift | undefined {
  if (batchId) return rows.find((r) => r.batch.id === batchId);
  const newest = (keep: (r: BatchDrift) => boolean): BatchDrift | undefined => [...rows].reverse().find(keep);
  return newest((r) => r.current) ?? newest((r) => r.record !== null) ?? rows[rows.length - 1];
}
