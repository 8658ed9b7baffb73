import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { startNotifying } from '../../bridge/notifyBridge.ts';
import type { RelearnEvent } from '../../core/events.ts';
import { notifiedKinds, shouldNotify } from '../../core/notify/notify.ts';
import { readNotificationSettings } from '../../storage/queries/notifications.ts';
import { db } from '../db.ts';
import { formatTime } from '../format.ts';
import { sectionHref } from '../route.ts';
import { eventKindLabel } from '../../core/eventLabels.ts';
import './notifications.css';

const READ_KEY = 'relearn.notifications.readSeq';
/** How many of the newest chosen events the list shows. */
const LISTED = 30;
/**
 * Unread events counted at most: the bell shows "99+" past 99. Counting every unread one read each event
 * since the last mark (thousands in a workspace of a year) at every event written, tens of milliseconds
 * of the page's thread many times during a pipeline run.
 */
const COUNTED = 100;
const readSeqStored = (): number => Number(localStorage.getItem(READ_KEY)) || 0;

/** The bell in the shell: unread events of the chosen kinds, and the list of the latest ones. */
export function NotificationBell() {
  const [readSeq, setReadSeq] = useState(readSeqStored);
  const [open, setOpen] = useState(false);
  const [shownRead, setShownRead] = useState(readSeq);
  // Browser notifications and the webhook, for events added while the page is open.
  useEffect(() => startNotifying(db), []);
  // Another tab marking them read.
  useEffect(() => {
    const onStorage = (e: StorageEvent): void => {
      if (e.key === READ_KEY) setReadSeq(readSeqStored());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  // Each live query makes one read and nothing else: a Dexie live query observes only what its querier
  // reads in its own zone, and a read after an await can fall out of it (the bell then stayed at 0
  // until a reload). The settings are read apart and passed to the event queries, which filter on the
  // cursor: the list stops at its 30 newest chosen events, and the count reads the chosen kinds alone (by
  // their index) up to 100, keeping no rows, so a workspace with thousands of events is not copied to
  // the page on every new one.
  const settings = useLiveQuery(() => readNotificationSettings(db));
  const items = useLiveQuery<RelearnEvent[] | undefined>(
    () => (settings ? db.events.orderBy('seq').reverse().filter((e) => shouldNotify(e, settings)).limit(LISTED).toArray() : undefined),
    [settings],
  );
  const unread = useLiveQuery<number | undefined>(() => (settings ? db.events.where('kind').anyOf(notifiedKinds(settings)).filter((e) => (e.seq ?? 0) > readSeq && shouldNotify(e, settings)).limit(COUNTED).count() : undefined), [settings, readSeq]);
  const markRead = (): void => {
    const top = items?.[0]?.seq ?? readSeq;
    localStorage.setItem(READ_KEY, String(Math.max(top, readSeq)));
    setReadSeq(Math.max(top, readSeq));
  };
  const toggle = (): void => {
    if (!open) setShownRead(readSeq);
    else markRead();
    setOpen(!open);
  };
  const count = unread ?? 0;
  const bell = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // The panel takes focus when it opens; Escape closes it and gives focus back to the bell.
  useEffect(() => {
    if (open) panel.current?.focus();
  }, [open]);
  const onPanelKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    toggle();
    bell.current?.focus();
  };
  return (
    <div className="bell-wrap">
      <button ref={bell} type="button" className="bell" aria-expanded={open} aria-controls="notification-list" aria-label={`Notifications, ${count < COUNTED ? '' : 'at least '}${count} unread`} onClick={toggle}>
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
          <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {count > 0 && <span className="bell-count">{count > 99 ? '99+' : count}</span>}
      </button>
      {open && (
        <div ref={panel} id="notification-list" className="bell-panel" role="dialog" aria-label="Notifications" tabIndex={-1} onKeyDown={onPanelKey}>
          <div className="bell-panel-header">
            <strong>Notifications</strong>
            <button type="button" className="btn btn-quiet" onClick={markRead} disabled={count === 0}>
              Mark all read
            </button>
          </div>
          {items && items.length === 0 && <p className="muted">Nothing yet. The chosen events (Storage → Notifications) appear here.</p>}
          <ul className="bell-items">
            {items?.map((e) => (
              <li key={e.seq} className={(e.seq ?? 0) > shownRead ? 'bell-item unread' : 'bell-item'} data-kind={e.kind} data-seq={e.seq}>
                <span className="bell-item-time">
                  {formatTime(e.at)} · <span title={e.kind}>{eventKindLabel(e.kind)}</span>
                </span>
                <span>{e.summary}</span>
              </li>
            ))}
          </ul>
          <p className="bell-links">
            <a href={sectionHref('history')} className="event-link" onClick={() => setOpen(false)}>
              All events
            </a>
            {' · '}
            <a href={sectionHref('storage')} className="event-link" onClick={() => setOpen(false)}>
              Notification settings
            </a>
          </p>
        </div>
      )}
    </div>
  );
}
