import type { ReactNode } from 'react';
import type { PipelineSettingsField } from '../../core/pipeline/settings.ts';
import type { Problem } from '../../core/problems.ts';
import { TextInputField } from '../components/TextInputField.tsx';
import { fieldInvalid, type PolicyDraft, type PolicyTextField, type PolicyToggle } from './policyDraft.ts';

interface Common {
  /** Prefix for element ids (from useId). */
  id: string;
  draft: PolicyDraft;
  problems: readonly Problem<PipelineSettingsField>[];
  onChange: (next: PolicyDraft) => void;
}

/** One labelled text or number input of the policy form, with its help line and its invalid mark. */
export function PolicyInput({ id, draft, problems, onChange, field, label, help, text, disabled }: Common & { field: PolicyTextField; label: string; help: ReactNode; text?: boolean; disabled?: boolean }) {
  return (
    <TextInputField
      inputId={`${id}-${field}`}
      label={label}
      help={help}
      value={draft[field]}
      invalid={fieldInvalid(field, problems)}
      onChange={(value) => onChange({ ...draft, [field]: value })}
      text={text}
      disabled={disabled}
    />
  );
}

/** An on/off setting of the policy form. */
export function PolicyToggleField({ draft, onChange, field, label, help }: Omit<Common, 'id' | 'problems'> & { field: PolicyToggle; label: string; help?: ReactNode }) {
  return (
    <div className="field policy-toggle">
      <label className="toggle">
        <input type="checkbox" checked={draft[field]} onChange={(e) => onChange({ ...draft, [field]: e.target.checked })} />
        <span className="field-label">{label}</span>
      </label>
      {help && <span className="field-help">{help}</span>}
    </div>
  );
}
