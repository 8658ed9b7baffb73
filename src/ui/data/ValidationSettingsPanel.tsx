import { useId, useState } from 'react';
import { validationSettingsProblems, type ValidationSettings } from '../../core/validation.ts';
import { SettingsFormFooter, SettingsPanel } from '../components/SettingsPanel.tsx';
import type { WorkspaceChanger } from './useWorkspaceChange.ts';

const FIELDS: { key: keyof ValidationSettings; label: string; help: string; step: string }[] = [
  { key: 'minRows', label: 'Minimum rows', help: 'A batch with fewer rows fails.', step: '1' },
  { key: 'maxMissingShare', label: 'Maximum missing share', help: 'A column missing more than this share of its cells fails (0–1).', step: '0.01' },
  { key: 'maxMissingShareIncrease', label: 'Maximum missing-share increase', help: 'A rise over the reference beyond this warns (0–1).', step: '0.01' },
  { key: 'maxOutOfRangeShare', label: 'Maximum out-of-range share', help: "Numbers outside the reference's range beyond this share warn (0–1).", step: '0.01' },
  { key: 'maxClassShareShift', label: 'Maximum class-share shift', help: 'A target class whose share moves more than this warns (0–1).', step: '0.01' },
  { key: 'maxUnfitShare', label: 'Maximum unfit-cell share', help: "A column whose cells do not fit the reference's type (text in a numeric column) beyond this share fails (0–1).", step: '0.01' },
];

type Draft = Record<keyof ValidationSettings, string>;

const toDraft = (settings: ValidationSettings): Draft =>
  Object.fromEntries(FIELDS.map(({ key }) => [key, String(settings[key])])) as Draft;

// An empty field is not zero: it reads as NaN so the form says it is missing.
const fromDraft = (draft: Draft): ValidationSettings =>
  Object.fromEntries(FIELDS.map(({ key }) => [key, draft[key].trim() === '' ? NaN : Number(draft[key])])) as unknown as ValidationSettings;

/** The form starts from the stored values; the panel remounts it (key) when they change. */
function SettingsForm({ stored, changer, onSaved }: { stored: ValidationSettings; changer: WorkspaceChanger; onSaved: (saved: boolean) => void }) {
  const [draft, setDraft] = useState<Draft>(() => toDraft(stored));
  const id = useId();
  const settings = fromDraft(draft);
  const problems = validationSettingsProblems(settings);
  // A field is wrong when it alone, put into the stored (valid) settings, makes them invalid.
  const invalid = (key: keyof ValidationSettings): boolean => validationSettingsProblems({ ...stored, [key]: settings[key] }).length > 0;
  const dirty = FIELDS.some(({ key }) => settings[key] !== stored[key]);
  return (
    <form
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        void changer.apply({ validation: settings }, 'Saving validation thresholds').then(onSaved);
      }}
    >
      <div className="settings-grid">
        {FIELDS.map(({ key, label, help, step }) => (
          <div key={key} className="field">
            <label className="field-label" htmlFor={`${id}-${key}`}>
              {label}
            </label>
            <input
              id={`${id}-${key}`}
              type="number"
              inputMode="decimal"
              step={step}
              min={0}
              max={key === 'minRows' ? undefined : 1}
              value={draft[key]}
              aria-describedby={`${id}-${key}-help`}
              aria-invalid={invalid(key) ? true : undefined}
              onChange={(e) => {
                onSaved(false);
                setDraft({ ...draft, [key]: e.target.value });
              }}
            />
            <span id={`${id}-${key}-help`} className="field-help">
              {help}
            </span>
          </div>
        ))}
      </div>
      <SettingsFormFooter problems={problems} dirty={dirty} changer={changer} saveLabel="Save thresholds" onReset={() => setDraft(toDraft(stored))} />
    </form>
  );
}

/** The thresholds of the validate_data step; saving validates every batch again. */
export function ValidationSettingsPanel({ stored }: { stored: ValidationSettings }) {
  return (
    <SettingsPanel
      title="Validation settings"
      summary="thresholds every batch is checked against"
      savedMessage="Saved; every batch was validated again with these thresholds."
      storedKey={JSON.stringify(stored)}
      form={({ changer, onSaved }) => <SettingsForm stored={stored} changer={changer} onSaved={onSaved} />}
    />
  );
}
