import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect } from 'react';
import { db } from '../db.ts';
import { lastPersistRequest, requestPersistence, storageManager } from './persistence.ts';

/**
 * Once there is data worth keeping (the first stored batch), asks the browser once to keep it
 * persistent, so that it is not evicted under storage pressure. The answer is shown in Storage,
 * where the person can ask again; the page never asks by itself a second time.
 */
export function PersistOnFirstData() {
  const hasData = useLiveQuery(async () => (await db.batches.limit(1).count()) > 0);
  useEffect(() => {
    const manager = storageManager();
    if (!hasData || !manager || lastPersistRequest()) return;
    void manager.persisted().then((already) => (already ? undefined : requestPersistence('automatic').then(() => undefined)), () => undefined);
  }, [hasData]);
  return null;
}
