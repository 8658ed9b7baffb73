import { eventKindLabel } from '../../core/eventLabels.ts';
import { failedCheckText } from '../../core/pipeline/gate.ts';
import type { EventRecord } from '../../storage/db.ts';
import { memo, useMemo } from 'react';
import { EmptyState } from '../components/EmptyState.tsx';
import { useWindow } from '../components/useWindow.ts';
import { WindowPager } from '../components/WindowPager.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime } from '../format.ts';
import { HistoryIcon } from '../icons.tsx';
import { batchHref, monitorHref, runHref, versionHref } from '../route.ts';
import { byDay, groupOf, keyDetails, referenceOf } from './eventFilters.ts';
import './history.css';

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

// Events about one batch's drift result; a re-check or settings event names no single result.
const DRIFT_RESULTS = new Set<EventRecord['kind']>(['drift.detected', 'drift.checked']);

/** The pipeline run an event is about (run and registry events name it in their details), if any. */
function runOf(event: EventRecord): string | null {
  switch (event.kind) {
    case 'run.started':
    case 'run.finished':
    case 'run.interrupted':
    case 'run.approval':
    case 'model.trained':
    case 'model.imported':
    case 'model.registered':
    case 'model.promoted':
    case 'model.rejected':
    case 'model.rolledback':
    case 'model.deleted':
      return event.details.runId;
    case 'alert':
      return event.details?.runId ?? null;
    default:
      return null;
  }
}

/** The model version an event is about (registry and training events name it), if any. */
function versionOf(event: EventRecord): number | null {
  switch (event.kind) {
    case 'model.trained':
    case 'model.imported':
    case 'model.registered':
    case 'model.promoted':
    case 'model.rejected':
    case 'model.rolledback':
    case 'model.deleted':
    case 'champion.checked':
      return event.details.version;
    default:
      return null;
  }
}

/** A promotion a person forced past a gate that kept the champion, said plainly with the checks it failed. */
function ForcedMark({ event }: { event: EventRecord }) {
  if (event.kind !== 'model.promoted' || !event.details.forced) return null;
  return (
    <p className="event-forced">
      <Badge tone="fail">forced</Badge> promoted past a failed gate: {(event.details.failedChecks ?? []).map(failedCheckText).join('; ')}
    </p>
  );
}

function EventLinks({ event }: { event: EventRecord }) {
  const links: { href: string; label: string }[] = [];
  if (event.batchId) links.push({ href: batchHref(event.batchId), label: 'open batch' });
  const run = runOf(event);
  if (run) links.push({ href: runHref(run), label: 'open run' });
  if (event.batchId && DRIFT_RESULTS.has(event.kind)) links.push({ href: monitorHref(event.batchId), label: 'open drift' });
  const reference = referenceOf(event.details);
  if (reference) links.push({ href: batchHref(reference), label: 'open reference batch' });
  const version = versionOf(event);
  if (version !== null) links.push({ href: versionHref(version), label: `open version ${version}` });
  if (links.length === 0) return null;
  return (
    <span className="event-links">
      {links.map((l, i) => (
        <span key={l.label}>
          {i > 0 && ' · '}
          <a href={l.href} className="event-link">
            {l.label}
          </a>
        </span>
      ))}
    </span>
  );
}

/** Events drawn at once: years of daily batches, runs and versions are thousands of them. */
export const EVENTS_WINDOW = 100;

/** The events newest first, grouped by day, EVENTS_WINDOW at a time with a pager to older ones. */
export const EventsList = memo(function EventsList({ events, filtered = false }: { events: EventRecord[]; filtered?: boolean }) {
  const oldestFirst = useMemo(() => [...events].reverse(), [events]);
  const stretch = useWindow(oldestFirst.length, EVENTS_WINDOW);
  const shown = useMemo(() => oldestFirst.slice(stretch.start, stretch.end).reverse(), [oldestFirst, stretch.start, stretch.end]);
  if (events.length === 0) {
    return filtered ? (
      <p className="muted history-none">No event matches these filters.</p>
    ) : (
      <EmptyState icon={<HistoryIcon size={32} />} title="No events yet">
        <p>Batches arriving, validation results, schema and reference changes are recorded here as they happen, and never edited.</p>
      </EmptyState>
    );
  }
  return (
    <>
      <WindowPager window={stretch} noun="events" label="Events shown" />
      <div className="table-wrap table-wrap-tall">
        <table className="data-table events-table" aria-label="Events">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Kind</th>
              <th scope="col">Actor</th>
              <th scope="col">What happened and why</th>
            </tr>
          </thead>
          {byDay(shown).map(({ day, events: ofDay }) => (
            <tbody key={day} className="events-day">
              <tr className="day-row">
                <th scope="rowgroup" colSpan={4}>
                  {day} <span className="muted">· {ofDay.length}</span>
                </th>
              </tr>
              {ofDay.map((event) => {
                const details = keyDetails(event.details);
                return (
                  <tr key={event.seq} className="event-row" data-kind={event.kind} data-group={groupOf(event.kind) ?? ''}>
                    <td className="event-time" title={formatTime(event.at)}>
                      {timeOfDay.format(event.at)}
                    </td>
                    <td className="nowrap">
                      <span className="event-kind" title={event.kind}>
                        {eventKindLabel(event.kind)}
                      </span>
                    </td>
                    <td>
                      <Badge tone={event.actor === 'user' ? 'accent' : 'neutral'}>{event.actor}</Badge>
                    </td>
                    <td className="event-what">
                      <div className="event-summary">{event.summary}</div>
                      <ForcedMark event={event} />
                      {details.length > 0 && (
                        <dl className="event-details">
                          {details.map((d) => (
                            <div key={d.key}>
                              <dt title={d.key}>{d.label}</dt>
                              <dd>{d.value}</dd>
                            </div>
                          ))}
                        </dl>
                      )}
                      <EventLinks event={event} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          ))}
        </table>
      </div>
    </>
  );
});
