import { useEffect } from 'react';
import { db } from '../db.ts';
import { useIngestJob } from './IngestJobProvider.tsx';

/**
 * `?demo` in the address (what `npm run dev` opens) loads the demo scenario into an empty workspace,
 * once; a workspace that already holds batches is left as it is. The parameter is then removed.
 */
export function DemoOnOpen() {
  const { loadDemo } = useIngestJob();
  useEffect(() => {
    const url = new URL(window.location.href);
    if (!url.searchParams.has('demo')) return;
    url.searchParams.delete('demo');
    window.history.replaceState(null, '', url);
    void db.batches.count().then((count) => {
      if (count === 0) loadDemo();
    });
  }, [loadDemo]);
  return null;
}
