import { SectionHeader } from '../components/SectionHeader.tsx';
import { BatchStorage } from './BatchStorage.tsx';
import { PersistencePanel } from './PersistencePanel.tsx';
import { UsagePanel } from './UsagePanel.tsx';
import { useBrowserEstimate, useWorkspaceUsage } from './useStorageUsage.ts';
import { VersionStorage } from './VersionStorage.tsx';
import { WorkspaceTransfer } from './WorkspaceTransfer.tsx';
import './storage.css';

const LEDE = 'What this browser keeps for the workspace, whether it may evict it, and deleting batches and model versions you no longer need.';

/** Persistence, usage and quota, the batches and versions with their sizes and deletion. */
export function StorageSection() {
  const usage = useWorkspaceUsage();
  const estimate = useBrowserEstimate(usage);
  return (
    <>
      <SectionHeader title="Storage" lede={LEDE} />
      <PersistencePanel />
      <UsagePanel estimate={estimate} usage={usage} />
      <WorkspaceTransfer />
      {usage && (
        <>
          <BatchStorage batches={usage.batches} />
          <VersionStorage versions={usage.versions} />
        </>
      )}
    </>
  );
}
