import type { ReactNode } from 'react';

/** One labelled text or number input of a settings form, with its help line and its invalid mark. */
export function TextInputField(props: {
  inputId: string;
  label: string;
  help: ReactNode;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
  text?: boolean;
  min?: number;
  disabled?: boolean;
}) {
  const { inputId, label, help, value, invalid, onChange, text, min, disabled } = props;
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
        min={text ? undefined : min}
        value={value}
        disabled={disabled}
        aria-describedby={`${inputId}-help`}
        aria-invalid={(!disabled && invalid) || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${inputId}-help`} className="field-help">
        {help}
      </span>
    </div>
  );
}
