import { describe, expect, it } from 'vitest';
import { pagePolicy, webhookOrigin, WORKER_POLICY } from '../../../src/core/notify/csp.ts';

const directives = (policy: string): Map<string, string> => new Map(policy.split('; ').map((d) => [d.split(' ')[0]!, d.slice(d.indexOf(' ') + 1)]));

describe('the page policy', () => {
  it('allows the page’s own origin only when no webhook is set', () => {
    const policy = directives(pagePolicy(null));
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('connect-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe("'self' 'wasm-unsafe-eval'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'none'");
    expect(pagePolicy(null)).not.toMatch(/'unsafe-eval'|'unsafe-inline'|\*/);
  });
  it('adds exactly the webhook’s origin to connect-src, and nowhere else', () => {
    const policy = pagePolicy('https://hooks.example.com');
    expect(directives(policy).get('connect-src')).toBe("'self' https://hooks.example.com");
    expect(policy.split('hooks.example.com')).toHaveLength(2);
  });
  it('gives workers their own origin only: they never send the webhook; blob: scripts and workers are tfjs`s threads', () => {
    expect(directives(WORKER_POLICY).get('connect-src')).toBe("'self'");
    expect(directives(WORKER_POLICY).get('script-src')).toBe("'self' 'wasm-unsafe-eval' blob:");
    expect(directives(WORKER_POLICY).get('worker-src')).toBe("'self' blob:");
    expect(directives(WORKER_POLICY).get('default-src')).toBe("'self'");
  });
});

describe('the webhook origin', () => {
  it('is the scheme, host and port of an acceptable address', () => {
    expect(webhookOrigin(' https://hooks.example.com/relearn?x=1 ')).toBe('https://hooks.example.com');
    expect(webhookOrigin('http://127.0.0.1:8123/hook')).toBe('http://127.0.0.1:8123');
    expect(webhookOrigin('https://example.com:443/')).toBe('https://example.com');
  });
  it('is none for no address or a refused one, so nothing but an origin reaches the policy', () => {
    expect(webhookOrigin('')).toBeNull();
    expect(webhookOrigin('http://example.com/hook')).toBeNull();
    expect(webhookOrigin('ftp://example.com')).toBeNull();
    expect(webhookOrigin("https://a.example; script-src 'unsafe-eval'")).toBeNull();
    expect(webhookOrigin('https://a.example/;script-src *')).toBe('https://a.example');
  });
});
