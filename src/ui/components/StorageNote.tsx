import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { policyInForce } from '../../bridge/pagePolicy.ts';
import { db } from '../db.ts';
import { formatBytes } from '../format.ts';
import { LockIcon } from '../icons.tsx';
import { sectionHref } from '../route.ts';
import { usePersistence } from '../storage/persistence.ts';

/** How much this page keeps in the browser, refreshed whenever the batch count changes. */
function useStorageUsage(): number | null {
  const batchCount = useLiveQuery(() => db.batches.count());
  const [usage, setUsage] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    navigator.storage
      ?.estimate()
      .then((estimate) => {
        if (live && estimate.usage !== undefined) setUsage(estimate.usage);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [batchCount]);
  return usage;
}

export function StorageNote() {
  const usage = useStorageUsage();
  const { persisted } = usePersistence();
  const webhook = policyInForce()?.webhookOrigin ?? null;
  return (
    <div className="storage-note">
      <LockIcon size={16} />
      <p>
        {webhook === null ? 'Data and models stay in this browser; nothing is uploaded.' : `Data and models stay in this browser; only the events you chose are sent to your webhook at ${webhook}.`}
        {usage !== null && <span className="storage-usage"> Using {formatBytes(usage)} of browser storage.</span>}
        {persisted === false && <span> The browser may evict it when space runs low.</span>}{' '}
        <a href={sectionHref('storage')}>Manage storage</a>
      </p>
    </div>
  );
}
