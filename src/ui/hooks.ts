import { useLiveQuery } from 'dexie-react-hooks';
import type { BatchMeta } from '../core/batch.ts';
import { listBatches } from '../storage/queries/batches.ts';
import type { WorkspaceRecord } from '../storage/db.ts';
import { readWorkspace } from '../storage/queries/workspace.ts';
import { db } from './db.ts';

/** Every batch in arrival order; undefined while the first read is under way. */
export const useBatches = (): BatchMeta[] | undefined => useLiveQuery(() => listBatches(db));

/** The workspace's choices (target, type overrides, reference, thresholds), with defaults filled in. */
export const useWorkspace = (): WorkspaceRecord | undefined => useLiveQuery(() => readWorkspace(db));
