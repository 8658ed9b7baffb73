import { launchBrowser } from '../test/e2e/chromium.ts';
import { call, openPage, servePage } from './browserTrain.ts';
import { chromiumCpuMs, chromiumCpuSince, chromiumRssMb, MARKER } from './chromiumMemory.ts';
import type { BenchTreesResult } from './page/train.ts';
import type { TrainFile } from './trainData.ts';

export interface BrowserTreesRun extends BenchTreesResult {
  /** Rise in RSS of all Chromium processes from page load to the end of the run (data, fit, scoring). */
  peakRssMb: number;
  /** CPU time of all Chromium processes during the fit. */
  cpuMs: number;
  /** Scoring every training row: the worker's wall time, and Chromium's CPU time, of each of SCORES runs. */
  scoreMs: number[];
  scoreCpuMs: number[];
}

const SCORES = 3;

/**
 * Fits each tree family `runs` times in the app's train worker inside headless Chromium, each run in a
 * fresh page (a fresh worker), on the bench's tree data (sklearnTrees.py's files), then scores every
 * training row with the fitted ensemble SCORES times.
 */
export async function browserTrees(data: { train: TrainFile; validation: TrainFile; features: number }, runs: number): Promise<Record<'gbdt' | 'forest', BrowserTreesRun[]>> {
  const { port, close } = await servePage();
  const browser = await launchBrowser([MARKER]);
  const results: Record<'gbdt' | 'forest', BrowserTreesRun[]> = { gbdt: [], forest: [] };
  try {
    for (const family of ['gbdt', 'forest'] as const) {
      for (let run = 0; run < runs; run++) {
        const { context, page } = await openPage(browser, port, data);
        const baseline = chromiumRssMb();
        let peak = baseline;
        const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 200);
        try {
          await call(page, 'load', data.features, { url: './bench-data/train.f32', rows: data.train.rows }, { url: './bench-data/validation.f32', rows: data.validation.rows });
          const cpu = chromiumCpuMs();
          const result = await call<BenchTreesResult>(page, 'trees', family);
          const cpuMs = chromiumCpuSince(cpu);
          const scoreMs: number[] = [];
          const scoreCpuMs: number[] = [];
          for (let s = 0; s < SCORES; s++) {
            const before = chromiumCpuMs();
            scoreMs.push(await call<number>(page, 'score'));
            scoreCpuMs.push(chromiumCpuSince(before));
          }
          results[family].push({ ...result, cpuMs, scoreMs, scoreCpuMs, peakRssMb: Math.max(peak, chromiumRssMb()) - baseline });
        } finally {
          clearInterval(sampler);
          await context.close();
        }
      }
    }
    return results;
  } finally {
    await browser.close();
    close();
  }
}
