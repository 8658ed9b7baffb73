import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';

const outDir = fileURLToPath(new URL('./out/', import.meta.url));

// Closed network, running as root, WebGPU on SwiftShader: see docs/TESTING.md.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-unsafe-swiftshader',
];

// Same search as scripts/ensure-chromium.mjs, which runs before the tests.
export function chromiumPath(): string {
  const onPath = (process.env.PATH ?? '').split(delimiter).flatMap((dir) => [join(dir, 'chromium'), join(dir, 'chromium-browser')]);
  const candidates = [process.env.RELEARN_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', ...onPath];
  const found = candidates.find((path): path is string => !!path && existsSync(path));
  if (!found) throw new Error('No Chromium found: run `node scripts/ensure-chromium.mjs` or set RELEARN_CHROMIUM.');
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
}

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
export async function newPage(browser: Browser): Promise<PageSession> {
  const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 800 } });
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
