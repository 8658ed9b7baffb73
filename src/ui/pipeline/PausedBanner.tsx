import { resumeRuns } from '../../bridge/pipelineBridge.ts';
import type { PipelineSettings } from '../../core/pipeline/settings.ts';
import { formatTime } from '../format.ts';
import { useAction } from './usePipelineData.ts';

/** The circuit breaker tripped: why, since when, and Resume (the failure count starts again). */
export function PausedBanner({ paused }: { paused: NonNullable<PipelineSettings['paused']> }) {
  const action = useAction();
  return (
    <section className="panel paused-banner" aria-label="Automatic runs paused">
      <p role="alert">
        <strong>Automatic runs are paused</strong> since {formatTime(paused.at)}: {paused.reason}. New batches are judged but no run starts until you resume; Run now still works.
      </p>
      <div className="form-actions">
        <button type="button" className="btn btn-primary" disabled={action.pending !== null} onClick={() => action.run('resume', () => resumeRuns())}>
          {action.pending ? 'Resuming…' : 'Resume automatic runs'}
        </button>
        {action.error && <span className="inline-error">{action.error}</span>}
      </div>
    </section>
  );
}
