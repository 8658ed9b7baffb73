import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, inject } from 'vitest';
import { launchBrowser } from './chromium.ts';

export { chromiumPath, launchBrowser } from './chromium.ts';

// One Chromium per test file, started by the first newPage() and closed after the file's last test.
let browser: Promise<Browser> | undefined;
afterAll(async () => {
  await (await browser)?.close();
  browser = undefined;
});

const outDir = fileURLToPath(new URL('./out/', import.meta.url));

export function baseUrl(): string {
  return inject('baseUrl');
}

export interface PageSession {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors, in the order they happened. */
  errors: string[];
  close(): Promise<void>;
}

// A fresh context per page: its own IndexedDB, storage and cache, so tests do not see each other.
/** `serviceWorkers: 'block'` for a test that routes requests the service worker would otherwise answer from its cache. */
export async function newPage({ serviceWorkers = 'allow' }: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<PageSession> {
  browser ??= launchBrowser();
  const context = await (await browser).newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 }, serviceWorkers });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    errors.push(`console.error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return { page, context, errors, close: () => context.close() };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = `${outDir}${name}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}
