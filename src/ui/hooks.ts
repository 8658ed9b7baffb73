import { useLiveQuery } from 'dexie-react-hooks';
import type { BatchMeta } from '../core/batch.ts';
import { getBatch, listBatchSummaries } from '../storage/queries/batches.ts';
import type { WorkspaceRecord } from '../storage/db.ts';
import type { BatchSummary } from '../storage/heavyFields.ts';
import { readWorkspace } from '../storage/queries/workspace.ts';
import { db } from './db.ts';

/** Every batch in arrival order, without quality reports (useBatchQuality); undefined while the first read is under way. */
export const useBatches = (): BatchSummary[] | undefined => useLiveQuery(() => listBatchSummaries(db));

/** One batch with its whole quality report (histograms, category counts), read only where it is shown. */
export const useFullBatch = (id: string): BatchMeta | undefined => useLiveQuery(() => getBatch(db, id), [id]);

/** The workspace's choices (target, type overrides, reference, thresholds), with defaults filled in. */
export const useWorkspace = (): WorkspaceRecord | undefined => useLiveQuery(() => readWorkspace(db));
