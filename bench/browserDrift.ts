import { copyFileSync, existsSync, statSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { preview } from 'vite';
import { chromiumCpuMs, chromiumRssMb, MARKER } from './chromiumMemory.ts';
import { withFreshContext } from './freshProfile.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

interface StoredTimings {
  totalMs: number;
  /** When the batch's check ended (Date.now() in the drift worker), its verdict made. */
  checkedAt: number;
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
  const report = reports.find((r) => r.batchId === id);
  return report ? { ...report.timings, checkedAt: report.checkedAt } : null;
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
  /** CPU time of all the bench Chromium's processes while the cold check ran: on a busy machine, fairer than coldMs. */
  coldCpuMs: number;
  warmMs: number;
  peakRssMb: number;
}

/**
 * CPU of every Chromium process between two times, from snapshots taken every 100 ms: per process, the
 * last snapshot at or before `from` against the first at or after `to` (a process started meanwhile counts whole).
 */
function cpuBetween(snapshots: readonly [number, Map<string, number>][], from: number, to: number): number {
  const before = snapshots.findLast(([at]) => at <= from)?.[1] ?? new Map<string, number>();
  const after = snapshots.find(([at]) => at >= to)?.[1] ?? snapshots.at(-1)?.[1] ?? new Map<string, number>();
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
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
  try {
    const results: BrowserDrift[] = [];
    for (let run = 0; run < runs; run++) {
      results.push(await withFreshContext([MARKER], async (context) => {
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/#/data`);
        const input = page.locator('input[type=file]');
        await input.setInputFiles([referenceCsv, currentCsv]);
        const baseline = chromiumRssMb();
        let peak = baseline;
        const cpu: [number, Map<string, number>][] = [];
        const sampler = setInterval(() => {
          peak = Math.max(peak, chromiumRssMb());
          cpu.push([Date.now(), chromiumCpuMs()]);
        }, 100);
        const cold = await reportTimings(page, currentCsv.split('/').pop()!);
        // The report is polled every 250 ms, so a snapshot after the check's end is usually there (else the last is used).
        clearInterval(sampler);
        const coldCpuMs = cpuBetween(cpu, cold.checkedAt - cold.totalMs, cold.checkedAt);
        await input.setInputFiles([twin]);
        const warm = await reportTimings(page, twin.split('/').pop()!);
        return { coldMs: cold.totalMs, coldCpuMs, warmMs: warm.totalMs, peakRssMb: peak - baseline };
      }));
    }
    return results;
  } finally {
    server.httpServer.close();
  }
}
