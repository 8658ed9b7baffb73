import { memo, useCallback, useDeferredValue, useEffect, useId, useState } from 'react';
import type { TrainJob } from '../../bridge/trainBridge.ts';
import type { BatchSummary } from '../../storage/heavyFields.ts';
import type { Family, SearchKind } from '../../core/training/config.ts';
import { trainableBatches, untrainableReason } from '../../core/training/trainable.ts';
import { FeatureChoice, type FeatureDefaults } from '../components/FeatureChoice.tsx';
import { formatCount } from '../format.ts';
import { FAMILY_HELP, FAMILY_OPTIONS } from './familyFields.ts';
import { formatShareOfRows } from './modelFormat.ts';
import { DraftInput, SelectField } from './TrainFields.tsx';
import { formProblems, fromDraft, initialDraft, sentence, withFamily, type TrainDraft } from './trainDraft.ts';
import { TrainSettings } from './TrainSettings.tsx';
import { columnNames } from './useModelsData.ts';

const TASK_OPTIONS: { value: TrainDraft['task']; label: string }[] = [
  { value: 'inferred', label: 'inferred from the target' },
  { value: 'classification', label: 'classification' },
  { value: 'regression', label: 'regression' },
];
const SEARCH_OPTIONS: { value: SearchKind; label: string }[] = [
  { value: 'none', label: 'none: train these settings' },
  { value: 'random', label: 'random search' },
  { value: 'halving', label: 'successive halving' },
];

/** What a search varies, by family (src/core/training/search.ts). */
const SEARCHED: Record<Family, string> = {
  mlp: 'layers, learning rate, L2, dropout and batch size',
  linear: 'learning rate, L2 and batch size',
  gbdt: 'learning rate, leaves, rows per leaf and L2 regularization',
  forest: 'features per split, rows per leaf and depth',
};

/**
 * The form as last left, kept for this page's life: opening a version and coming back (or visiting
 * another section) does not lose what was typed.
 */
const remembered: { draft: TrainDraft; target: string | null; excluded: ReadonlySet<string>; features: string[] | null } = { draft: initialDraft(), target: null, excluded: new Set(), features: null };

const targetType = (batches: BatchSummary[], target: string): string | undefined => batches.flatMap((b) => b.columns).find((c) => c.name === target)?.type;

/** What the task will be when left to inference: categorical → classification, numeric → regression. */
function inferredTask(batches: BatchSummary[], target: string): string | null {
  const type = targetType(batches, target);
  // A datetime column is held as text, so it would be classified like a categorical one.
  return type === undefined ? null : type === 'numeric' ? `regression (“${target}” is numeric)` : `classification (“${target}” is ${type})`;
}

/**
 * Batches whose checkboxes fill the list's scroll box even four to a row: while they are still to come
 * (see `listed` below), the box keeps the height they will fill.
 */
const FILLS_BATCH_BOX = 32;

/**
 * One checkbox per stored batch (a year of daily batches is hundreds). Memoised: the form redraws at each
 * setting typed and when a training starts or ends, and this list changes only with the batches, the
 * target and the batches left out. `waiting`: the checkboxes are still to come, and will fill the box.
 */
const BatchChoiceList = memo(function BatchChoiceList({ batches, target, excluded, onToggle, waiting }: { batches: BatchSummary[]; target: string; excluded: ReadonlySet<string>; onToggle: (batchId: string) => void; waiting: boolean }) {
  return (
    <ul className={waiting ? 'batch-choice-list batch-choice-scroll batch-choice-waiting' : 'batch-choice-list batch-choice-scroll'}>
      {batches.map((batch) => {
        const why = untrainableReason(batch, target);
        return (
          <li key={batch.id}>
            <label className={why === null ? 'toggle' : 'toggle toggle-off'}>
              <input type="checkbox" checked={why === null && !excluded.has(batch.id)} disabled={why !== null} onChange={() => onToggle(batch.id)} />
              <span className="batch-choice-name">{batch.name}</span>
              <span className="muted">{why === null ? `${formatCount(batch.rows)} rows` : why === 'failed validation' ? 'failed validation' : target ? `no “${target}” values` : 'no target chosen'}</span>
            </label>
          </li>
        );
      })}
    </ul>
  );
});

const NO_BATCHES: BatchSummary[] = [];

/**
 * The train form: batches, target, task, family, the main settings and an Advanced part. Every
 * problem of the settings is listed (trainConfigProblems) and keeps Train disabled.
 */
