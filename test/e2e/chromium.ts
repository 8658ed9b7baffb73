import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

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

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...chromiumArgs, ...extraArgs] });
}

/**
 * A browser with a profile folder on disk, as a user's: IndexedDB is stored there with the disk's quota,
 * where `launchBrowser`'s contexts are off the record (kept in memory, with a small quota).
 */
export function launchPersistentBrowser(profileDir: string, extraArgs: string[] = [], baseURL?: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, { executablePath: chromiumPath(), args: [...chromiumArgs, ...extraArgs], ...(baseURL ? { baseURL } : {}) });
}
