import { useEffect, useRef } from 'react';
import { db } from '../db.ts';
import { DEMO_TITLE, useIngestJob } from './IngestJobProvider.tsx';

/** Set in this tab while the demo asked for by `?demo` is being stored; a reload in between finishes it. */
const PENDING = 'relearn.demoPending';

function dropDemoParameter(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('demo')) return;
  url.searchParams.delete('demo');
  window.history.replaceState(null, '', url);
}

/**
 * `?demo` in the address (what `npm run dev` opens) loads the demo scenario into an empty workspace,
 * once; a workspace that already holds batches is left as it is. The parameter stays in the address
 * until the demo is stored, so a reload in the middle (the dev server reloads the page when it bundles
 * a dependency late) loads the rest: batches already stored are skipped as duplicates. The parameter
 * goes when the demo's story has played to its end (every batch judged, every run it started ended).
 */
export function DemoOnOpen() {
  const { job, loadDemo } = useIngestJob();
  const asked = useRef(false);
  useEffect(() => {
    if (asked.current || !new URL(window.location.href).searchParams.has('demo')) return;
    asked.current = true;
    void db.batches.count().then((count) => {
      if (count > 0 && sessionStorage.getItem(PENDING) === null) {
        dropDemoParameter();
        return;
      }
      sessionStorage.setItem(PENDING, '1');
      loadDemo();
    });
  }, [loadDemo]);
  useEffect(() => {
    const ended = (job.state === 'finished' || job.state === 'failed') && job.title === DEMO_TITLE;
    if (!ended || sessionStorage.getItem(PENDING) === null) return;
    sessionStorage.removeItem(PENDING);
    dropDemoParameter();
  }, [job]);
  return null;
}
