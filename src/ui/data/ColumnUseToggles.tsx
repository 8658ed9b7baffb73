import { useState } from 'react';
import { columnUse, defaultLeftOut, type ColumnChoice, type ColumnFacts, type ColumnUse } from '../../core/columnChoices.ts';
import type { WorkspaceRecord } from '../../storage/db.ts';
import type { WorkspaceChanger } from './useWorkspaceChange.ts';

type Purpose = 'drift' | 'features';

/** The stored choice that gives the wanted use: back to the default when the default gives it, else an override. */
function choiceFor(facts: ColumnFacts, wanted: boolean): ColumnChoice | null {
  const byDefault = defaultLeftOut(facts) === null;
  return byDefault === wanted ? null : wanted ? 'include' : 'exclude';
}

const LABELS: Record<Purpose, { box: string; on: string; off: string }> = {
  drift: { box: 'in drift', on: 'Putting "{}" in the drift share', off: 'Leaving "{}" out of the drift share' },
  features: { box: 'as feature', on: 'Using "{}" as a model feature', off: 'Leaving "{}" out of the model features' },
};

function Toggle({ facts, purpose, use, changer }: { facts: ColumnFacts; purpose: Purpose; use: ColumnUse; changer: WorkspaceChanger }) {
  const label = LABELS[purpose];
  // The box shows the person's choice at once; the stored workspace catches up when the worker has saved it.
  const [wanted, setWanted] = useState<boolean | null>(null);
  if (wanted !== null && wanted === use.used) setWanted(null);
  const change = (next: boolean): void => {
    setWanted(next);
    const key = purpose === 'drift' ? 'driftColumns' : 'featureColumns';
    void changer.apply({ [key]: { [facts.name]: choiceFor(facts, next) } }, (next ? label.on : label.off).replace('{}', facts.name)).then((saved) => {
      if (!saved) setWanted(null);
    });
  };
  return (
    <label className="column-use-toggle" title={use.text}>
      <input type="checkbox" checked={wanted ?? use.used} disabled={changer.pending !== null} onChange={(e) => change(e.target.checked)} aria-label={`"${facts.name}" ${label.box}`} />
      {label.box}
    </label>
  );
}

/**
 * Whether a column counts in the dataset drift share and is a model feature by default, each with a
 * toggle; datetime and id-like columns are left out of both unless put back (the reason is shown).
 * The target is always checked, as label drift, and never a feature of itself.
 */
export function ColumnUseToggles({ facts, workspace, changer }: { facts: ColumnFacts; workspace: WorkspaceRecord; changer: WorkspaceChanger }) {
  if (facts.name === workspace.schema.target) return <span className="muted">label drift; the target</span>;
  const drift = columnUse(facts, workspace.schema.drift[facts.name]);
  const features = columnUse(facts, workspace.schema.features[facts.name]);
  const left = defaultLeftOut(facts);
  return (
    <span className="column-use">
      <Toggle facts={facts} purpose="drift" use={drift} changer={changer} />
      <Toggle facts={facts} purpose="features" use={features} changer={changer} />
      {left && <span className="column-use-reason">left out by default: {left.text}</span>}
    </span>
  );
}
