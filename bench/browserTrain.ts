import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, preview } from 'vite';
import { launchBrowser } from '../test/e2e/chromium.ts';
import type { StepProfile } from '../src/ml/stepProfile.ts';
import { measure } from './common.ts';
import { chromiumCpuMs, chromiumCpuSince, chromiumRssMb, MARKER } from './chromiumMemory.ts';
import type { BenchProbe, BenchTrainResult } from './page/train.ts';
import { TRAIN_FEATURES, type TrainFile } from './trainData.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The bench page is built apart from the app (dist/ stays the app's alone). */
const PAGE_DIR = fileURLToPath(new URL('./out/train-page/', import.meta.url));
const PAGE = 'bench/page/train.html';

export interface BrowserTrainRun extends BenchTrainResult {
  /** Rise in RSS of all Chromium processes from page load to the end of the run (data, warm-up, training). */
  peakRssMb: number;
  /** CPU time of all Chromium processes during the timed training (every thread): on a busy machine, fairer than wall time. */
  cpuMs: number;
}

export interface BrowserTrainPlan {
  train: TrainFile;
  validation: TrainFile;
  batchSizes: readonly number[];
  epochs: number;
  runs: number;
  warmUpRows: number;
  /** A backend whose warm-up says the full training would take longer than this trains on fewer rows. */
  budgetMs: number;
  /** Training steps timed part by part, and again per kernel, for each WebAssembly backend and batch size. */
  profileSteps: number;
}

export interface BrowserTrainRow {
  backend: string;
  /** false: tfjs's step on a WebAssembly backend, timed beside the fused step (src/ml/trainStep.ts). */
  fused: boolean;
  batchSize: number;
  /** Training rows of the timed runs: all of the file's, or fewer where the backend is too slow for the budget. */
  rows: number;
  runs: BrowserTrainRun[];
  /** Why the backend gave no result, where it failed. */
  failure?: string;
}

/** Builds bench/page/train.html (the app's train worker behind a page handle) with the app's Vite config. */
async function buildPage(): Promise<void> {
  await build({
    root,
    logLevel: 'warn',
    build: {
      outDir: PAGE_DIR,
      emptyOutDir: true,
      sourcemap: false,
      rolldownOptions: { input: fileURLToPath(new URL(`../${PAGE}`, import.meta.url)), checks: { pluginTimings: false } },
    },
  });
}

/** Builds the bench page and serves it on a free port until `close`. */
export async function servePage(): Promise<{ port: number; close: () => void }> {
  await buildPage();
  const server = await preview({ root, logLevel: 'warn', build: { outDir: PAGE_DIR }, preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  return { port, close: () => server.httpServer.close() };
}

/** A fresh context and page (so a fresh worker, tfjs and backend) with the data files served beside it. */
export async function openPage(browser: Browser, port: number, plan: Pick<BrowserTrainPlan, 'train' | 'validation'>): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/bench-data/train.f32', (route) => route.fulfill({ path: plan.train.path, contentType: 'application/octet-stream' }));
  await page.route('**/bench-data/validation.f32', (route) => route.fulfill({ path: plan.validation.path, contentType: 'application/octet-stream' }));
  await page.goto(`http://127.0.0.1:${port}/${PAGE}`);
  await page.locator('body[data-ready=true]').waitFor({ timeout: 60_000 });
  return { context, page };
}

export const call = async <T>(page: Page, method: string, ...args: unknown[]): Promise<T> =>
  (await page.evaluate(`relearnTrainBench.${method}(${args.map((a) => JSON.stringify(a)).join(', ')})`)) as T;

/** Rows a backend can train on within the budget, judged by its warm-up rate (which includes compiling, so it errs low). */
function rowsWithin(plan: BrowserTrainPlan, warmUp: BenchTrainResult): number {
  const fullMs = ((plan.train.rows * plan.epochs) / warmUp.samplesPerSecond) * 1000;
  if (fullMs <= plan.budgetMs) return plan.train.rows;
  const rows = Math.floor((warmUp.samplesPerSecond * (plan.budgetMs / 1000)) / plan.epochs / 1000) * 1000;
  return Math.min(plan.train.rows, Math.max(plan.warmUpRows, rows));
}

/** One run in a fresh page: load the data, warm up, train; the rows are decided by the first run's warm-up. */
async function oneRun(browser: Browser, port: number, plan: BrowserTrainPlan, backend: string, fused: boolean, batchSize: number, rows: number | null): Promise<BrowserTrainRun & { rows: number }> {
  const { context, page } = await openPage(browser, port, plan);
  const baseline = chromiumRssMb();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 200);
  try {
    await call(page, 'load', TRAIN_FEATURES, { url: './bench-data/train.f32', rows: plan.train.rows }, { url: './bench-data/validation.f32', rows: plan.validation.rows });
    let warmUp = await call<BenchTrainResult>(page, 'warmUp', backend, batchSize, plan.warmUpRows, fused);
    // The first warm-up pays for compiling kernels; a second one judges a slow backend's speed fairly.
    if (rows === null && rowsWithin(plan, warmUp) < plan.train.rows) warmUp = await call<BenchTrainResult>(page, 'warmUp', backend, batchSize, plan.warmUpRows, fused);
    const trained = rows ?? rowsWithin(plan, warmUp);
    const cpuBefore = chromiumCpuMs();
    const result = await call<BenchTrainResult>(page, 'train', backend, batchSize, plan.epochs, trained, fused);
    const cpuMs = chromiumCpuSince(cpuBefore);
    if (result.backend !== backend) throw new Error(`the worker trained on ${result.backend}, not ${backend}`);
    if (fused !== (result.step === 'fused')) throw new Error(`the worker trained with the ${result.step} step on ${backend}`);
    return { ...result, rows: trained, peakRssMb: Math.max(peak, chromiumRssMb()) - baseline, cpuMs };
  } finally {
    clearInterval(sampler);
    await context.close();
  }
}

