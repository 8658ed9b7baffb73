import { pagePolicy, webhookOrigin } from '../core/notify/csp.ts';

/**
 * A policy in a meta tag cannot be loosened after the page loads, and the webhook setting lives in
 * IndexedDB, which cannot be read before the first module runs. So the webhook's origin is mirrored
 * here, in localStorage, and read synchronously at boot.
 */
const WEBHOOK_ORIGIN_KEY = 'relearn.webhookOrigin';

/** The policy in force: null when none was applied (the dev server, whose live reload it would block). */
let inForce: { webhookOrigin: string | null } | null = null;

function mirroredOrigin(): string | null {
  try {
    const stored = localStorage.getItem(WEBHOOK_ORIGIN_KEY);
    // Only a bare, acceptable origin is taken: nothing else can reach the policy text.
    return stored !== null && webhookOrigin(stored) === stored ? stored : null;
  } catch {
    return null;
  }
}

/** Puts the page's Content-Security-Policy in a meta tag. Must run before any other module. */
export function applyPagePolicy(): void {
  const origin = mirroredOrigin();
  const meta = document.createElement('meta');
  meta.httpEquiv = 'Content-Security-Policy';
  meta.content = pagePolicy(origin);
  document.head.prepend(meta);
  inForce = { webhookOrigin: origin };
}

/** The policy applied at boot, or null when the page runs without one. */
export const policyInForce = (): { webhookOrigin: string | null } | null => inForce;

/** Keeps the mirror in step with the stored webhook address; the next load's policy follows it. */
export function rememberWebhook(url: string): void {
  const origin = webhookOrigin(url);
  try {
    if (origin) localStorage.setItem(WEBHOOK_ORIGIN_KEY, origin);
    else localStorage.removeItem(WEBHOOK_ORIGIN_KEY);
  } catch {
    // Without localStorage the policy never allows a webhook; the settings panel says so.
  }
}

/** Whether the policy in force lets the page contact this webhook address. */
export function policyAllows(url: string): boolean {
  if (inForce === null) return true;
  const origin = webhookOrigin(url);
  return origin !== null && origin === inForce.webhookOrigin;
}
