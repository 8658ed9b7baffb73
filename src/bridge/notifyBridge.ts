import { eventKindLabel } from '../core/eventLabels.ts';
import { shouldNotify, webhookPayload, webhookUrlProblem, type NotificationSettings } from '../core/notify/notify.ts';
import type { EventRecord, RelearnDb } from '../storage/db.ts';
import { readNotificationSettings, watchNewEvents } from '../storage/queries/notifications.ts';
import { policyAllows, rememberWebhook } from './pagePolicy.ts';
import { schedulerRole } from './pipelineBridge.ts';
import { createStore } from './store.ts';

/** A webhook POST that did not get through, shown next to the webhook field. */
export interface SendFailure {
  at: number;
  seq: number;
  kind: string;
  url: string;
  message: string;
}

interface WebhookState {
  failures: SendFailure[];
  lastSent: { at: number; seq: number; url: string } | null;
}

const webhook = createStore<WebhookState>({ failures: [], lastSent: null });

export const webhookFailures = (): SendFailure[] => webhook.get().failures;
export const lastWebhookSent = (): WebhookState['lastSent'] => webhook.get().lastSent;
export const subscribeWebhook = webhook.subscribe;

export function clearWebhookFailures(): void {
  webhook.set({ ...webhook.get(), failures: [] });
}

function recordFailure(url: string, event: EventRecord, message: string): void {
  const { failures, lastSent } = webhook.get();
  webhook.set({ failures: [{ at: Date.now(), seq: event.seq ?? 0, kind: event.kind, url, message }, ...failures].slice(0, 20), lastSent });
}

/** POSTs one event to the webhook; a failure is kept for the page to show. */
export async function sendWebhook(url: string, event: EventRecord, post: typeof fetch = fetch): Promise<boolean> {
  try {
    const response = await post(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(webhookPayload(event)) });
    if (!response.ok) throw new Error(`the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`);
    webhook.set({ ...webhook.get(), lastSent: { at: Date.now(), seq: event.seq ?? 0, url } });
    return true;
  } catch (error) {
    recordFailure(url, event, error instanceof Error ? error.message : String(error));
    return false;
  }
}

function showBrowserNotification(event: EventRecord): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    // The tag makes every tab's notification of the same event one notification.
    new Notification(`Relearn: ${eventKindLabel(event.kind)}`, { body: event.summary, tag: `relearn-event-${event.seq}` });
  } catch {
    // Some browsers allow notifications only from a service worker; the in-page list still has it.
  }
}

async function deliver(events: EventRecord[], settings: NotificationSettings): Promise<void> {
  const chosen = events.filter((e) => shouldNotify(e, settings));
  const url = settings.webhookUrl.trim();
  // Only the scheduling tab sends, so that an event goes out once however many tabs are open.
  const sends = url !== '' && webhookUrlProblem(url) === null && schedulerRole() === 'scheduler';
  for (const event of chosen) {
    if (settings.browser) showBrowserNotification(event);
    if (!sends) continue;
    // The page's policy is fixed at load: a webhook set since then is refused until a reload.
    if (policyAllows(url)) await sendWebhook(url, event);
    else recordFailure(url, event, `not sent: reload the page to let it contact ${new URL(url).origin}`);
  }
}

let started = false;

/**
 * Watches for events added from now on and delivers the chosen ones: a browser notification when
 * allowed, and the webhook POST from the scheduling tab. Events already stored are not sent again.
 */
export function startNotifying(db: RelearnDb): () => void {
  if (started) return () => undefined;
  started = true;
  // The stored setting wins over the mirror (an imported workspace, cleared site data): the next load follows it.
  void readNotificationSettings(db).then((settings) => rememberWebhook(settings.webhookUrl));
  const stop = watchNewEvents(db, async (events) => deliver(events, await readNotificationSettings(db)));
  return () => {
    stop();
    started = false;
  };
}