/**
 * Trains the default MLP in the app's train worker inside headless Chromium, on every backend the worker
 * finds, each run in a fresh page (fresh worker), a warm-up epoch on the first rows before the timed run.
 */
/** The WebAssembly backends whose steps are profiled (synchronous ones: the clock around a part is its time). */
const PROFILED = ['wasm-threads', 'wasm'];
/** The backends that train with the fused WebAssembly step (src/ml/trainStep.ts). */
const FUSED_BACKENDS = ['wasm-threads', 'wasm'];

/** Where a step's time goes, in a fresh page per backend and batch size (after a warm-up epoch). */
async function profiles(browser: Browser, port: number, plan: BrowserTrainPlan, available: string[]): Promise<StepProfile[]> {
  const found: StepProfile[] = [];
  for (const batchSize of plan.batchSizes) {
    for (const backend of PROFILED.filter((b) => available.includes(b))) {
      const { context, page } = await openPage(browser, port, plan);
      try {
        await call(page, 'load', TRAIN_FEATURES, { url: './bench-data/train.f32', rows: plan.train.rows }, { url: './bench-data/validation.f32', rows: plan.validation.rows });
        await call(page, 'warmUp', backend, batchSize, plan.warmUpRows);
        found.push(await call<StepProfile>(page, 'profile', backend, batchSize, plan.profileSteps));
      } finally {
        await context.close();
      }
    }
  }
  return found;
}

/** The page's backend probe at each batch size, in a fresh page each (as a first training at that size runs it). */
async function probes(browser: Browser, port: number, plan: BrowserTrainPlan): Promise<{ batchSize: number; probe: BenchProbe }[]> {
  const found: { batchSize: number; probe: BenchProbe }[] = [];
  for (const batchSize of plan.batchSizes) {
    const { context, page } = await openPage(browser, port, plan);
    try {
      found.push({ batchSize, probe: await measure(`train: the page's backend probe at batch ${batchSize}`, () => call<BenchProbe>(page, 'probe', batchSize)) });
    } finally {
      await context.close();
    }
  }
  return found;
}

export async function browserTrain(plan: BrowserTrainPlan): Promise<{ available: string[]; adapter: string | null; rows: BrowserTrainRow[]; profiles: StepProfile[]; probes: { batchSize: number; probe: BenchProbe }[] }> {
  const { port, close } = await servePage();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser([MARKER]);
    const probe = await openPage(browser, port, plan);
    const { available } = await call<{ available: string[] }>(probe.page, 'backends');
    const adapter = await call<string | null>(probe.page, 'adapter');
    await probe.context.close();
    const rows: BrowserTrainRow[] = [];
    for (const batchSize of plan.batchSizes) {
      // The WebAssembly backends train with the fused step; their tfjs step is timed beside it.
      for (const [backend, fused] of available.flatMap((b) => (FUSED_BACKENDS.includes(b) ? [[b, true], [b, false]] : [[b, false]]) as [string, boolean][])) {
        const row: BrowserTrainRow = { backend, fused, batchSize, rows: plan.train.rows, runs: [] };
        rows.push(row);
        try {
          for (let run = 0; run < plan.runs; run++) {
            const { rows: trained, ...result } = await oneRun(browser, port, plan, backend, fused, batchSize, run === 0 ? null : row.rows);
            row.rows = trained;
            row.runs.push(result);
          }
        } catch (error) {
          row.failure = `failed: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`;
        }
      }
    }
    return { available, adapter, rows, profiles: await profiles(browser, port, plan, available), probes: await probes(browser, port, plan) };
  } finally {
    await browser?.close();
    close();
  }
}
