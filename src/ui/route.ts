import { useSyncExternalStore } from 'react';

export type Section = 'data' | 'monitor' | 'pipeline' | 'models' | 'history' | 'storage';

export const SECTIONS: { id: Section; title: string }[] = [
  { id: 'data', title: 'Data' },
  { id: 'monitor', title: 'Monitor' },
  { id: 'pipeline', title: 'Pipeline' },
  { id: 'models', title: 'Models' },
  { id: 'history', title: 'History' },
  { id: 'storage', title: 'Storage' },
];

/**
 * `#/data`, `#/monitor`, …; `#/data/batch/<id>` opens a batch's detail, `#/monitor/batch/<id>` a
 * batch's drift, `#/monitor/batch/<id>/column/<name>` one column's drill-down,
 * `#/models/version/<n>` one model version, `#/pipeline/run/<id>` one pipeline run and
 * `#/pipeline/run/<id>/task/<taskId>` one of its tasks, `#/storage` what the browser keeps. Anything else is
 * the Data section.
 */
export interface Route {
  section: Section;
  batchId: string | null;
  /** The column whose drift drill-down is open (Monitor only). */
  column: string | null;
  /** The model version whose detail is open (Models only). */
  version: number | null;
  /** The pipeline run whose graph is open (Pipeline only). */
  runId: string | null;
  /** The task of that run whose details are open (Pipeline only). */
  taskId: string | null;
}

const decode = (part: string | undefined): string | null => {
  if (!part) return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null; // a hand-typed `%` that is not an escape
  }
};

export function parseHash(hash: string): Route {
  const [section, kind, id, columnKind, column] = hash.replace(/^#\/?/, '').split('/');
  const known = SECTIONS.find((s) => s.id === section);
  if (!known) return { section: 'data', batchId: null, column: null, version: null, runId: null, taskId: null };
  const withBatch = (known.id === 'data' || known.id === 'monitor') && kind === 'batch';
  const batchId = withBatch ? decode(id) : null;
  const columnName = known.id === 'monitor' && batchId && columnKind === 'column' ? decode(column) : null;
  // A version that is not a whole number (`#/models/version/x`) opens the list, not an error.
  const version = known.id === 'models' && kind === 'version' && id && /^\d+$/.test(id) ? Number(id) : null;
  const runId = known.id === 'pipeline' && kind === 'run' ? decode(id) : null;
  const taskId = runId && columnKind === 'task' ? decode(column) : null;
  return { section: known.id, batchId, column: columnName, version, runId, taskId };
}

export const sectionHref = (section: Section): string => `#/${section}`;
export const batchHref = (batchId: string): string => `#/data/batch/${encodeURIComponent(batchId)}`;

/** A batch's drift in the Monitor section, optionally with one column's drill-down open. */
export const monitorHref = (batchId: string, column?: string | null): string =>
  `#/monitor/batch/${encodeURIComponent(batchId)}${column ? `/column/${encodeURIComponent(column)}` : ''}`;

/** One model version's detail in the Models section. */
export const versionHref = (version: number): string => `#/models/version/${version}`;

/** One pipeline run in the Pipeline section, optionally with one task's details open. */
export const runHref = (runId: string, taskId?: string | null): string =>
  `#/pipeline/run/${encodeURIComponent(runId)}${taskId ? `/task/${encodeURIComponent(taskId)}` : ''}`;

/**
 * Opens a route; the hash change re-renders through useRoute, and the back button returns. Pushed, not
 * assigned to location.hash: that navigates to a fragment, and the browser lays the whole page out there
 * and then to look for an element to scroll to (95 ms of the Monitor's batch picker on a year of batches).
 */
export function navigate(href: string): void {
  if (window.location.hash === href) return;
  const oldURL = window.location.href;
  window.history.pushState(null, '', href);
  window.dispatchEvent(new HashChangeEvent('hashchange', { oldURL, newURL: window.location.href }));
}

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
