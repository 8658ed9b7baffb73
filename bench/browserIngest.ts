import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { preview } from 'vite';
import { chromiumRssMb, chromiumThreadCpu, MARKER, OWN_MARKER } from './chromiumMemory.ts';
import { withFreshContext } from './freshProfile.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BrowserIngest {
  rows: number;
  readMs: number;
  profileMs: number;
  validateMs: number;
  storeMs: number;
  totalMs: number;
  peakRssMb: number;
  /** Workers that parsed the file at once. */
  readers: number;
}

/**
 * Uploads `file` through the production page's own file input and ingest worker, in a fresh
 * context (empty IndexedDB), and reads the worker's timings from the upload's outcome.
 */
export async function browserIngest(file: string, runs: number): Promise<BrowserIngest[]> {
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  try {
    const results: BrowserIngest[] = [];
    for (let run = 0; run < runs; run++) {
      results.push(await withFreshContext([MARKER, OWN_MARKER], async (context) => {
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${port}/#/data`);
        // Each run is a first visit (a fresh context, for an empty IndexedDB): the service worker's one-time
        // install, which fetches and caches the 12 MB of built files, would otherwise run beside the upload
        // (about 2 s of CPU on the 2 cores the readers share). A user's uploads come after it.
        await page.evaluate(() => navigator.serviceWorker.ready);
        // BENCH_BOUNDED_FROM=bytes sends the file through the two-pass upload that stores as it reads (the page's own setting).
        if (process.env.BENCH_BOUNDED_FROM) await page.evaluate((bytes) => localStorage.setItem('relearn.uploadBoundedFromBytes', bytes), process.env.BENCH_BOUNDED_FROM);
        const baseline = chromiumRssMb();
        const threads = chromiumThreadCpu();
        let peak = baseline;
        const sampler = setInterval(() => {
          peak = Math.max(peak, chromiumRssMb());
          threads.sample();
        }, 100);
        await page.locator('input[type=file]').setInputFiles(file);
        const outcome = page.locator('[data-status="stored"]').first();
        await outcome.waitFor({ timeout: 600_000 });
        clearInterval(sampler);
        threads.sample();
        // Where the page's CPU went (whole upload): the threads of every Chromium process, most first.
        const cpu = threads.since();
        process.stderr.write(`    Chromium CPU by thread, ${(cpu.reduce((s, t) => s + t.ms, 0) / 1000).toFixed(2)} s in all: ${cpu.slice(0, 12).map((t) => `${t.where} ${(t.ms / 1000).toFixed(2)} s`).join('; ')}\n`);
        const attr = async (name: string): Promise<number> => Number(await outcome.getAttribute(name));
        const [rows, readMs, profileMs, validateMs, storeMs, readers] = await Promise.all(
          ['data-rows', 'data-read-ms', 'data-profile-ms', 'data-validate-ms', 'data-store-ms', 'data-readers'].map(attr),
        );
        const steps = { readMs: readMs as number, profileMs: profileMs as number, validateMs: validateMs as number, storeMs: storeMs as number };
        return { rows: rows as number, ...steps, totalMs: readMs! + profileMs! + validateMs! + storeMs!, peakRssMb: peak - baseline, readers: readers as number };
      }));
    }
    return results;
  } finally {
    server.httpServer.close();
  }
}
