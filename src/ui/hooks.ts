import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useSyncExternalStore } from 'react';
import type { BatchMeta } from '../core/batch.ts';
import { byArrival, getBatch, summaryWithDefaults } from '../storage/queries/batches.ts';
import type { WorkspaceRecord } from '../storage/db.ts';
import type { BatchSummary } from '../storage/heavyFields.ts';
import { readWorkspace } from '../storage/queries/workspace.ts';
import { db } from './db.ts';
import { keyedRecords } from './keyedRecords.ts';

const batchRecords = keyedRecords(db.batches);
/** Each stored summary with its defaults, made once per record read: unchanged batches keep their identity. */
const defaulted = new WeakMap<BatchSummary, BatchSummary>();
const withDefaults = (stored: BatchSummary): BatchSummary => {
  let summary = defaulted.get(stored);
  if (!summary) defaulted.set(stored, (summary = summaryWithDefaults(stored)));
  return summary;
};

/**
 * Every batch in arrival order, without quality reports (useBatchQuality); undefined while the first read is
 * under way. Read as keyedRecords reads (the batches written alone, the whole table a slice at a time): a
 * live query read a year of batches again in one task at every write to any of them, and at every section opened.
 */
export function useBatches(): BatchSummary[] | undefined {
  const stored = useSyncExternalStore(batchRecords.subscribe, batchRecords.get);
  return useMemo(() => stored && [...stored].sort(byArrival).map(withDefaults), [stored]);
}

/** One batch with its whole quality report (histograms, category counts), read only where it is shown. */
export const useFullBatch = (id: string): BatchMeta | undefined => useLiveQuery(() => getBatch(db, id), [id]);

/** The workspace's choices (target, type overrides, reference, thresholds), with defaults filled in. */
export const useWorkspace = (): WorkspaceRecord | undefined => useLiveQuery(() => readWorkspace(db));
