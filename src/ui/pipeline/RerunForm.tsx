import { useId, useState } from 'react';
import { rerunFrom, type SchedulerRole } from '../../bridge/pipelineBridge.ts';
import type { TaskId } from '../../core/pipeline/dag.ts';
import { rerunBatches, rerunProblem, rerunStatement } from '../../core/pipeline/rerunInputs.ts';
import { clearedBy, RETRAINABLE, type RerunInputs } from '../../core/pipeline/runState.ts';
import { trainableBatches } from '../../core/training/trainable.ts';
import type { RunRecord } from '../../storage/db.ts';
import { useBatches } from '../hooks.ts';
import type { Action } from './usePipelineData.ts';

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * "Re-run from here" on a failed task: which batches the new pass trains on (the run's snapshot by
 * default, as Airflow re-runs a task on its run's inputs; or the batches stored now), said plainly
 * before the person presses the button.
 */
export function RerunForm({ run, taskId, role, busy, action }: { run: RunRecord; taskId: TaskId; role: SchedulerRole; busy: boolean; action: Action }) {
  const id = useId();
  const stored = useBatches();
  const [inputs, setInputs] = useState<RerunInputs>('snapshot');
  const canChoose = RETRAINABLE.includes(taskId);
  const batches = rerunBatches(run, trainableBatches(stored ?? [], run.config.target));
  const chosen: RerunInputs = canChoose ? inputs : 'snapshot';
  const problem = stored === undefined ? null : rerunProblem(chosen, batches);
  const cleared = clearedBy(taskId, chosen);
  const note = role !== 'scheduler' ? 'Only the tab that runs the scheduler can re-run a task.' : busy ? 'Wait for the run going now to finish.' : null;
  return (
    <form
      className="rerun"
      aria-label="Re-run"
      onSubmit={(event) => {
        event.preventDefault();
        action.run('rerun', () => rerunFrom(run.id, taskId, chosen));
      }}
    >
      {canChoose && (
        <fieldset className="rerun-inputs">
          <legend>Train on</legend>
          {(['snapshot', 'current'] as const).map((value) => (
            <label key={value} className="radio-inline">
              <input type="radio" name={`${id}-inputs`} value={value} checked={inputs === value} onChange={() => setInputs(value)} />{' '}
              {value === 'snapshot' ? `the batches of ${batches.origin} (${batches.snapshot.length})` : `the batches stored now (${batches.current.length})`}
            </label>
          ))}
        </fieldset>
      )}
      <p className="rerun-statement" aria-live="polite">
        {stored === undefined ? 'Reading the stored batches…' : `${capital(rerunStatement(chosen, batches))}.`}{' '}
        <span className="muted">{`Clears ${cleared.join(', ')} into new tries; the tasks above keep their outputs, and every earlier try stays listed.`}</span>
      </p>
      {problem && (
        <p className="inline-error" role="alert">
          {capital(problem)}.
        </p>
      )}
      <div className="rerun-actions">
        <button type="submit" className="btn btn-primary" disabled={role !== 'scheduler' || busy || stored === undefined || problem !== null}>
          Re-run from here
        </button>
        {note && <span className="muted">{note}</span>}
      </div>
    </form>
  );
}
