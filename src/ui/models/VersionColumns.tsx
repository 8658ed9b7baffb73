import type { ModelRecord } from '../../storage/db.ts';
import type { ExtraColumns } from './VersionList.tsx';
import { versionSettings } from './versionParams.ts';

// Already columns of the table: the family, and the batches under "Trained on".
const SHOWN_ANYWAY = new Set(['family', 'trainingBatches']);

/** The parameters any version has that can become a column, with their labels, in reading order. */
export function parameterChoices(models: ModelRecord[]): { key: string; label: string }[] {
  const choices: { key: string; label: string }[] = [];
  for (const { key, label } of models.flatMap(versionSettings)) if (!SHOWN_ANYWAY.has(key) && !choices.some((c) => c.key === key)) choices.push({ key, label });
  return choices;
}

/** "Columns": which parameters and whether the tags show as columns of the versions table. */
export function VersionColumns({ models, columns, onChange }: { models: ModelRecord[]; columns: ExtraColumns; onChange: (columns: ExtraColumns) => void }) {
  const choices = parameterChoices(models);
  const toggle = (key: string, on: boolean) => onChange({ ...columns, params: choices.map((c) => c.key).filter((k) => (k === key ? on : columns.params.includes(k))) });
  return (
    <details className="column-chooser">
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
