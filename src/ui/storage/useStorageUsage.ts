import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { workspaceUsage, type WorkspaceUsage } from '../../storage/queries/usage.ts';
import { db } from '../db.ts';
import { storageManager } from './persistence.ts';

/**
 * Changes that alter what the workspace holds, read cheaply (keys and counts), so that the bytes are
 * measured again only then and not on every event the pipeline writes.
 */
function useHoldingsKey(): string | undefined {
  return useLiveQuery(async () => {
    const [batches, models, aliases, reports, profiles, runs, events] = await Promise.all([
      db.batches.toCollection().primaryKeys(),
      db.models.toArray(),
      db.aliases.toArray(),
      db.driftReports.toCollection().primaryKeys(),
      db.referenceProfiles.count(),
      db.runs.count(),
      db.events.count(),
    ]);
    return JSON.stringify([batches, models.map((m) => [m.version, m.stage]), aliases.map((a) => [a.name, a.version]), reports, profiles, runs, events]);
  });
}

/** What the workspace holds, batch by batch and version by version; undefined while it is measured the first time. */
export function useWorkspaceUsage(): WorkspaceUsage | undefined {
  const key = useHoldingsKey();
  const [usage, setUsage] = useState<WorkspaceUsage | undefined>(undefined);
  useEffect(() => {
    if (key === undefined) return;
    let live = true;
    void workspaceUsage(db).then((measured) => {
      if (live) setUsage(measured);
    });
    return () => {
      live = false;
    };
  }, [key]);
  return usage;
}

export interface BrowserEstimate {
  usage: number;
  quota: number;
}

/** navigator.storage.estimate(), read again whenever `refresh` changes; null where the browser cannot say. */
export function useBrowserEstimate(refresh: unknown): BrowserEstimate | null | undefined {
  const [estimate, setEstimate] = useState<BrowserEstimate | null | undefined>(() => (storageManager() ? undefined : null));
  useEffect(() => {
    const manager = storageManager();
    if (!manager) return;
    let live = true;
    manager.estimate().then(
      (e) => {
        if (live) setEstimate(e.usage !== undefined && e.quota ? { usage: e.usage, quota: e.quota } : null);
      },
      () => live && setEstimate(null),
    );
    return () => {
      live = false;
    };
  }, [refresh]);
  return estimate;
}
