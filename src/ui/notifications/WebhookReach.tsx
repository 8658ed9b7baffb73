import { policyInForce } from '../../bridge/pagePolicy.ts';
import { webhookOrigin } from '../../core/notify/csp.ts';

/**
 * What the page's Content-Security-Policy lets it contact besides its own origin: the saved webhook's
 * origin, and nothing else. The policy is fixed when the page loads, so a change needs a reload.
 */
export function WebhookReach({ storedUrl }: { storedUrl: string }) {
  const saved = webhookOrigin(storedUrl);
  const policy = policyInForce();
  const allowed = policy ? policy.webhookOrigin : saved;
  if (saved && allowed === saved) {
    return (
      <p role="status" aria-label="Webhook address">
        <strong>Webhook: data is sent to {saved}</strong> — the only address this page may contact.
      </p>
    );
  }
  if (saved) {
    return (
      <p role="status" aria-label="Webhook address">
        <strong>Webhook saved, not yet in force:</strong> this page may contact {saved} from its next load (its security policy is fixed when it loads).{' '}
        <button type="button" className="btn btn-quiet" onClick={() => location.reload()}>
          Reload now
        </button>
      </p>
    );
  }
  return (
    <p role="status" aria-label="Webhook address">
      {allowed ? `No webhook: nothing is sent. Until the page is reloaded, its policy still allows ${allowed}.` : 'No webhook: this page contacts no address but its own.'}
    </p>
  );
}
