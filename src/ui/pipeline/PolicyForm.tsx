import { useId } from 'react';
import { METRIC_DIRECTION, METRIC_LABELS, type MetricKey } from '../../core/metrics/index.ts';
import { DEFAULT_MIN_IMPROVEMENT_TEXT, type PipelineSettings, type PipelineSettingsField } from '../../core/pipeline/settings.ts';
import type { Problem } from '../../core/problems.ts';
import { FeatureChoice, type FeatureDefaults } from '../components/FeatureChoice.tsx';
import { SelectField } from '../models/TrainFields.tsx';
import { PolicyInput, PolicyToggleField } from './PolicyFields.tsx';
import type { PolicyDraft } from './policyDraft.ts';
import { PolicyTraining } from './PolicyTraining.tsx';

/**
 * The fields of the pipeline settings: when to retrain (each trigger rule on or off with its
 * threshold), the guards, how the gate judges, what runs do, and how they train.
 */
export function PolicyFields({
  draft,
  stored,
  problems,
  onChange,
  features,
}: {
  draft: PolicyDraft;
  /** The saved settings: a family chosen again starts from its saved settings. */
  stored: PipelineSettings;
  problems: readonly Problem<PipelineSettingsField>[];
  onChange: (next: PolicyDraft) => void;
  /** The columns runs can train on and the target; null before a target is chosen. */
  features: { defaults: FeatureDefaults; target: string } | null;
}) {
  const id = useId();
  const common = { id, draft, problems, onChange };
  const byMetric = draft.minImprovementMode === 'metric';
  return (
    <>
      <h3 className="form-section-title">When to retrain</h3>
      <p className="hint">Any rule that is on and fires starts a run when a batch arrives (after its drift check); the first labeled batch always trains version 1.</p>
      <div className="rule-grid">
        <div className="rule-row">
          <PolicyToggleField draft={draft} onChange={onChange} field="drift" label="Drift rule" help="Fires when the new batch shows dataset drift, by the drift settings of Monitor." />
        </div>
        <div className="rule-row">
          <PolicyToggleField
            draft={draft}
            onChange={onChange}
            field="importantDrift"
            label="Drift-that-matters rule"
            help="Fires when the new batch’s drifted columns carry at least this share of the champion’s permutation importance (negative importances count as 0)."
          />
          <PolicyInput {...common} field="importantDriftThreshold" label="Drift-that-matters share" help="A share above 0 and at most 1, e.g. 0.3." />
        </div>
        <div className="rule-row">
          <PolicyToggleField
            draft={draft}
            onChange={onChange}
            field="performance"
            label="Performance rule"
            help={
              draft.performanceSource === 'estimated'
                ? 'Fires when the champion’s label-free estimate (CBPE) on a new batch is worse than the floor: no labels needed.'
                : 'Fires when the champion scores worse than the floor on a new labeled batch.'
            }
          />
          <PolicyInput {...common} field="performanceFloor" label="Performance floor" help="On the task’s primary metric (F1 macro, ROC AUC or RMSE)." />
          <SelectField
            id={`${id}-performance-source`}
            label="Performance judged on"
            help="The estimate needs no labels: the champion’s calibrated probabilities estimate its primary metric on each batch (classifiers only)."
            value={draft.performanceSource}
            options={[
              { value: 'realised', label: 'realised metric (labeled batches)' },
              { value: 'estimated', label: 'estimated metric (no labels needed)' },
            ]}
            onChange={(performanceSource) => onChange({ ...draft, performanceSource })}
          />
        </div>
        <div className="rule-row">
          <PolicyToggleField draft={draft} onChange={onChange} field="schedule" label="Schedule rule" help="Fires when this many days passed since the last training; checked when the page opens." />
          <PolicyInput {...common} field="scheduleDays" label="Schedule days" help="Whole days, 1 to 3650." />
        </div>
        <div className="rule-row">
          <PolicyToggleField draft={draft} onChange={onChange} field="volume" label="Data volume rule" help="Fires when this many new rows arrived since the last training." />
          <PolicyInput {...common} field="volumeRows" label="Data volume rows" help="Whole rows, 1 or more." />
        </div>
      </div>

      <h3 className="form-section-title">Guards</h3>
      <div className="settings-grid">
        <PolicyInput {...common} field="cooldownHours" label="Cooldown hours" help="No automatic run this soon after the last one ended; 0 for none." />
        <PolicyInput {...common} field="circuitBreaker" label="Circuit breaker" help="Pause automatic runs after this many failed runs in a row." />
      </div>

      <h3 className="form-section-title">Gate</h3>
      <div className="settings-grid">
        <SelectField
          id={`${id}-min-mode`}
          label="Minimum improvement rule"
          help={byMetric ? `The metric’s default: ${DEFAULT_MIN_IMPROVEMENT_TEXT}.` : 'The value and scale set below, whatever the metric.'}
          value={draft.minImprovementMode}
          options={[
            { value: 'metric', label: 'default for the metric' },
            { value: 'set', label: 'set a value' },
          ]}
          onChange={(minImprovementMode) => onChange({ ...draft, minImprovementMode })}
        />
        <PolicyInput
          {...common}
          field="minImprovement"
          label="Minimum improvement"
          disabled={byMetric}
          help={byMetric ? 'Set by the metric’s default (rule above).' : draft.relative ? 'A share of the champion’s value: 0.01 is 1%. A tie always keeps the champion.' : 'On the gate’s metric, in its own units. A tie always keeps the champion.'}
        />
        <SelectField
          id={`${id}-relative`}
          label="Improvement is"
          disabled={byMetric}
          help="Absolute: a plain difference; relative: a share of the champion’s value."
          value={draft.relative ? 'relative' : 'absolute'}
          options={[
            { value: 'absolute', label: 'absolute' },
            { value: 'relative', label: 'relative' },
          ]}
          onChange={(v) => onChange({ ...draft, relative: v === 'relative' })}
        />
        <SelectField
          id={`${id}-approval`}
          label="Approval"
          help={draft.approval === 'manual' ? 'A challenger that passes waits for a person to approve or reject it.' : 'A challenger that passes is promoted at once.'}
          value={draft.approval}
          options={[
            { value: 'auto', label: 'automatic' },
            { value: 'manual', label: 'manual: a person approves' },
          ]}
          onChange={(approval) => onChange({ ...draft, approval })}
        />
        <SelectField
          id={`${id}-metric`}
          label="Judged by"
          help="The metric the gate compares, with its direction (higher is better, or lower for errors); one the task lacks falls back to its primary metric."
          value={draft.metric}
          options={[{ value: '', label: 'primary metric of the task' }, ...Object.entries(METRIC_DIRECTION).map(([key, direction]) => ({ value: key, label: `${METRIC_LABELS[key as MetricKey]} (${direction} is better)` }))]}
          onChange={(metric) => onChange({ ...draft, metric })}
        />
        <SelectField
          id={`${id}-significance`}
          label="Significance"
          help="Against a champion, on the same rows. Both are computed and shown; the one chosen must pass too (the default: the bootstrap interval’s lower bound of the gain above 0)."
          value={draft.significance}
          options={[
            { value: 'none', label: 'shown, not gating' },
            { value: 'mcnemar', label: 'McNemar (classification)' },
            { value: 'bootstrap', label: 'bootstrap lower bound > 0' },
          ]}
          onChange={(significance) => onChange({ ...draft, significance })}
        />
        <PolicyInput {...common} field="alpha" label="Alpha" help="McNemar’s significance level, above 0 and below 1." />
        <PolicyInput {...common} field="metricFloor" label="Metric floor" help="Service level: the challenger’s primary metric must reach this (at most, for errors). Empty for none." />
        <PolicyInput {...common} field="latencyBudgetMs" label="Latency budget (ms)" help="Service level: milliseconds to score 1,000 rows, at most. Empty for none." />
        <PolicyInput {...common} field="sizeBudgetKb" label="Size budget (kB)" help="Service level: the model’s size, at most. Empty for none." />
      </div>

      <h3 className="form-section-title">Runs</h3>
      <div className="settings-grid">
        <PolicyToggleField draft={draft} onChange={onChange} field="autoRun" label="Automatic runs" help="Judge each new batch by the rules above; off, only Run now starts a run." />
        <PolicyToggleField draft={draft} onChange={onChange} field="shadow" label="Shadow scoring" help="A passing challenger first scores incoming batches beside the champion." />
        <PolicyToggleField draft={draft} onChange={onChange} field="rollback" label="Automatic rollback" help="On the next labeled batch after a promotion, a new champion that does worse than the one it replaced is rolled back." />
        <PolicyInput {...common} field="rollbackTolerance" label="Rollback tolerance" help="How much worse on the primary metric before rolling back, 0 or more." />
      </div>

      <h3 className="form-section-title">Training</h3>
      <PolicyTraining {...common} stored={stored} />
      {features && <FeatureChoice defaults={features.defaults} target={features.target} chosen={draft.features} onChange={(chosen) => onChange({ ...draft, features: chosen })} />}
    </>
  );
}
