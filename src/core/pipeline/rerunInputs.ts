import type { RerunInputs, Run } from './runState.ts';
import { trainingBatchIds } from './runState.ts';

const batches = (n: number): string => `${n} ${n === 1 ? 'batch' : 'batches'}`;

/** What a re-run of `run` would train on, either way, and what changed since its snapshot. */
export interface RerunBatches {
  /** The batches the run's latest pass trained on (its snapshot, unless a re-run took the current ones). */
  snapshot: string[];
  /** The batches stored now that a new run would pick. */
  current: string[];
  /** Current batches not in the snapshot that arrived after the run started. */
  arrived: number;
  /** Current batches not in the snapshot that were stored before (they pass validation now, or a new target gave them labels). */
  admitted: number;
  /** Snapshot batches no longer stored, or no longer trainable. */
  gone: number;
  /** "the original run", or "re-run N" when an earlier re-run chose the batches. */
  origin: string;
}

/** `current`: the trainable batches stored now, in arrival order (what the scheduler would pick for a new run). */
export function rerunBatches(run: Run<{ batchIds: string[] }>, current: readonly { id: string; arrivedAt: number }[]): RerunBatches {
  const snapshot = trainingBatchIds(run);
  const chose = run.reruns.findLastIndex((r) => r.inputs === 'current');
  const since = chose < 0 ? run.createdAt : run.reruns[chose]!.at;
  const added = current.filter((b) => !snapshot.includes(b.id));
  const ids = current.map((b) => b.id);
  return {
    snapshot,
    current: ids,
    arrived: added.filter((b) => b.arrivedAt > since).length,
    admitted: added.filter((b) => b.arrivedAt <= since).length,
    gone: snapshot.filter((id) => !ids.includes(id)).length,
    origin: chose < 0 ? 'the original run' : `re-run ${chose + 1}`,
  };
}

/** The sentence a person reads before re-running, and the run keeps: which batches, and what changed since. */
export function rerunStatement(inputs: RerunInputs, b: RerunBatches): string {
  const arrived = `${b.arrived === 0 ? 'no batch' : batches(b.arrived)} arrived since`;
  const admitted = b.admitted > 0 ? `, ${b.admitted} older ${b.admitted === 1 ? 'batch is' : 'batches are'} trainable now` : '';
  if (inputs === 'snapshot') {
    const gone = b.gone > 0 ? `; ${b.gone} of them ${b.gone === 1 ? 'is' : 'are'} no longer stored or no longer pass validation` : '';
    return `uses the ${batches(b.snapshot.length)} of ${b.origin}; ${arrived}${admitted}${gone}`;
  }
  const gone = b.gone > 0 ? `, ${b.gone} of ${b.origin}'s left out` : '';
  return `trains on the ${batches(b.current.length)} stored now (${arrived} ${b.origin}${admitted}${gone}); prepare_features gathers them again`;
}

/** Bad input, named: a re-run on the current batches with none to train on. */
export function rerunProblem(inputs: RerunInputs, b: RerunBatches): string | null {
  if (inputs === 'current' && b.current.length === 0) return 'no stored batch has values of the target column and passed validation: there is nothing current to train on';
  return null;
}
