import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A modal dialog (the native <dialog>, so focus stays inside and Escape cancels) asking to confirm a
 * deletion. `consequences` are what depends on the thing deleted, shown as a warning list.
 */
export function ConfirmDeletion({
  title,
  children,
  consequences,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  consequences: string[];
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="confirm-deletion-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id="confirm-deletion-title">{title}</h2>
      <div className="confirm-body">{children}</div>
      {consequences.length > 0 && (
        <div className="confirm-consequences" role="note" aria-label="What depends on it">
          <p>
            <strong>What depends on it:</strong>
          </p>
          <ul>
            {consequences.map((c) => (
              <li key={c}>{c.charAt(0).toUpperCase() + c.slice(1)}.</li>
            ))}
          </ul>
        </div>
      )}
      <p className="muted">This cannot be undone; the deletion is recorded in History.</p>
      <div className="form-actions">
        <button type="button" className="btn btn-danger" disabled={busy} onClick={onConfirm}>
          {busy ? 'Deleting…' : confirmLabel}
        </button>
        <button type="button" className="btn btn-quiet" disabled={busy} onClick={onCancel} autoFocus>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
