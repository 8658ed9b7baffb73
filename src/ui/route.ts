import { useSyncExternalStore } from 'react';

export type Section = 'data' | 'monitor' | 'pipeline' | 'models' | 'history';

export const SECTIONS: { id: Section; title: string }[] = [
  { id: 'data', title: 'Data' },
  { id: 'monitor', title: 'Monitor' },
  { id: 'pipeline', title: 'Pipeline' },
  { id: 'models', title: 'Models' },
  { id: 'history', title: 'History' },
];

/** `#/data`, `#/monitor`, …; `#/data/batch/<id>` opens a batch's detail. Anything else is the Data section. */
export interface Route {
  section: Section;
  batchId: string | null;
}

export function parseHash(hash: string): Route {
  const [section, kind, id] = hash.replace(/^#\/?/, '').split('/');
  const known = SECTIONS.find((s) => s.id === section);
  if (!known) return { section: 'data', batchId: null };
  const batchId = known.id === 'data' && kind === 'batch' && id ? decodeURIComponent(id) : null;
  return { section: known.id, batchId };
}

export const sectionHref = (section: Section): string => `#/${section}`;
export const batchHref = (batchId: string): string => `#/data/batch/${encodeURIComponent(batchId)}`;

const subscribe = (onChange: () => void): (() => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseHash(hash);
}
