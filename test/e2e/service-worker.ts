import type { Page } from 'playwright-core';

/**
 * Waits until the service worker has installed every built file and controls the page, and the page is
 * cross-origin isolated: on a static host that sends no isolation headers, that is after the page has
 * reloaded once through the service worker (src/bridge/isolation.ts). Returns the worker's scope.
 */
export async function waitForServiceWorker(page: Page): Promise<string> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null && crossOriginIsolated, undefined, { timeout: 120_000, polling: 250 });
  return page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
}
