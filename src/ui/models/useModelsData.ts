import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useSyncExternalStore } from 'react';
import { subscribeTraining, trainingState, type TrainingState } from '../../bridge/trainBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import { isEvent, type EventOf } from '../../core/events.ts';
import type { DeviceRecord, ModelRecord } from '../../storage/db.ts';
import { ModelFormatError, readableModels, readBackendChoice } from '../../storage/queries/models.ts';
import { db } from '../db.ts';
import { keyedRecords } from '../keyedRecords.ts';

/**
 * The stored versions, each read again only when it changes: a live query over the whole table read a
 * hundred versions (their curves, histories and holdout rows) in one task at every version registered,
 * and the garbage of it made that task longer still.
 */
const modelRecords = keyedRecords(db.models);

/**
 * Every registered version, newest first; the error when a stored version is in a model format this page
 * cannot read (the section says so instead of listing the rest); undefined while the first read is under way.
 */
export function useModels(): ModelRecord[] | ModelFormatError | undefined {
  const oldestFirst = useSyncExternalStore(modelRecords.subscribe, modelRecords.get);
  return useMemo(() => {
    if (!oldestFirst) return undefined;
    try {
      return readableModels([...oldestFirst].reverse());
    } catch (error) {
      if (error instanceof ModelFormatError) return error;
      throw error;
    }
  }, [oldestFirst]);
}

/** The stored backend probe and the user's override. */
export const useBackendChoice = (): DeviceRecord | undefined => useLiveQuery(() => readBackendChoice(db));

/** The training under way, or how the last one ended, from the train bridge. */
export const useTraining = (): TrainingState => useSyncExternalStore(subscribeTraining, trainingState);

const isTraining = (): boolean => trainingState().status === 'running';

/**
 * Whether a training runs, for the views that change only when one starts or ends: the training's
 * progress, drawn several times a second, redraws the live panel alone, not the section around it.
 */
export const useTrainingRuns = (): boolean => useSyncExternalStore(subscribeTraining, isTraining);

/** Column names across batches, in the first batch's order, then any that later batches add. */
export function columnNames(batches: BatchSummary[]): string[] {
  const names = new Set<string>();
  for (const batch of batches) for (const c of batch.columns) names.add(c.name);
  return [...names];
}

/** The champion and challenger aliases: version numbers, or null. */
export const useAliases = (): { champion: number | null; challenger: number | null } | undefined =>
  useLiveQuery(async () => {
    const rows = await db.aliases.toArray();
    return { champion: rows.find((r) => r.name === 'champion')?.version ?? null, challenger: rows.find((r) => r.name === 'challenger')?.version ?? null };
  });

/** The newest `shadow.scored` event whose challenger is the given version; null when there is none. */
export const useLatestShadow = (challenger: number | null): EventOf<'shadow.scored'> | null | undefined =>
  useLiveQuery(async () => {
    if (challenger === null) return null;
    const events = await db.events.where('kind').equals('shadow.scored').reverse().sortBy('seq');
    return events.find((e): e is EventOf<'shadow.scored'> => isEvent(e, 'shadow.scored') && e.details.challenger === challenger) ?? null;
  }, [challenger]);

const subscribeHash = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** `#/models/compare/<a>/<b>`: the two versions the comparison view shows, or null on any other route. */
export function useCompareRoute(): { a: number; b: number } | null {
  const hash = useSyncExternalStore(subscribeHash, () => window.location.hash);
  const match = /^#\/?models\/compare\/(\d+)\/(\d+)$/.exec(hash);
  return match ? { a: Number(match[1]), b: Number(match[2]) } : null;
}

export const compareHref = (a: number, b: number): string => `#/models/compare/${a}/${b}`;
