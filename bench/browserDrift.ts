import { copyFileSync, existsSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import { launchBrowser } from '../test/e2e/chromium.ts';
import { chromiumRssMb, MARKER } from './chromiumMemory.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

interface StoredTimings {
  referenceMs: number;
  totalMs: number;
}

// A string, not a function: tsx would wrap a function's inner helpers in a `__name` call the page lacks.
const READ_TIMINGS = `(async (batchName) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('relearn');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const all = (store) => new Promise((resolve, reject) => {
    if (!db.objectStoreNames.contains(store)) return resolve([]);
    const request = db.transaction(store).objectStore(store).getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const batches = await all('batches');
  const reports = await all('driftReports');
  db.close();
  const id = batches.find((b) => b.name === batchName)?.id;
  return reports.find((r) => r.batchId === id)?.timings ?? null;
})`;

/** Waits for the drift report of the batch named `name` in the page's IndexedDB and returns its timings. */
export async function reportTimings(page: Page, name: string): Promise<StoredTimings> {
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    const timings = (await page.evaluate(`${READ_TIMINGS}(${JSON.stringify(name)})`)) as StoredTimings | null;
    if (timings) return timings;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no drift report for ${name} within 10 minutes`);
}

/** The current file again with one more line break: other bytes, so another batch with the same values. */
async function twinOf(file: string): Promise<string> {
  const twin = file.replace(/\.csv$/, '-again.csv');
  if (!existsSync(twin) || statSync(twin).size !== statSync(file).size + 1) {
    copyFileSync(file, twin);
    await appendFile(twin, '\n');
  }
  return twin;
}

export interface BrowserDrift {
  coldMs: number;
  warmMs: number;
  peakRssMb: number;
}

/**
 * Uploads a reference and a current batch through the production page and lets its drift worker
 * check them as it does for a user: "cold" builds the reference's profiles and checks the batch;
 * "warm" checks a second batch with the reference's profiles read back from IndexedDB.
 * Times come from the worker's own timings stored with each report.
 */
export async function browserDrift(referenceCsv: string, currentCsv: string, runs: number): Promise<BrowserDrift[]> {
  const twin = await twinOf(currentCsv);
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser([MARKER]);
    const results: BrowserDrift[] = [];
    for (let run = 0; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/#/data`);
      const input = page.locator('input[type=file]');
      await input.setInputFiles([referenceCsv, currentCsv]);
      const baseline = chromiumRssMb();
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 100);
      const cold = await reportTimings(page, currentCsv.split('/').pop()!);
      clearInterval(sampler);
      await input.setInputFiles([twin]);
      const warm = await reportTimings(page, twin.split('/').pop()!);
      results.push({ coldMs: cold.referenceMs + cold.totalMs, warmMs: warm.referenceMs + warm.totalMs, peakRssMb: peak - baseline });
      await context.close();
    }
    return results;
  } finally {
    await browser?.close();
    server.httpServer.close();
  }
}
