import { useCallback, useState } from 'react';
import { changeWorkspace } from '../../bridge/ingestBridge.ts';
import type { WorkspaceChange } from '../../app/workspace/schemaChanges.ts';

export interface WorkspaceChanger {
  /** What is being applied now, e.g. 'Typing "wind" as categorical'; null when idle. */
  pending: string | null;
  error: string | null;
  apply(change: WorkspaceChange, what: string): Promise<boolean>;
}

/**
 * A workspace change goes to the worker, which re-types, re-profiles and re-validates every batch;
 * the live queries show the result. This keeps what is under way and what went wrong.
 */
export function useWorkspaceChange(): WorkspaceChanger {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const apply = useCallback(async (change: WorkspaceChange, what: string): Promise<boolean> => {
    setPending(what);
    setError(null);
    try {
      await changeWorkspace(change);
      return true;
    } catch (e) {
      setError(`${what} failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    } finally {
      setPending(null);
    }
  }, []);
  return { pending, error, apply };
}
