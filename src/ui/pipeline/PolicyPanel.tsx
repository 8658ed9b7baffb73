import { memo, useState } from 'react';
import { replayPolicy, savePipelineSettings, type ReplayStep } from '../../bridge/pipelineBridge.ts';
import type { PipelineSettings } from '../../core/pipeline/settings.ts';
import { sentence } from '../models/trainDraft.ts';
import type { FeatureDefaults } from '../components/FeatureChoice.tsx';
import { PolicyFields } from './PolicyForm.tsx';
import { draftProblems, fromDraft, toDraft, type PolicyDraft } from './policyDraft.ts';
import { PolicyReplay } from './PolicyReplay.tsx';

const keyOf = (draft: PolicyDraft): string => JSON.stringify(draft);

type Replay = { status: 'running' } | { status: 'done'; steps: ReplayStep[]; policyKey: string } | { status: 'failed'; message: string };

/**
 * The pipeline settings form (validated by pipelineSettingsProblems: any problem keeps Save off) and
 * the policy replay, which runs the form's policy, saved or not, over the stored batches.
 */
export const PolicyPanel = memo(function PolicyPanel({ stored, batchCount, features }: { stored: PipelineSettings; batchCount: number; features: { defaults: FeatureDefaults; target: string } | null }) {
  const storedKey = keyOf(toDraft(stored));
  const [draft, setDraft] = useState<PolicyDraft>(() => toDraft(stored));
  const [base, setBase] = useState(storedKey);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [replay, setReplay] = useState<Replay | null>(null);
  // Settings saved elsewhere (another tab, or this form) replace an unchanged draft; an edited one is kept.
  if (storedKey !== base) {
    setBase(storedKey);
    if (keyOf(draft) === base) setDraft(toDraft(stored));
  }
  const settings = fromDraft(draft, stored);
  const problems = draftProblems(settings);
  const dirty = keyOf(draft) !== storedKey;
  const change = (next: PolicyDraft): void => {
    setDraft(next);
    setSaved(false);
  };
  const startReplay = (): void => {
    const policyKey = JSON.stringify(settings.policy);
    setReplay({ status: 'running' });
    replayPolicy(settings.policy)
      .then((steps) => setReplay({ status: 'done', steps, policyKey }))
      .catch((e: unknown) => setReplay({ status: 'failed', message: e instanceof Error ? e.message : String(e) }));
  };
  return (
    <>
      <section className="panel panel-when-seen" aria-labelledby="policy-title">
        <div className="panel-header">
          <h2 id="policy-title">Policy</h2>
          <span className="muted">when runs start, how the gate judges, how runs train</span>
        </div>
        <form
          className="policy-form train-form"
          aria-label="Pipeline policy"
          onSubmit={(event) => {
            event.preventDefault();
            if (problems.length > 0 || !dirty || saving) return;
            setSaving(true);
            setError(null);
            savePipelineSettings(settings)
              .then(() => setSaved(true))
              .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
              .finally(() => setSaving(false));
          }}
        >
          <PolicyFields draft={draft} stored={stored} problems={problems} onChange={change} features={features} />
          {problems.length > 0 && (
            <div role="alert" className="form-problems" aria-label="Problems with the policy">
              {problems.map((p) => (
                <p key={p.message}>{sentence(p.message)}</p>
              ))}
            </div>
          )}
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={problems.length > 0 || !dirty || saving}>
              {saving ? 'Saving…' : 'Save policy'}
            </button>
            <button type="button" className="btn btn-quiet" disabled={!dirty} onClick={() => change(toDraft(stored))}>
              Reset
            </button>
            <span className="muted">{dirty ? 'Unsaved changes.' : 'Saved settings apply to the next run.'}</span>
          </div>
          <p role="status" className="form-status">
            {saved && !dirty && 'Policy saved: the next run uses it.'}
          </p>
          {error && (
            <p role="alert" className="inline-error">
              Not saved: {error}
            </p>
          )}
        </form>
      </section>

      <section className="panel panel-when-seen" aria-labelledby="replay-title">
        <div className="panel-header">
          <h2 id="replay-title">Policy replay</h2>
          <div className="panel-tools">
            <button type="button" className="btn" disabled={problems.length > 0 || batchCount === 0 || replay?.status === 'running'} onClick={startReplay}>
              {replay?.status === 'running' ? 'Replaying…' : dirty ? 'Replay the policy in the form' : 'Replay the policy'}
            </button>
          </div>
        </div>
        <p className="hint">
          What this policy would have done: the stored batches in arrival order, each judged as if it had just arrived, with a retraining resetting the rows and days counted. Nothing is
          trained or stored. <strong>The performance rule on the realised metric cannot be replayed</strong>: the champion’s scores on past batches were not recorded, so it never fires
          here; <strong>on the estimate it replays</strong> from the current champion’s stored estimate of each batch. Drift that matters weighs
          every batch’s drift by the current champion’s importance. Runs never fail in a replay, so the circuit breaker never trips.
        </p>
        {batchCount === 0 ? (
          <p className="muted">No stored batches to replay yet.</p>
        ) : problems.length > 0 ? (
          <p className="muted">Fix the policy’s problems above to replay it.</p>
        ) : replay === null ? (
          <p className="muted">Press Replay to see, batch by batch, whether this policy retrains and why.</p>
        ) : replay.status === 'running' ? (
          <p className="muted" role="status">
            Replaying…
          </p>
        ) : replay.status === 'failed' ? (
          <p role="alert" className="inline-error">
            Replay failed: {replay.message}
          </p>
        ) : (
          <>
            {replay.policyKey !== JSON.stringify(settings.policy) && <p className="stale-note">The policy in the form changed since this replay: press Replay again to see what it would do.</p>}
            <PolicyReplay steps={replay.steps} />
          </>
        )}
      </section>
    </>
  );
});
