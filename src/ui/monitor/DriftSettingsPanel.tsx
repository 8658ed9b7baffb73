import { useId, useState } from 'react';
import { columnPinField, type Correction, type DriftSettings } from '../../core/drift/settings.ts';
import { messages } from '../../core/problems.ts';
import type { ColumnSchema } from '../../core/schema.ts';
import { SettingsFormFooter, SettingsPanel } from '../components/SettingsPanel.tsx';
import type { WorkspaceChanger } from '../data/useWorkspaceChange.ts';
import { CORRECTION_LABELS } from './driftFormat.ts';
import { ColumnPinsFields, GlobalPinFields } from './PinFields.tsx';
import { draftProblems, fieldInvalid, fromDraft, sameSettings, toDraft, type NumberField, type SettingsDraft } from './settingsDraft.ts';

const FIELDS: { key: NumberField; label: string; help: string }[] = [
  { key: 'alpha', label: 'Significance level (alpha)', help: 'KS and chi-square tests: drift when p < alpha (0–1).' },
  { key: 'wassersteinThreshold', label: 'Wasserstein threshold', help: 'Large numeric columns: drift when the normalised distance is at or above this.' },
  { key: 'jensenShannonThreshold', label: 'Jensen-Shannon threshold', help: 'Large categorical or few-valued columns: drift at or above this (at most 0.833).' },
  { key: 'driftShare', label: 'Drift share', help: 'Dataset drift when at least this share of feature columns drifted (0–1].' },
];

const CORRECTIONS: Correction[] = ['none', 'bonferroni', 'fdr'];

/** The form starts from the stored settings; the panel remounts it (key) when they change. */
function SettingsForm({ stored, columns, changer, onSaved }: { stored: DriftSettings; columns: ColumnSchema[]; changer: WorkspaceChanger; onSaved: (saved: boolean) => void }) {
  const [draft, setDraft] = useState<SettingsDraft>(() => toDraft(stored));
  const id = useId();
  const settings = fromDraft(draft);
  const problems = draftProblems(draft, settings);
  const dirty = !sameSettings(settings, fromDraft(toDraft(stored)));
  const edit = (next: SettingsDraft): void => {
    onSaved(false);
    setDraft(next);
  };
  const invalidPinColumns = new Set(draft.columnPins.filter((p) => fieldInvalid(columnPinField(p.column), problems)).map((p) => p.column));
  return (
    <form
      className="settings-form"
      aria-label="Drift settings"
      onSubmit={(event) => {
        event.preventDefault();
        void changer.apply({ drift: settings }, 'Saving drift settings').then(onSaved);
      }}
    >
      <div className="settings-grid">
        {FIELDS.map(({ key, label, help }) => (
          <div key={key} className="field">
            <label className="field-label" htmlFor={`${id}-${key}`}>
              {label}
            </label>
            <input
              id={`${id}-${key}`}
              type="number"
              inputMode="decimal"
              step="any"
              min={0}
              value={draft[key]}
              aria-describedby={`${id}-${key}-help`}
              aria-invalid={fieldInvalid(key, problems) || undefined}
              onChange={(e) => edit({ ...draft, [key]: e.target.value })}
            />
            <span id={`${id}-${key}-help`} className="field-help">
              {help}
            </span>
          </div>
        ))}
        <div className="field">
          <label className="field-label" htmlFor={`${id}-correction`}>
            Multiple-testing correction
          </label>
          <select id={`${id}-correction`} value={draft.correction} aria-describedby={`${id}-correction-help`} onChange={(e) => edit({ ...draft, correction: e.target.value as Correction })}>
            {CORRECTIONS.map((c) => (
              <option key={c} value={c}>
                {CORRECTION_LABELS[c]}
              </option>
            ))}
          </select>
          <span id={`${id}-correction-help`} className="field-help">
            Adjusts the p-values of the tests across feature columns before they are compared with alpha.
          </span>
        </div>
      </div>
      <div className="pin-grid">
        <GlobalPinFields pin={draft.pin} alpha={draft.alpha} invalid={fieldInvalid('pin', problems)} onChange={(pin) => edit({ ...draft, pin })} />
        <ColumnPinsFields pins={draft.columnPins} columns={columns} alpha={draft.alpha} invalidColumns={invalidPinColumns} onChange={(columnPins) => edit({ ...draft, columnPins })} />
      </div>
      <SettingsFormFooter problems={messages(problems)} dirty={dirty} changer={changer} saveLabel="Save drift settings" onReset={() => edit(toDraft(stored))} />
    </form>
  );
}

/** The drift rule's settings, stored with the workspace; saving checks every batch again. */
export function DriftSettingsPanel({ stored, columns }: { stored: DriftSettings; columns: ColumnSchema[] }) {
  return (
    <SettingsPanel
      title="Drift settings"
      summary="how each column and the dataset are judged"
      savedMessage="Saved; every batch is checked again with these settings."
      storedKey={JSON.stringify(stored)}
      form={({ changer, onSaved }) => <SettingsForm stored={stored} columns={columns} changer={changer} onSaved={onSaved} />}
    />
  );
}
