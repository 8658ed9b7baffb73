import { useLiveQuery } from 'dexie-react-hooks';
import { useSyncExternalStore } from 'react';
import { subscribeTraining, trainingState, type TrainingState } from '../../bridge/trainBridge.ts';
import type { BatchMeta } from '../../core/batch.ts';
import type { DeviceRecord, ModelRecord } from '../../storage/db.ts';
import { listModels, readBackendChoice } from '../../storage/models.ts';
import { db } from '../db.ts';

/** Every registered version, newest first; undefined while the first read is under way. */
export const useModels = (): ModelRecord[] | undefined => useLiveQuery(() => listModels(db));

/** The stored backend probe and the user's override. */
export const useBackendChoice = (): DeviceRecord | undefined => useLiveQuery(() => readBackendChoice(db));

/** The training under way, or how the last one ended, from the train bridge. */
export const useTraining = (): TrainingState => useSyncExternalStore(subscribeTraining, trainingState);

/** Whether a batch has the target column with at least one value: only those can be trained on. */
export function isLabelled(batch: BatchMeta, target: string | null): boolean {
  if (!target) return false;
  const quality = batch.quality.find((q) => q.name === target);
  return batch.columns.some((c) => c.name === target) && (quality ? quality.missing < quality.rows : true);
}

/** Column names across batches, in the first batch's order, then any that later batches add. */
export function columnNames(batches: BatchMeta[]): string[] {
  const names = new Set<string>();
  for (const batch of batches) for (const c of batch.columns) names.add(c.name);
  return [...names];
}
