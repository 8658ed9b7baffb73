import type { ReactNode } from 'react';
import type { Problem } from '../../core/problems.ts';
import { TextInputField } from '../components/TextInputField.tsx';
import { fieldInvalid, type DraftField, type TrainDraft, type TrainFormField } from './trainDraft.ts';

export interface FieldProps {
  /** Prefix for element ids (from useId). */
  id: string;
  draft: TrainDraft;
  problems: readonly Problem<TrainFormField>[];
  onChange: (next: TrainDraft) => void;
}

/** One labelled input of the train form, with its help line and its invalid mark. */
export function DraftInput({ id, draft, problems, onChange, field, label, help, text, disabled }: FieldProps & { field: DraftField; label: string; help: string; text?: boolean; disabled?: boolean }) {
  return (
    <TextInputField
      inputId={`${id}-${field}`}
      label={label}
      help={help}
      value={draft[field]}
      invalid={fieldInvalid(field, problems)}
      onChange={(value) => onChange({ ...draft, [field]: value })}
      text={text}
      min={0}
      disabled={disabled}
    />
  );
}

/** A labelled select with its help line (and its invalid mark, where a problem names it). */
export function SelectField<T extends string>({ id, label, help, value, options, onChange, disabled, invalid }: { id: string; label: string; help: ReactNode; value: T; options: { value: T; label: string }[]; onChange: (value: T) => void; disabled?: boolean; invalid?: boolean }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} title={options.find((o) => o.value === value)?.label} disabled={disabled} aria-invalid={invalid || undefined} aria-describedby={`${id}-help`} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <span id={`${id}-help`} className="field-help">
        {help}
      </span>
    </div>
  );
}