export function TrainForm({
  batches,
  workspaceTarget,
  features: featureFacts,
  busy,
  onTrain,
}: {
  batches: BatchSummary[];
  workspaceTarget: string | null;
  features: FeatureDefaults;
  busy: boolean;
  onTrain: (job: TrainJob) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<TrainDraft>(remembered.draft);
  // null follows the workspace's target (set in Data, or by the demo after this form appeared).
  const [chosenTarget, setChosenTarget] = useState<string | null>(remembered.target);
  // Batches left out; new batches are in by default.
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(remembered.excluded);
  // null: the default features (the Data view's choices), read when training starts.
  const [features, setFeatures] = useState<string[] | null>(remembered.features);
  useEffect(() => {
    Object.assign(remembered, { draft, target: chosenTarget, excluded, features });
  }, [draft, chosenTarget, excluded, features]);
  // The checkboxes are made after the form's first paint, in a render React splits into short tasks: a
  // year of daily batches made with the rest of the Models page was most of its first render's script.
  // Their box keeps its height meanwhile: the form does not jump when they come, and the panels below
  // stay far enough off screen that the browser does not lay them out in that first frame.
  const listed = useDeferredValue(batches, NO_BATCHES);
  const waiting = listed !== batches && batches.length >= FILLS_BATCH_BOX;
  const columns = columnNames(batches);
  const target = chosenTarget ?? workspaceTarget ?? '';
  const usable = trainableBatches(batches, target);
  const chosen = usable.filter((b) => !excluded.has(b.id));
  const config = { ...fromDraft(draft, target), features: features?.filter((f) => f !== target) ?? null };
  const problems = formProblems(config, chosen.length, targetType(batches, target) ?? null);
  const rows = chosen.reduce((sum, b) => sum + b.rows, 0);
  const searching = draft.search !== 'none';
  const fieldProps = { id, draft, problems, onChange: setDraft };
  const toggle = useCallback(
    (batchId: string): void =>
      setExcluded((current) => {
        const next = new Set(current);
        if (!next.delete(batchId)) next.add(batchId);
        return next;
      }),
    [],
  );
  const inferred = target ? inferredTask(batches, target) : null;
  return (
    <form
      className="train-form"
      aria-label="Train a model"
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.length === 0 && !busy) onTrain({ batchIds: chosen.map((b) => b.id), config });
      }}
    >
      <fieldset className="batch-choice">
        <legend className="field-label">Batches to learn from</legend>
        <div className="batch-choice-tools">
          <span className="muted">
            {chosen.length} of {usable.length} chosen, {formatCount(rows)} rows
          </span>
          <button type="button" className="btn btn-quiet btn-small" onClick={() => setExcluded(new Set())}>
            All
          </button>
          <button type="button" className="btn btn-quiet btn-small" onClick={() => setExcluded(new Set(batches.map((b) => b.id)))}>
            None
          </button>
        </div>
        <BatchChoiceList batches={listed} target={target} excluded={excluded} onToggle={toggle} waiting={waiting} />
      </fieldset>

      <div className="settings-grid">
        <SelectField
          id={`${id}-target`}
          label="Target"
          help={target === workspaceTarget && target ? 'The workspace’s target (set in Data).' : 'The column to predict.'}
          value={target}
          options={[...(target ? [] : [{ value: '', label: 'choose the column to predict' }]), ...columns.map((c) => ({ value: c, label: c }))]}
          onChange={setChosenTarget}
        />
        <SelectField
          id={`${id}-task`}
          label="Task"
          help={draft.task === 'inferred' ? (inferred ? `Inferred: ${inferred}.` : 'Inferred from the target’s type.') : 'Overrides what the target’s type suggests.'}
          value={draft.task}
          options={TASK_OPTIONS}
          onChange={(task) => setDraft({ ...draft, task })}
        />
        <SelectField
          id={`${id}-family`}
          label="Model family"
          help={FAMILY_HELP[draft.family]}
          value={draft.family}
          options={FAMILY_OPTIONS}
          onChange={(family) => setDraft(withFamily(draft, family))}
        />
      </div>

      {target && <FeatureChoice defaults={featureFacts} target={target} chosen={config.features} onChange={setFeatures} />}

      <h3 className="form-section-title">Settings</h3>
      <TrainSettings {...fieldProps} />

      <details className="advanced">
        <summary>Advanced: split, categories, hyper-parameter search</summary>
        <div className="settings-grid">
          <DraftInput {...fieldProps} field="holdout" label="Holdout share" help={`Rows kept out for the final metrics and the gate: the newest labeled rows, up to half of each batch, newest batch first (now ${formatShareOfRows(config.shares.holdout)}).`} />
          <DraftInput {...fieldProps} field="validation" label="Validation share" help="Rows for early stopping and choosing between trials." />
          <DraftInput {...fieldProps} field="topK" label="Categories kept per column" help="The most frequent ones; rarer categories share one “other” input." />
          <SelectField
            id={`${id}-search`}
            label="Hyper-parameter search"
            help={`Tries ${SEARCHED[draft.family]} around these settings; keeps the best validation loss.`}
            value={draft.search}
            options={SEARCH_OPTIONS}
            onChange={(search) => setDraft({ ...draft, search })}
          />
          <DraftInput {...fieldProps} field="trials" label="Trials" disabled={!searching} help="Configurations tried (the first is these settings)." />
          <DraftInput {...fieldProps} field="budgetSeconds" label="Time budget (seconds)" disabled={!searching} help="The search stops starting trials after this." />
        </div>
      </details>

      {problems.length > 0 && (
        <div role="alert" className="form-problems" aria-label="Problems with these settings">
          {problems.map((p) => (
            <p key={p.message}>{sentence(p.message)}</p>
          ))}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={problems.length > 0 || busy}>
          {busy ? 'Training…' : 'Train'}
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => {
            setDraft(initialDraft());
            setChosenTarget(null);
            setExcluded(new Set());
            setFeatures(null);
          }}
        >
          Reset to defaults
        </button>
      </div>
    </form>
  );
}
