import { useId, useRef, useState } from 'react';
import { answerApproval, type SchedulerRole } from '../../bridge/pipelineBridge.ts';
import { taskOf } from '../../core/pipeline/runState.ts';
import type { RunRecord } from '../../storage/db.ts';
import type { Action } from './usePipelineData.ts';

/**
 * A run that waits at the gate: Approve or Reject, each asking why (the reason goes into the run's
 * gate log and the registry's event). Only the scheduling tab answers; the run then goes on.
 */
export function ApprovalForm({ run, role, action }: { run: RunRecord; role: SchedulerRole; action: Action }) {
  const id = useId();
  const [answer, setAnswer] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const gate = taskOf(run, 'gate').output;
  const scheduler = role === 'scheduler';
  const answering = action.pending === 'approval';
  // Back (or Escape) returns focus to the button that opened the form.
  const refocus = useRef<'approve' | 'reject' | null>(null);
  const back = (): void => {
    refocus.current = answer;
    setAnswer(null);
  };
  const focusIfBack = (choice: 'approve' | 'reject') => (button: HTMLButtonElement | null) => {
    if (button && refocus.current === choice) {
      refocus.current = null;
      button.focus();
    }
  };
  return (
    <section className="approval" aria-label="Approval">
      <p className="approval-question">
        <strong>Run {run.number} waits for your approval.</strong> The gate would promote its challenger: {gate?.reason ?? 'it passed the gate'}.
      </p>
      {!scheduler && <p className="muted">Another tab runs the scheduler: answer there, or close it and this tab takes over.</p>}
      {answer === null ? (
        <div className="form-actions">
          <button ref={focusIfBack('approve')} type="button" className="btn btn-primary" disabled={!scheduler || answering} onClick={() => setAnswer('approve')}>
            Approve
          </button>
          <button ref={focusIfBack('reject')} type="button" className="btn btn-danger" disabled={!scheduler || answering} onClick={() => setAnswer('reject')}>
            Reject
          </button>
        </div>
      ) : (
        <form
          className="approval-form"
          aria-label={answer === 'approve' ? 'Approve the run' : 'Reject the run'}
          onKeyDown={(event) => {
            if (event.key !== 'Escape') return;
            event.preventDefault();
            back();
          }}
          onSubmit={(event) => {
            event.preventDefault();
            const why = reason.trim();
            if (!why) return;
            action.run('approval', () => answerApproval(run.id, answer === 'approve', why));
            setAnswer(null);
            setReason('');
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={`${id}-reason`}>
              {answer === 'approve' ? 'Why approve?' : 'Why reject?'}
            </label>
            <textarea id={`${id}-reason`} required rows={2} value={reason} aria-describedby={`${id}-help`} onChange={(e) => setReason(e.target.value)} autoFocus />
            <span id={`${id}-help`} className="field-help">
              Required: kept with the run and in History.
            </span>
          </div>
          <div className="form-actions">
            <button type="submit" className={answer === 'approve' ? 'btn btn-primary' : 'btn btn-danger'} disabled={!reason.trim() || !scheduler}>
              {answer === 'approve' ? `Approve run ${run.number}` : `Reject run ${run.number}`}
            </button>
            <button type="button" className="btn btn-quiet" onClick={back}>
              Back
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
