import { columnUse, defaultFeatures, type ColumnChoices, type ColumnFacts } from '../../core/columnChoices.ts';
import type { WorkspaceRecord } from '../../storage/db.ts';

/** What the default features are made of: each column's facts (judged on the reference) and the Data view's choices. */
export interface FeatureDefaults {
  facts: ColumnFacts[];
  choices: ColumnChoices;
}

/** Every column of the batches, with the reference's quality where it has the column (id-like is judged there). */
export function featureDefaults(batches: readonly { id: string; quality: readonly ColumnFacts[] }[], workspace: WorkspaceRecord): FeatureDefaults {
  const reference = batches.find((b) => b.id === workspace.referenceBatchId);
  const facts = new Map<string, ColumnFacts>();
  for (const batch of reference ? [reference, ...batches] : batches) for (const q of batch.quality) if (!facts.has(q.name)) facts.set(q.name, q);
  return { facts: [...facts.values()], choices: workspace.schema.features };
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((n) => b.includes(n));

/**
 * One checkbox per column but the target: the features a training uses. `chosen` null follows the
 * default (the Data view's choices, datetime and id-like columns left out, read when training starts);
 * a change makes it an explicit list, and choosing the default's columns again returns to null.
 */
export function FeatureChoice({ defaults, target, chosen, onChange }: { defaults: FeatureDefaults; target: string; chosen: string[] | null; onChange: (features: string[] | null) => void }) {
  const byDefault = defaultFeatures(defaults.facts, target, defaults.choices);
  const used = chosen ?? byDefault;
  const columns = defaults.facts.filter((c) => c.name !== target);
  const toggle = (name: string, on: boolean): void => {
    const next = columns.map((c) => c.name).filter((n) => (n === name ? on : used.includes(n)));
    onChange(sameSet(next, byDefault) ? null : next);
  };
  return (
    <fieldset className="batch-choice feature-choice">
      <legend className="field-label">Features</legend>
      <div className="batch-choice-tools">
        <span className="muted">
          {used.length} of {columns.length} columns; {chosen === null ? 'the default (Data view choices)' : 'chosen here'}
        </span>
        <button type="button" className="btn btn-quiet btn-small" disabled={chosen === null} onClick={() => onChange(null)}>
          Default features
        </button>
      </div>
      <ul className="batch-choice-list">
        {columns.map((c) => {
          const use = columnUse(c, defaults.choices[c.name]);
          return (
            <li key={c.name}>
              <label className={used.includes(c.name) ? 'toggle' : 'toggle toggle-off'}>
                <input type="checkbox" checked={used.includes(c.name)} onChange={(e) => toggle(c.name, e.target.checked)} aria-label={`Feature “${c.name}”`} />
                <span className="feature-choice-text">
                  <span className="batch-choice-name">{c.name}</span>
                  {use.excluded !== null || use.chosen ? <small className="feature-choice-reason">{use.text}</small> : null}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
