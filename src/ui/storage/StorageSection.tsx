import { SectionHeader } from '../components/SectionHeader.tsx';
import { NotificationSettingsPanel } from '../notifications/NotificationSettingsPanel.tsx';
import { BatchStorage } from './BatchStorage.tsx';
import { PersistencePanel } from './PersistencePanel.tsx';
import { UsagePanel } from './UsagePanel.tsx';
import { useBrowserEstimate, useWorkspaceUsage } from './useStorageUsage.ts';
import { VersionStorage } from './VersionStorage.tsx';
import { WorkspaceTransfer } from './WorkspaceTransfer.tsx';
import './storage.css';

const LEDE = 'The workspace’s settings and what this browser keeps of it: which events notify you, whether the browser may evict the data, and deleting batches and model versions you no longer need.';

/** Notification settings; persistence, usage and quota, the batches and versions with their sizes and deletion. */
export function StorageSection() {
  const usage = useWorkspaceUsage();
  const estimate = useBrowserEstimate(usage);
  return (
    <>
      <SectionHeader title="Storage" lede={LEDE} />
      <NotificationSettingsPanel />
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
