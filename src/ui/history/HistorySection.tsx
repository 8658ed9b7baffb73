import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { eventKindLabel } from '../../core/eventLabels.ts';
import { SectionHeader } from '../components/SectionHeader.tsx';
import { db } from '../db.ts';
import { plural } from '../format.ts';
import { ChampionChart } from './ChampionChart.tsx';
import { EventsList } from './EventsList.tsx';
import { KIND_GROUPS, matches, noFilter, type EventFilter, type KindGroup } from './eventFilters.ts';

/** The audit trail: every event of the workspace, newest first by day, filterable; the champion's metric over time. */
export function HistorySection() {
  const [filter, setFilter] = useState<EventFilter>(noFilter);
  const kinds = useLiveQuery(() => db.events.orderBy('kind').uniqueKeys());
  const all = useLiveQuery(() => db.events.orderBy('seq').reverse().toArray());
  const events = useMemo(() => all?.filter((e) => matches(e, filter)), [all, filter]);
  const registryKey = useLiveQuery(async () => (await db.events.where('kind').anyOf('model.promoted', 'model.rolledback').primaryKeys()).join(','));
  const batchKey = useLiveQuery(async () => (await db.batches.toCollection().primaryKeys()).length);
  const set = (change: Partial<EventFilter>): void => setFilter((f) => ({ ...f, ...change }));
  const shownKinds = (kinds ?? []).map(String).filter((k) => !filter.group || KIND_GROUPS.find((g) => g.id === filter.group)!.kinds.includes(k as never));
  const filtered = filter.group !== '' || filter.kind !== '' || filter.actor !== '' || filter.search.trim() !== '';
  return (
    <>
      <SectionHeader title="History" lede="The audit trail: what happened to the workspace, when, who did it (you or the automation) and why." />
      <section className="panel" aria-labelledby="champion-title">
        <div className="panel-header">
          <h2 id="champion-title">Champion over time</h2>
        </div>
        {registryKey !== undefined && batchKey !== undefined && <ChampionChart refresh={`${registryKey}|${batchKey}`} />}
      </section>
      <section className="panel" aria-labelledby="events-title">
        <div className="panel-header">
          <h2 id="events-title">Events</h2>
          <div className="panel-tools history-filters">
            {events && <span className="muted">{plural(events.length, 'event')}</span>}
            <label className="inline-field">
              Group
              <select value={filter.group} onChange={(e) => set({ group: e.target.value as KindGroup | '', kind: '' })}>
                <option value="">everything</option>
                {KIND_GROUPS.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              Kind
              <select value={filter.kind} onChange={(e) => set({ kind: e.target.value })}>
                <option value="">all kinds</option>
                {shownKinds.map((k) => (
                  <option key={k} value={k}>
                    {eventKindLabel(k)}
                  </option>
                ))}
              </select>
            </label>
            <label className="inline-field">
              Actor
              <select value={filter.actor} onChange={(e) => set({ actor: e.target.value as EventFilter['actor'] })}>
                <option value="">anyone</option>
                <option value="auto">auto</option>
                <option value="user">user</option>
              </select>
            </label>
            <label className="inline-field">
              Search
              <input type="search" value={filter.search} placeholder="words in the summary or details" onChange={(e) => set({ search: e.target.value })} />
            </label>
          </div>
        </div>
        {events && <EventsList events={events} filtered={filtered} />}
      </section>
    </>
  );
}
