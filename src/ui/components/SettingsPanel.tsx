import { Fragment, useState, type ReactNode } from 'react';
import { useWorkspaceChange, type WorkspaceChanger } from '../data/useWorkspaceChange.ts';

const sentence = (p: string): string => `${p[0]?.toUpperCase() ?? ''}${p.slice(1)}.`;

/** A settings form's problems, its save button (off while anything is wrong or nothing changed) and Reset. */
export function SettingsFormFooter({ problems, dirty, changer, saveLabel, onReset }: { problems: string[]; dirty: boolean; changer: WorkspaceChanger; saveLabel: string; onReset: () => void }) {
  return (
    <>
      {problems.length > 0 && (
        <div role="alert" className="form-problems">
          {problems.map((p) => (
            <p key={p}>{sentence(p)}</p>
          ))}
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={problems.length > 0 || !dirty || changer.pending !== null}>
          {changer.pending ? 'Saving…' : saveLabel}
        </button>
        <button type="button" className="btn btn-quiet" disabled={!dirty} onClick={onReset}>
          Reset
        </button>
      </div>
    </>
  );
}

interface FormProps {
  changer: WorkspaceChanger;
  onSaved: (saved: boolean) => void;
}

/**
 * A folded panel of workspace settings: the form (remounted when the stored settings change), what
 * saving did, and what went wrong.
 */
export function SettingsPanel({ title, summary, savedMessage, storedKey, form }: { title: string; summary: string; savedMessage: string; storedKey: string; form: (props: FormProps) => ReactNode }) {
  const changer = useWorkspaceChange();
  const [saved, setSaved] = useState(false);
  return (
    <details className="panel settings-panel">
      <summary>
        <span className="settings-title">{title}</span>
        <span className="muted">{summary}</span>
      </summary>
      <Fragment key={storedKey}>{form({ changer, onSaved: setSaved })}</Fragment>
      <p role="status" className="form-status">
        {saved && savedMessage}
      </p>
      {changer.error && (
        <p role="alert" className="inline-error">
          {changer.error}
        </p>
      )}
    </details>
  );
}
