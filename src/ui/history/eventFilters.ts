import { detailLabel, eventKindLabel } from '../../core/eventLabels.ts';
import { isMetricKey, METRIC_LABELS } from '../../core/metrics/metricKey.ts';
import type { EventKind, EventRecord } from '../../storage/db.ts';
import { formatShare } from '../format.ts';

export type KindGroup = 'data' | 'drift' | 'runs' | 'decisions' | 'registry' | 'alerts';

export const KIND_GROUPS: { id: KindGroup; label: string; kinds: EventKind[] }[] = [
  { id: 'data', label: 'data', kinds: ['batch.arrived', 'batch.validated', 'batch.deleted', 'schema.changed', 'reference.changed', 'workspace.imported'] },
  { id: 'drift', label: 'drift', kinds: ['drift.detected', 'drift.checked', 'drift.rechecked', 'drift.settings'] },
  { id: 'runs', label: 'runs', kinds: ['run.started', 'run.finished', 'run.interrupted', 'pipeline.settings', 'pipeline.paused', 'pipeline.resumed', 'model.trained', 'model.imported', 'model.failed', 'backend.chosen'] },
  { id: 'decisions', label: 'decisions', kinds: ['policy.fired', 'policy.suppressed', 'run.approval', 'champion.checked', 'shadow.scored', 'canary.scored'] },
  { id: 'registry', label: 'registry', kinds: ['model.registered', 'model.promoted', 'model.rejected', 'model.rolledback', 'model.deleted'] },
  { id: 'alerts', label: 'alerts', kinds: ['alert'] },
];

export const groupOf = (kind: EventKind): KindGroup | null => KIND_GROUPS.find((g) => g.kinds.includes(kind))?.id ?? null;

export interface EventFilter {
  group: KindGroup | '';
  kind: string;
  actor: '' | 'auto' | 'user';
  search: string;
}

export const noFilter: EventFilter = { group: '', kind: '', actor: '', search: '' };

/** The batch an event's details name as the reference (drift results, validation), shown as a link. */
export function referenceOf(details: unknown): string | null {
  if (details === null || typeof details !== 'object') return null;
  const { referenceBatchId, referenceId } = details as { referenceBatchId?: unknown; referenceId?: unknown };
  const id = referenceBatchId ?? referenceId;
  return typeof id === 'string' ? id : null;
}

/** One detail beside an event's summary: its label, its value in words, and the stored key (a title, to copy). */
export interface KeyDetail {
  key: string;
  label: string;
  value: string;
}

const SHARES = new Set(['driftedShare', 'share']);

function detailValue(key: string, value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return SHARES.has(key) ? formatShare(value) : Number.isInteger(value) ? String(value) : value.toFixed(4);
  return key === 'metric' && isMetricKey(value) ? METRIC_LABELS[value] : value;
}

/** The details worth showing beside the summary: short plain values in words; ids left out (they are links). */
export function keyDetails(details: unknown): KeyDetail[] {
  if (details === null || typeof details !== 'object' || Array.isArray(details)) return [];
  const skip = new Set(['runId', 'batchId', 'referenceBatchId', 'referenceId', 'since', 'seq']);
  return Object.entries(details)
    .filter((entry): entry is [string, string | number | boolean] => {
      const [key, value] = entry;
      return !skip.has(key) && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value).length <= 80;
    })
    .slice(0, 5)
    .map(([key, value]) => ({ key, label: detailLabel(key), value: detailValue(key, value) }));
}

export function matches(event: EventRecord, filter: EventFilter): boolean {
  if (filter.group && groupOf(event.kind) !== filter.group) return false;
  if (filter.kind && event.kind !== filter.kind) return false;
  if (filter.actor && event.actor !== filter.actor) return false;
  const words = filter.search.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const details = keyDetails(event.details).map((d) => `${d.key} ${d.label} ${d.value}`);
  const text = `${event.kind} ${eventKindLabel(event.kind)} ${event.summary} ${details.join(' ')}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });

/** Events (newest first) cut into days, newest day first. */
export function byDay(events: EventRecord[]): { day: string; events: EventRecord[] }[] {
  const days: { day: string; events: EventRecord[] }[] = [];
  for (const event of events) {
    const day = dayFormat.format(event.at);
    if (days.at(-1)?.day !== day) days.push({ day, events: [] });
    days.at(-1)!.events.push(event);
  }
  return days;
}
