import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The boot-time policy reads the mirrored webhook origin from localStorage and writes a meta tag. Node
// has neither, so the test gives it a Map-backed localStorage and a head that keeps what is prepended.
const store = new Map<string, string>();
const head: { httpEquiv: string; content: string }[] = [];

beforeEach(() => {
  store.clear();
  head.length = 0;
  vi.resetModules();
  vi.stubGlobal('localStorage', { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => store.set(k, v), removeItem: (k: string) => store.delete(k) });
  vi.stubGlobal('document', { createElement: () => ({ httpEquiv: '', content: '' }), head: { prepend: (m: { httpEquiv: string; content: string }) => head.unshift(m) } });
});
afterEach(() => vi.unstubAllGlobals());

const boot = async () => {
  const policy = await import('../../../src/bridge/pagePolicy.ts');
  policy.applyPagePolicy();
  return policy;
};

describe('the policy applied at boot', () => {
  it('allows the mirrored webhook origin, and only after it is remembered', async () => {
    let policy = await boot();
    expect(head[0]?.content).toContain("connect-src 'self';");
    expect(policy.policyAllows('https://hooks.example.com/x')).toBe(false);
    policy.rememberWebhook('https://hooks.example.com/x');
    expect(policy.policyAllows('https://hooks.example.com/x')).toBe(false);

    vi.resetModules();
    policy = await boot();
    expect(head[0]?.content).toContain("connect-src 'self' https://hooks.example.com;");
    expect(policy.policyInForce()).toEqual({ webhookOrigin: 'https://hooks.example.com' });
    expect(policy.policyAllows('https://hooks.example.com/other-path')).toBe(true);
    expect(policy.policyAllows('https://elsewhere.example.com/x')).toBe(false);
  });
  it('forgets the origin when the webhook is cleared', async () => {
    const policy = await boot();
    policy.rememberWebhook('https://hooks.example.com/x');
    policy.rememberWebhook('');
    expect(store.size).toBe(0);
  });
  it('ignores a mirror that is not a bare acceptable origin', async () => {
    for (const tampered of ["https://a.example; script-src 'unsafe-eval'", 'https://a.example/path', 'http://a.example', 'javascript:alert(1)']) {
      store.set('relearn.webhookOrigin', tampered);
      vi.resetModules();
      const policy = await boot();
      expect(policy.policyInForce(), tampered).toEqual({ webhookOrigin: null });
      expect(head[0]?.content).toContain("connect-src 'self';");
    }
  });
});
