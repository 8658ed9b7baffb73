import type { ReactNode } from 'react';
import { fieldInvalid, type DraftField, type TrainDraft } from './trainDraft.ts';

export interface FieldProps {
  /** Prefix for element ids (from useId). */
  id: string;
  draft: TrainDraft;
  problems: string[];
  onChange: (next: TrainDraft) => void;
}

/** One labelled input of the train form, with its help line and its invalid mark. */
export function DraftInput({ id, draft, problems, onChange, field, label, help, text, disabled }: FieldProps & { field: DraftField; label: string; help: string; text?: boolean; disabled?: boolean }) {
  const inputId = `${id}-${field}`;
  return (
    <div className="field">
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      <input
        id={inputId}
        type={text ? 'text' : 'number'}
        inputMode={text ? 'numeric' : 'decimal'}
        step="any"
        min={text ? undefined : 0}
        value={draft[field]}
        disabled={disabled}
        aria-describedby={`${inputId}-help`}
        aria-invalid={(!disabled && fieldInvalid(field, problems)) || undefined}
        onChange={(e) => onChange({ ...draft, [field]: e.target.value })}
      />
      <span id={`${inputId}-help`} className="field-help">
        {help}
      </span>
    </div>
  );
}

/** A labelled select with its help line. */
export function SelectField<T extends string>({ id, label, help, value, options, onChange, disabled }: { id: string; label: string; help: ReactNode; value: T; options: { value: T; label: string }[]; onChange: (value: T) => void; disabled?: boolean }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} value={value} disabled={disabled} aria-describedby={`${id}-help`} onChange={(e) => onChange(e.target.value as T)}>
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
