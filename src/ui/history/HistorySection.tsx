import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { SectionHeader } from '../components/SectionHeader.tsx';
import { db } from '../db.ts';
import { plural } from '../format.ts';
import { EventsList } from './EventsList.tsx';

/** The audit trail: every event of the workspace, newest first, filterable by kind. */
export function HistorySection() {
  const [kind, setKind] = useState('');
  const kinds = useLiveQuery(() => db.events.orderBy('kind').uniqueKeys());
  const events = useLiveQuery(
    () => (kind === '' ? db.events.orderBy('seq').reverse().toArray() : db.events.where('kind').equals(kind).reverse().sortBy('seq')),
    [kind],
  );
  return (
    <>
      <SectionHeader title="History" lede="The audit trail: what happened to the workspace, when, who did it (you or the automation) and why." />
      <section className="panel" aria-labelledby="events-title">
        <div className="panel-header">
          <h2 id="events-title">Events</h2>
          <div className="panel-tools">
            {events && <span className="muted">{plural(events.length, 'event')}</span>}
            <label className="inline-field">
              Kind
              <select value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="">all kinds</option>
                {kinds?.map((k) => (
                  <option key={String(k)} value={String(k)}>
                    {String(k)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </div>
        {events && <EventsList events={events} />}
      </section>
    </>
  );
}
