import { useMemo, useState } from 'react';
import type { ModelRecord } from '../../storage/db.ts';
import type { ExtraColumns } from './VersionList.tsx';
import { parameterChoices } from './versionParams.ts';

/** "Columns": which parameters and whether the tags show as columns of the versions table. */
export function VersionColumns({ models, columns, onChange }: { models: ModelRecord[]; columns: ExtraColumns; onChange: (columns: ExtraColumns) => void }) {
  // Worked out once the chooser is open (every version's settings, for a hundred versions), and then once
  // per change of the versions: the training's progress redraws the panel many times a second.
  const [open, setOpen] = useState(false);
  const choices = useMemo(() => (open ? parameterChoices(models) : []), [models, open]);
  const toggle = (key: string, on: boolean) => onChange({ ...columns, params: choices.map((c) => c.key).filter((k) => (k === key ? on : columns.params.includes(k))) });
  return (
    <details className="column-chooser" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Columns{columns.params.length > 0 || columns.tags ? ` (${columns.params.length + (columns.tags ? 1 : 0)} more)` : ''}</summary>
      <fieldset>
        <legend>Show as columns</legend>
        <label>
          <input type="checkbox" checked={columns.tags} onChange={(e) => onChange({ ...columns, tags: e.target.checked })} /> Tags
        </label>
        {choices.map((c) => (
          <label key={c.key}>
            <input type="checkbox" checked={columns.params.includes(c.key)} onChange={(e) => toggle(c.key, e.target.checked)} /> {c.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
