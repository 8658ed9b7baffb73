import type { WorkspaceChanger } from './useWorkspaceChange.ts';

/** What a workspace change (target, types, column choices) is doing, or why it failed: the same lines wherever one starts. */
export function WorkspaceChangeStatus({ changer, pendingClass }: { changer: WorkspaceChanger; pendingClass: string }) {
  return (
    <>
      {changer.pending && (
        <p role="status" className={pendingClass}>
          <span className="spinner" aria-hidden="true" /> {changer.pending}: every batch is re-read and re-checked…
        </p>
      )}
      {changer.error && (
        <p role="alert" className="inline-error">
          {changer.error}
        </p>
      )}
    </>
  );
}
