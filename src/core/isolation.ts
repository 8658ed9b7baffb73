/**
 * Cross-origin isolation: with these headers on the page and its workers, they get SharedArrayBuffer,
 * which tfjs's threaded WebAssembly build needs to train on every core. Everything the page loads is of
 * its own origin, so require-corp refuses nothing it uses; CORP keeps other origins from embedding its
 * files. Vite's dev and preview servers send them (vite.config.ts); static hosts send none, so the
 * service worker adds them to what it serves (workers/service.worker.ts).
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
