import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchBrowser, launchPersistentBrowser } from '../test/e2e/chromium.ts';

interface FreshContext {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Whether a bench run's IndexedDB lives on disk (the default) or in memory (`BENCH_STORAGE=memory`). */
function storageKind(): 'disk' | 'memory' {
  return process.env.BENCH_STORAGE === 'memory' ? 'memory' : 'disk';
}

/** Where the runs' IndexedDB lived, for the section's notes. */
export function storageLine(): string {
  return storageKind() === 'memory'
    ? 'IndexedDB in memory (an off-the-record context per run, BENCH_STORAGE=memory)'
    : 'IndexedDB on disk (a fresh profile per run, as a user\'s browser stores; BENCH_STORAGE=memory for an off-the-record context)';
}

/**
 * A fresh Chromium with an empty IndexedDB for one bench run. By default its profile is a new folder on
 * disk, as a user's browser stores: an off-the-record context keeps IndexedDB in memory, and in this
 * Chromium its reads and writes of large values cost 2–4× the CPU of the same on disk.
 * `BENCH_STORAGE=memory` keeps the off-the-record context, to compare with runs measured that way.
 */
async function freshContext(extraArgs: string[]): Promise<FreshContext> {
  if (storageKind() === 'memory') {
    const browser = await launchBrowser(extraArgs);
    return { context: await browser.newContext(), close: () => browser.close() };
  }
  const profile = mkdtempSync(join(tmpdir(), 'relearn-bench-'));
  const context = await launchPersistentBrowser(profile, extraArgs);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs `use` in a fresh context (see `freshContext`) and closes it, on failure too. */
export async function withFreshContext<T>(extraArgs: string[], use: (context: BrowserContext) => Promise<T>): Promise<T> {
  const { context, close } = await freshContext(extraArgs);
  try {
    return await use(context);
  } finally {
    await close();
  }
}
