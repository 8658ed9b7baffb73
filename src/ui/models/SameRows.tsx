import { useSyncExternalStore } from 'react';
import { sameRowsFor, sameRowsState, startSameRows, subscribeSameRows, type SameRowsState } from '../../bridge/sameRowsBridge.ts';
import type { SameRows } from '../../bridge/trainBridge.ts';
import type { ModelRecord } from '../../storage/db.ts';
import { formatCount } from '../format.ts';

/**
 * The versions table's same-rows scores for these versions: computed in the train worker when asked and kept
 * per set of versions, so reopening the section shows them at once; a new version asks again.
 */
export function useSameRows(models: ModelRecord[]): { state: SameRowsState; start: () => void } {
  const state = useSyncExternalStore(subscribeSameRows, sameRowsState);
  return { state: sameRowsFor(state, models), start: () => void startSameRows(models) };
}

/** "F1 (macro) on the 412 holdout rows of run #7 (version 7)", with what was left out: the column's header tooltip. */
export function basisText(result: SameRows, metricLabel: string): string {
  const b = result.basis;
  if (!b) return `Each figure is on the version’s own holdout: ${result.reason ?? 'no rows are shared'}.`;
  const whose = b.runNumber !== null ? `run #${b.runNumber} (version ${b.version})` : `version ${b.version}`;
  const left = b.leftOut > 0 ? `; ${formatCount(b.leftOut)} of its ${formatCount(b.holdoutRows)} holdout rows left out because a listed version trained on them` : '';
  return `${metricLabel} of every version on the same ${formatCount(b.rows)} holdout rows of ${whose}${left}: the rows the gate scores a challenger on.`;
}

/** The switch above the versions table: score every version on the same rows, its progress, and what the figures are on. */
export function SameRowsBar({ state, start, versions, metricLabel }: { state: SameRowsState; start: () => void; versions: number; metricLabel: string }) {
  if (versions < 2) return null;
  return (
    <div className="same-rows-bar" aria-label="Same rows">
      {state.status === 'idle' && (
        <>
          <span className="muted">The primary metric is each version’s score on its own holdout: different rows, so not comparable across versions.</span>{' '}
          <button type="button" className="btn" onClick={start}>
            Score every version on the same rows
          </button>
        </>
      )}
      {state.status === 'scoring' && (
        <p role="status" className="muted">
          <span className="spinner" aria-hidden="true" /> Scoring on the same rows
          {state.progress && state.progress.version !== null ? `: version ${state.progress.version} (${state.progress.done + 1} of ${state.progress.of})` : ''}…
        </p>
      )}
      {state.status === 'done' && (
        <p role="status" className={state.result.basis ? 'muted' : 'trained-on-note'}>
          {basisText(state.result, metricLabel)}
        </p>
      )}
      {state.status === 'failed' && (
        <p role="alert" className="inline-error">
          Could not score the versions on the same rows: {state.message}{' '}
          <button type="button" className="btn btn-quiet" onClick={start}>
            Try again
          </button>
        </p>
      )}
    </div>
  );
}
