import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { db } from '../db.ts';
import { formatBytes } from '../format.ts';
import { LockIcon } from '../icons.tsx';

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
  return (
    <div className="storage-note">
      <LockIcon size={16} />
      <p>
        Data and models stay in this browser; nothing is uploaded.
        {usage !== null && <span className="storage-usage"> Using {formatBytes(usage)} of browser storage.</span>}
      </p>
    </div>
  );
}
