/** The parts of a stored event (storage's EventRecord) that notifying reads; core does not import storage. */
export interface NotifyEvent {
  kind: string;
  at: number;
  summary: string;
  details?: unknown;
}

/**
 * What can notify: an event kind, or `run.failed` (a `run.finished` event whose outcome is failed),
 * so that a person can ask for failures without every finished run.
 */
export type NotifyKind = string;

export interface NotificationSettings {
  kinds: NotifyKind[];
  /** Browser notifications (the Notification API), when the browser allows them. */
  browser: boolean;
  /** Where chosen events are POSTed as JSON; empty for none. */
  webhookUrl: string;
}

export const defaultNotificationSettings = (): NotificationSettings => ({
  kinds: ['alert', 'run.failed', 'run.approval', 'model.promoted', 'model.rolledback'],
  browser: false,
  webhookUrl: '',
});

/** The choices the settings form offers, in the order shown. */
export const NOTIFY_CHOICES: { kind: NotifyKind; label: string }[] = [
  { kind: 'alert', label: 'Alerts' },
  { kind: 'run.failed', label: 'Failed runs' },
  { kind: 'run.finished', label: 'Every finished run' },
  { kind: 'run.approval', label: 'Runs waiting for approval' },
  { kind: 'model.promoted', label: 'Promotions' },
  { kind: 'model.rolledback', label: 'Rollbacks' },
  { kind: 'model.rejected', label: 'Rejected versions' },
  { kind: 'drift.detected', label: 'Drift detected' },
  { kind: 'policy.fired', label: 'Trigger policy fired' },
  { kind: 'batch.arrived', label: 'Batches arriving' },
];

// NotifyEvent is the loose shape notifying accepts: its details are checked here, not assumed.
const outcomeOf = ({ details }: Pick<NotifyEvent, 'details'>): unknown => (typeof details === 'object' && details !== null && 'outcome' in details ? details.outcome : undefined);

/** Every kind an event that shouldNotify accepts can have: the chosen ones, and a finished run's where failed runs are chosen. */
export function notifiedKinds(settings: Pick<NotificationSettings, 'kinds'>): string[] {
  return settings.kinds.includes('run.failed') && !settings.kinds.includes('run.finished') ? [...settings.kinds, 'run.finished'] : [...settings.kinds];
}

/** Whether an event is one of the chosen kinds. */
export function shouldNotify(event: Pick<NotifyEvent, 'kind' | 'details'>, settings: Pick<NotificationSettings, 'kinds'>): boolean {
  const kinds = new Set(settings.kinds);
  if (kinds.has(event.kind)) return true;
  return event.kind === 'run.finished' && kinds.has('run.failed') && outcomeOf(event) === 'failed';
}

export interface WebhookPayload {
  event: { kind: string; at: string; summary: string; details: unknown };
  workspace: 'relearn';
}

/** The JSON body of the webhook POST for an event; `at` as an ISO 8601 time. */
export function webhookPayload(event: Pick<NotifyEvent, 'kind' | 'at' | 'summary' | 'details'>): WebhookPayload {
  return { event: { kind: event.kind, at: new Date(event.at).toISOString(), summary: event.summary, details: event.details ?? null }, workspace: 'relearn' };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Checks a webhook address: empty (no webhook), https://, or http:// to this machine only; a host name
 * or an IPv4 address, as the page's policy can allow no other.
 * Returns the problem in words, or null when it is fine.
 */
export function webhookUrlProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not an address: write it in full, such as https://example.com/hook';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${url.protocol.replace(/:$/, '')}:// addresses are not allowed; use https:// (or http://localhost)`;
  // A Content-Security-Policy source can name a host or an IPv4 address but not an IPv6 literal, so
  // the page could never allow such an address to be contacted.
  if (url.hostname.startsWith('[')) return "an IPv6 address cannot be allowed by the page's security policy; use a host name (such as localhost)";
  if (url.protocol === 'https:' || LOCAL_HOSTS.has(url.hostname)) return null;
  return 'plain http:// is allowed only to localhost; use https://';
}

/** Reads stored settings, filling what an older record lacks and dropping unknown kinds. */
export function withNotificationDefaults(stored: Partial<NotificationSettings> | undefined): NotificationSettings {
  const defaults = defaultNotificationSettings();
  return {
    kinds: Array.isArray(stored?.kinds) ? stored.kinds.filter((k): k is NotifyKind => typeof k === 'string') : defaults.kinds,
    browser: typeof stored?.browser === 'boolean' ? stored.browser : defaults.browser,
    webhookUrl: typeof stored?.webhookUrl === 'string' ? stored.webhookUrl : defaults.webhookUrl,
  };
}
