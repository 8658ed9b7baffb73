import { useLiveQuery } from 'dexie-react-hooks';
import { useState, useSyncExternalStore, type FormEvent } from 'react';
import { clearWebhookFailures, lastWebhookSent, subscribeWebhook, webhookFailures } from '../../bridge/notifyBridge.ts';
import { rememberWebhook } from '../../bridge/pagePolicy.ts';
import { schedulerRole, subscribeSchedulerRole } from '../../bridge/pipelineBridge.ts';
import { saveNotificationSettings } from '../../bridge/workspaceBridge.ts';
import { NOTIFY_CHOICES, webhookUrlProblem, type NotificationSettings, type NotifyKind } from '../../core/notify/notify.ts';
import { readNotificationSettings } from '../../storage/queries/notifications.ts';
import { db } from '../db.ts';
import { eventKindLabel } from '../../core/eventLabels.ts';
import { formatTime } from '../format.ts';
import { WebhookReach } from './WebhookReach.tsx';
import './notifications.css';

const browserPermission = (): NotificationPermission | 'unsupported' => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** Which events notify, browser notifications on or off, and the webhook (the one thing that sends data out). */
export function NotificationSettingsPanel() {
  const stored = useLiveQuery(() => readNotificationSettings(db));
  const [edited, setDraft] = useState<NotificationSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [permission, setPermission] = useState(browserPermission);
  const failures = useSyncExternalStore(subscribeWebhook, webhookFailures);
  const sent = useSyncExternalStore(subscribeWebhook, lastWebhookSent);
  const role = useSyncExternalStore(subscribeSchedulerRole, schedulerRole);
  const draft = edited ?? stored;
  if (!draft || !stored) return null;
  const problem = webhookUrlProblem(draft.webhookUrl);
  const dirty = JSON.stringify(draft) !== JSON.stringify(stored);
  const change = (next: Partial<NotificationSettings>): void => {
    setDraft({ ...draft, ...next });
    setSaved(false);
  };
  const toggleKind = (kind: NotifyKind, on: boolean): void => change({ kinds: on ? [...draft.kinds, kind] : draft.kinds.filter((k) => k !== kind) });
  const toggleBrowser = async (on: boolean): Promise<void> => {
    change({ browser: on });
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      setPermission(await Notification.requestPermission());
    }
  };
  const save = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    try {
      await saveNotificationSettings(draft);
      rememberWebhook(draft.webhookUrl);
      setDraft(null);
      setSaved(true);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <section className="panel" aria-labelledby="notify-title">
      <div className="panel-header">
        <h2 id="notify-title">Notifications</h2>
      </div>
      <form className="notify-form" onSubmit={(e) => void save(e)} aria-label="Notification settings">
        <fieldset>
          <legend>Events that notify</legend>
          <div className="notify-kinds">
            {NOTIFY_CHOICES.map((c) => (
              <label key={c.kind} className="check">
                <input type="checkbox" checked={draft.kinds.includes(c.kind)} onChange={(e) => toggleKind(c.kind, e.target.checked)} /> {c.label}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={draft.browser} onChange={(e) => void toggleBrowser(e.target.checked)} /> Browser notifications
        </label>
        {draft.browser && permission !== 'granted' && (
          <p className="muted">{permission === 'unsupported' ? 'This browser has no notifications; the list under the bell still fills.' : permission === 'denied' ? 'The browser blocks notifications for this page: allow them in its site settings.' : 'The browser asks for permission when you turn this on.'}</p>
        )}
        <label className="notify-url">
          Webhook URL
          <input type="url" inputMode="url" value={draft.webhookUrl} placeholder="https://… (empty: no webhook)" aria-invalid={problem !== null} aria-describedby="webhook-note" onChange={(e) => change({ webhookUrl: e.target.value })} />
        </label>
        <div id="webhook-note" className="notify-warning">
          <p>This is the one thing that sends data out of this browser: each chosen event goes to this address.</p>
          <WebhookReach storedUrl={stored.webhookUrl} />
        </div>
        <p className="muted">
          Sent as a JSON POST <code>{'{"event": {kind, at, summary, details}, "workspace": "relearn"}'}</code> by the tab that runs the scheduler only
          {role === 'scheduler' ? ' (this tab)' : role === 'viewer' ? ' (another tab; this one does not send)' : ''}. The receiving server must accept
          cross-origin requests from this page (CORS).
        </p>
        {problem && (
          <p role="alert" className="form-problems">
            Webhook: {problem}.
          </p>
        )}
        {error && (
          <p role="alert" className="form-problems">
            {error}
          </p>
        )}
        {failures.length > 0 && (
          <div role="alert" className="form-problems webhook-failures">
            <p>
              {failures.length} webhook send(s) failed{' '}
              <button type="button" className="btn btn-quiet" onClick={clearWebhookFailures}>
                Clear
              </button>
            </p>
            <ul>
              {failures.slice(0, 5).map((f) => (
                <li key={`${f.seq}-${f.at}`}>
                  {formatTime(f.at)} {eventKindLabel(f.kind)} to {f.url}: {f.message}
                </li>
              ))}
            </ul>
          </div>
        )}
        {sent && <p className="muted">Last sent: event {sent.seq} at {formatTime(sent.at)}.</p>}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={problem !== null || !dirty}>
            Save notifications
          </button>
          {saved && !dirty && <span role="status">Saved</span>}
        </div>
      </form>
    </section>
  );
}
