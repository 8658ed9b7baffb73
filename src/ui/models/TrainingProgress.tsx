import { useDeferredValue, useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { cancelTraining, dismissTraining, type TrainingState } from '../../bridge/trainBridge.ts';
import { formatCount } from '../format.ts';
import { versionHref } from '../route.ts';
import { Fact } from './Fact.tsx';
import { LossChart } from './LossChart.tsx';
import { useTraining } from './useModelsData.ts';
import { familyText, formatDuration, formatRate, primaryMetricLabel, stepName, stopReasonText, TASK_LABELS } from './modelFormat.ts';

type Running = Extract<TrainingState, { status: 'running' }>;

const withStop = (text: string): string => `${text}${/[.!?]$/.test(text) ? '' : '.'}`;

/**
 * Brings a panel that just appeared (the live view, or how training ended) into view, as little as needed.
 * Scrolled once the browser has laid the page out and reported the panel partly hidden: scrolled as React
 * commits, the page was laid out there and then, inside that task (57 ms on the Models page of a year of
 * batches).
 */
function useShownOnMount(): RefObject<HTMLElement | null> {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    const seen = new IntersectionObserver(([entry]) => {
      seen.disconnect();
      // Not returned: newer browsers answer scrollIntoView with a promise.
      if (entry && entry.intersectionRatio < 1) void panel.scrollIntoView({ block: 'nearest' });
    });
    seen.observe(panel);
    return () => seen.disconnect();
  }, []);
  return ref;
}

const PHASES: Record<Running['progress']['phase'], string> = {
  preparing: 'Preparing',
  training: 'Training',
  evaluating: 'Scoring the holdout',
  saving: 'Saving',
};

/** Share of the work done: finished epochs plus the rows of the one under way, or trials during a search. */
function doneShare(state: Running): number | null {
  const { progress, epochs, job } = state;
  if (progress.phase === 'evaluating' || progress.phase === 'saving') return 1;
  const last = epochs[epochs.length - 1];
  if (progress.trial) {
    const within = last ? last.epoch / last.epochs : 0;
    return (progress.trial.index + within) / progress.trial.of;
  }
  const total = last?.epochs ?? job.config.params.epochs;
  const rows = progress.rows ? progress.rows.done / Math.max(1, progress.rows.total) : 0;
  return epochs.length === 0 && !progress.rows ? null : Math.min(1, (epochs.length + rows) / total);
}

/** The worker's message, or where the epoch under way is when the message only says "Training". */
function progressText({ progress, epochs, job }: Running): string {
  if (!progress.rows || progress.trial) return progress.message;
  const epoch = epochs.length + 1;
  return `${stepName(job.config.params.family).one} ${formatCount(epoch)}: ${formatCount(progress.rows.done)} of ${formatCount(progress.rows.total)} training rows`;
}

function RunningTraining({ state }: { state: Running }) {
  const { progress, epochs, job } = state;
  // The chart follows at lower priority: epochs can finish faster than it is worth redrawing.
  const chartEpochs = useDeferredValue(epochs);
  const last = epochs[epochs.length - 1];
  const share = doneShare(state);
  const searching = job.config.search.kind !== 'none';
  const step = stepName(job.config.params.family);
  const ref = useShownOnMount();
  return (
    <section ref={ref} className="panel training-panel" aria-labelledby="training-title">
      <div className="panel-header">
        <div className="panel-title">
          <h2 id="training-title">Training</h2>
          <span className="muted">
            {familyText(job.config.params)} on “{job.config.target}”, {job.batchIds.length} batch{job.batchIds.length === 1 ? '' : 'es'}
          </span>
        </div>
        <button type="button" className="btn btn-danger" onClick={cancelTraining} disabled={state.cancelling}>
          {state.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      <p className="training-line" role="status" aria-label="Training status">
        <span className="spinner" aria-hidden="true" />
        <span>
          <strong>{state.cancelling ? 'Cancelling' : PHASES[progress.phase]}</strong>
          {' — '}
          {progressText(state)}
        </span>
      </p>
      <progress aria-label="Training progress" value={share ?? undefined} max={1} />
      <dl className="facts training-facts">
        {searching && <Fact term="Trial">{progress.trial ? `${progress.trial.index + 1} of ${progress.trial.of}` : '—'}</Fact>}
        <Fact term={step.title}>{last ? `${last.epoch} of ${last.epochs}` : `0 of ${job.config.params.epochs}`}</Fact>
        <Fact term="Elapsed">{formatDuration(last?.elapsedMs)}</Fact>
        <Fact term="Time left">{last ? `about ${formatDuration(last.etaMs)}` : '—'}</Fact>
        <Fact term="Speed">{formatRate(last?.samplesPerSecond)}</Fact>
        <Fact term="Backend">{state.backend ?? 'choosing…'}</Fact>
      </dl>
      {state.backendReason && (
        <p className="muted backend-reason">
          Why {state.backend}: {state.backendReason}.
        </p>
      )}
      <LossChart history={chartEpochs} step={step} label={searching && progress.trial ? `Loss per ${step.one} of trial ${progress.trial.index + 1}` : `Loss per ${step.one}`} />
    </section>
  );
}

/** How the last training ended, brought into view when it appears. */
function OutcomePanel({ label, tone, children }: { label: string; tone?: 'done' | 'failed'; children: ReactNode }) {
  const ref = useShownOnMount();
  return (
    <section ref={ref} className={`panel training-outcome${tone ? ` training-${tone}` : ''}`} aria-label={label}>
      {children}
    </section>
  );
}

/**
 * The training under way (live), or how the last one ended: registered, cancelled or failed. It reads the
 * training's state itself, so that its progress redraws this panel alone.
 */
export function TrainingProgress() {
  const state = useTraining();
  if (state.status === 'idle') return null;
  if (state.status === 'running') return <RunningTraining state={state} />;
  const dismiss = (
    <button type="button" className="btn btn-quiet" onClick={dismissTraining}>
      Dismiss
    </button>
  );
  if (state.status === 'failed') {
    return (
      <OutcomePanel label="Training failed" tone="failed">
        <p role="alert">
          <strong>Training failed:</strong> {withStop(state.message)}
        </p>
        <p className="muted">Nothing was registered. Change what the message says and train again.</p>
        <div className="form-actions">{dismiss}</div>
      </OutcomePanel>
    );
  }
  if (state.status === 'cancelled') {
    return (
      <OutcomePanel label="Training cancelled">
        <p role="status">
          <strong>Training cancelled:</strong> nothing was registered.
        </p>
        <div className="form-actions">{dismiss}</div>
      </OutcomePanel>
    );
  }
  const { model } = state;
  const metric = primaryMetricLabel(model.card, model.metrics);
  return (
    <OutcomePanel label="Training finished" tone="done">
      <p role="status">
        <strong>Version {model.version} registered:</strong> {familyText(model.card.params)} {TASK_LABELS[model.card.task]} of “{model.card.target}”, holdout {metric.label} {metric.value}
        {model.training && <>, {stopReasonText(model.training.stopReason, model.card.params.family)} after {formatDuration(model.training.trainMs)}</>}.
      </p>
      <div className="form-actions">
        <a className="btn btn-primary" href={versionHref(model.version)}>
          Open version {model.version}
        </a>
        {dismiss}
      </div>
    </OutcomePanel>
  );
}
