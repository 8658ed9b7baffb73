import { webhookUrlProblem } from './notify.ts';

/**
 * The page's Content-Security-Policy: it may load and contact its own origin only, and the webhook's
 * origin when one is set (the one address that receives data). 'wasm-unsafe-eval' lets WebAssembly
 * compile (tfjs's wasm backend, SHA-256) without allowing eval of strings.
 */
export function pagePolicy(webhookOrigin: string | null): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src 'self'${webhookOrigin ? ` ${webhookOrigin}` : ''}`,
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The policy of the page's workers, sent by the service worker as their script's header: a worker
 * gets its policy from its own response, not from the page. Workers never send the webhook. blob: lets
 * tfjs's threaded WebAssembly build start its threads: each is a worker made from a blob: URL, which
 * loads the build's script from another blob: URL (both made by tfjs inside the worker, not fetched).
 */
export const WORKER_POLICY = ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval' blob:", "worker-src 'self' blob:", "connect-src 'self'", "object-src 'none'"].join('; ');

/** The origin (scheme, host and port) of an acceptable webhook address; null for none or a refused one. */
export function webhookOrigin(url: string): string | null {
  const value = url.trim();
  if (value === '' || webhookUrlProblem(value) !== null) return null;
  return new URL(value).origin;
}
