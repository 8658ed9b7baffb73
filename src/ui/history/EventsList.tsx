import type { EventRecord } from '../../storage/db.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { Badge } from '../components/StatusBadge.tsx';
import { formatTime } from '../format.ts';
import { HistoryIcon } from '../icons.tsx';
import { batchHref, monitorHref, runHref } from '../route.ts';

// Events about one batch's drift result; a re-check or settings event names no single result.
const DRIFT_RESULTS = new Set<EventRecord['kind']>(['drift.detected', 'drift.checked']);

/** The pipeline run an event is about (run and registry events name it in their details), if any. */
function runOf(event: EventRecord): string | null {
  const details = event.details as { runId?: unknown } | null | undefined;
  return typeof details?.runId === 'string' ? details.runId : null;
}

export function EventsList({ events }: { events: EventRecord[] }) {
  if (events.length === 0) {
    return (
      <EmptyState icon={<HistoryIcon size={32} />} title="No events yet">
        <p>Batches arriving, validation results, schema and reference changes are recorded here as they happen, and never edited.</p>
      </EmptyState>
    );
  }
  return (
    <div className="table-wrap table-wrap-tall">
      <table className="data-table events-table" aria-label="Events">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Kind</th>
            <th scope="col">Actor</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.seq}>
              <td className="nowrap">{formatTime(event.at)}</td>
              <td className="nowrap">
                <code className="event-kind">{event.kind}</code>
              </td>
              <td>
                <Badge tone={event.actor === 'user' ? 'accent' : 'neutral'}>{event.actor}</Badge>
              </td>
              <td>
                {event.summary}
                {event.batchId && (
                  <>
                    {' '}
                    <a href={batchHref(event.batchId)} className="event-link">
                      open batch
                    </a>
                  </>
                )}
                {runOf(event) && (
                  <>
                    {event.batchId ? ' · ' : ' '}
                    <a href={runHref(runOf(event)!)} className="event-link">
                      open run
                    </a>
                  </>
                )}
                {event.batchId && DRIFT_RESULTS.has(event.kind) && (
                  <>
                    {' · '}
                    <a href={monitorHref(event.batchId)} className="event-link">
                      open drift
                    </a>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
