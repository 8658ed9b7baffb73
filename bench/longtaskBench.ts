import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { preview } from 'vite';
import { launchBrowser } from '../test/e2e/chromium.ts';
import { buildBigWorkspace, YEAR_OF_BATCHES } from '../test/e2e/pages/big-workspace.ts';
import { measure, out } from './common.ts';
import { printGrid } from './table.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Main-thread tasks longer than this are the ones issue 17 says must not happen. */
const FREEZE_MS = 100;
/** How long one step may take before its row says so and the bench goes on (a year of batches trains for minutes here). */
const ACTION_TIMEOUT = Number(process.env.BENCH_LONGTASK_TIMEOUT ?? 300_000);
/**
 * A folder for one CPU profile of the page's main thread per step (`<step>.cpuprofile`; DevTools opens
 * them), to find what a long task is, beside the step's long tasks (`<step>.longtasks.json`: start and
 * duration in ms of the page's clock; the profile's added `timeOrigin` and `wallMinusMonotonic` turn
 * them into its microseconds: `(timeOrigin + start - wallMinusMonotonic) * 1000`). Profiling slows the
 * page a little: time steps without it. (A Chromium trace of every process slowed the pipeline run past
 * the step's timeout on this machine.)
 */
const PROFILE_DIR = process.env.BENCH_LONGTASK_PROFILE;
/**
 * A folder for one Chromium trace per step (`<step>.trace.json`, the page's main thread as DevTools'
 * Performance panel records it: tasks, script, style, layout, paint, GC), to tell what a long task that
 * the CPU profile shows as `(program)` (the browser's own work) is. Only the timeline's categories: a trace
 * of every category slowed the pipeline run past the step's timeout.
 */
const TRACE_DIR = process.env.BENCH_LONGTASK_TRACE;
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'];
/**
 * `pages`: the big workspace's sections alone, without the four actions (minutes of uploading and training);
 * `train`: the sections, then the training by hand alone (without the upload, drift check and pipeline run).
 */
const STEPS = process.env.BENCH_LONGTASK_STEPS;

// Every main-thread task over 50 ms (the `longtask` entry's own threshold), from the page's first script on.
const OBSERVE = `window.__longtasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });`;

/**
 * Resolves once the page is idle, or after a second: the late draws a step queued (charts drawn one per
 * task) come first, and a drift check the Monitor runs in the background does not hold the step for long.
 */
const SETTLED = 'new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1000 }))';

interface Window {
  ms: number;
  /** False when the step's end did not show within ACTION_TIMEOUT. */
  finished: boolean;
  longest: number;
  over: number;
  count: number;
}

const fileLabel = (label: string): string => `${PROFILE_DIR}/${label.replace(/[^\w.-]+/g, '_')}`;

/** Runs `work` under a Chromium trace of the timeline, written to TRACE_DIR as `<label>.trace.json`. */
async function traced<T>(page: Page, label: string, work: () => Promise<T>): Promise<T> {
  const browser = page.context().browser();
  if (!TRACE_DIR || !browser) return work();
  mkdirSync(TRACE_DIR, { recursive: true });
  await browser.startTracing(page, { path: `${TRACE_DIR}/${label.replace(/[^\w.-]+/g, '_')}.trace.json`, categories: TRACE_CATEGORIES });
  try {
    return await work();
  } finally {
    await browser.stopTracing();
  }
}

/** Runs `work` under V8's sampling profiler of the page's own thread, written to PROFILE_DIR as `<label>.cpuprofile`. */
async function profiled<T>(page: Page, label: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return traced(page, label, work);
  mkdirSync(PROFILE_DIR, { recursive: true });
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 500 });
  await session.send('Profiler.start');
  // The page's clock starts at timeOrigin (wall-clock ms); the profile's is the monotonic clock, as Node's hrtime.
  const timeOrigin = (await page.evaluate('performance.timeOrigin')) as number;
  const wallMinusMonotonic = Date.now() - Number(process.hrtime.bigint()) / 1e6;
  try {
    return await work();
  } finally {
    const { profile } = await session.send('Profiler.stop');
    writeFileSync(`${fileLabel(label)}.cpuprofile`, JSON.stringify({ ...profile, timeOrigin, wallMinusMonotonic }));
    await session.detach();
  }
}

/** Times `work` and collects the page's long tasks that started while it ran. */
async function observed(page: Page, label: string, work: () => Promise<void>): Promise<Window> {
  const from = (await page.evaluate('performance.now()')) as number;
  const started = Date.now();
  let ms = 0;
  const finished = await profiled(page, label, async () => {
    await work();
    ms = Date.now() - started;
    // Work the step left queued (late draws, charts drawn in turn) is the step's too: the page settles first.
    await page.evaluate(SETTLED);
  }).then(
    () => true,
    (error: unknown) => {
      ms = Date.now() - started;
      if (error instanceof Error && error.name === 'TimeoutError') return false;
      throw error;
    },
  );
  const tasks = (await page.evaluate(`window.__longtasks.filter(([at]) => at >= ${from})`)) as [number, number][];
  if (PROFILE_DIR) writeFileSync(`${fileLabel(label)}.longtasks.json`, JSON.stringify(tasks));
  const durations = tasks.map(([, d]) => d);
  return { ms, finished, longest: Math.max(0, ...durations), over: durations.filter((d) => d > FREEZE_MS).length, count: durations.length };
}

const row = (label: string, w: Window): string[] => [label, `${(w.ms / 1000).toFixed(2)} s${w.finished ? '' : ' (not done)'}`, `${w.longest.toFixed(0)} ms`, String(w.over), String(w.count)];

/** Adds a row to the table, and says it on stderr at once (the table prints at the end). */
function keep(rows: string[][], cells: string[]): void {
  rows.push(cells);
  process.stderr.write(`  ${cells.join(' | ')}\n`);
}

/** A hash route opened in the running app, as a click on a link would. */
const openHash = (page: Page, hash: string): Promise<void> => page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`) as Promise<void>;

/**
 * A CSS locator of what a step waits for. Playwright polls a locator in the page's own thread, and a role
 * or label query walks the accessibility of the whole page at each poll (100–300 ms on this page of a year
 * of batches): long tasks of the bench's own, which the CPU profiles showed among the page's.
 */
const css = (page: Page, selector: string, text?: string | RegExp): Locator => page.locator(selector, text === undefined ? undefined : { hasText: text });

/** Opening and using each section of the big workspace: until what a person looks for is on screen. */
async function renderRows(page: Page, newestBatch: string, oldestRun: number): Promise<string[][]> {
  const picker = css(page, '.batch-picker select');
  const steps: [string, () => Promise<void>][] = [
    ['Monitor: verdict, chart and heatmap', async () => {
      await openHash(page, '#/monitor');
      await css(page, 'main table[aria-label="Drift per column and batch"]').waitFor();
    }],
    ['Monitor: choose another batch', async () => {
      const options = await picker.locator('option').allTextContents();
      const option = options[Math.floor(options.length / 2)]!;
      await picker.selectOption({ label: option });
      const name = option.split(' — ')[0]!.replace(/^\d+\. /, '');
      await css(page, '#batch-drift-title', name).waitFor();
      // Drift over time is drawn late: the step ends when the heatmap marks the batch too.
      await css(page, 'main table[aria-label="Drift per column and batch"] th.selected-batch', name).waitFor();
    }],
    ['Pipeline: newest run and runs grid', async () => {
      await openHash(page, '#/pipeline');
      await css(page, 'main table[aria-label="Runs grid"]').waitFor();
    }],
    [`Pipeline: open run ${oldestRun}`, async () => {
      await openHash(page, `#/pipeline/run/run-${oldestRun}`);
      await css(page, '#run-title', new RegExp(`^Run ${oldestRun}$`)).waitFor();
      // The runs grid marks the open run late: the step ends when it does.
      await css(page, 'main table[aria-label="Runs grid"] th.grid-selected a', new RegExp(`^${oldestRun}$`)).waitFor();
    }],
    ['History: events', async () => {
      await openHash(page, '#/history');
      await css(page, 'main table[aria-label="Events"]').waitFor();
    }],
    ['History: champion chart', async () => {
      await css(page, 'main .champion-chart').waitFor({ timeout: ACTION_TIMEOUT });
    }],
    ['Models: versions', async () => {
      await openHash(page, '#/models');
      await css(page, 'main table[aria-label="Model versions"]').waitFor();
    }],
    ['Data: batch list', async () => {
      await openHash(page, '#/data');
      await css(page, 'main table[aria-label="Batches"] a', newestBatch).waitFor();
    }],
    // The scores the first visit made are stored: the second reads them instead of scoring every batch again.
    // Timed from opening History, as the first visit's two rows (events, then chart) are together.
    ['History again: events and champion chart', async () => {
      await openHash(page, '#/history');
      await css(page, 'main .champion-chart').waitFor({ timeout: ACTION_TIMEOUT });
    }],
  ];
  const rows: string[][] = [];
  for (const [label, step] of steps) keep(rows, row(label, await measure(`longtasks: ${label}`, () => observed(page, label, step))));
  return rows;
}

/** Waits until `locator` (a CSS one, as `css` says why) shows, for work that may take minutes on a busy machine. */
const shown = (locator: Locator): Promise<void> => locator.waitFor({ timeout: ACTION_TIMEOUT });

/** The four actions issue 17 names, one after the other, each until the page says it is done. */
async function actionRows(page: Page, csv: string, batches: number): Promise<string[][]> {
  const rows: string[][] = [];
  if (STEPS === 'train') {
    keep(rows, row('train a model (all batches)', await trainRow(page)));
    return rows;
  }
  await openHash(page, '#/data');
  await css(page, 'main table[aria-label="Batches"]').waitFor();
  const upload = await measure('longtasks: upload a batch', () =>
    observed(page, 'upload', async () => {
      await page.locator('input[type=file]').setInputFiles(csv);
      await shown(page.locator('table[aria-label="Batches"] a', { hasText: 'big-new-batch.csv' }));
    }),
  );
  keep(rows, row('upload a batch (until listed)', upload));
  const drift = await measure('longtasks: drift check of the new batch', () =>
    observed(page, 'drift check', async () => {
      await openHash(page, '#/monitor');
      await shown(page.locator('[role="status"][aria-label="Drift check status"]').filter({ hasText: /^Drift is up to date/ }));
    }),
  );
  keep(rows, row('drift check (until up to date)', drift));
  const pipeline = await measure('longtasks: pipeline run started by the new batch', () =>
    observed(page, 'pipeline run', async () => {
      await openHash(page, '#/pipeline');
      await shown(page.locator('[aria-label="Run in progress"]').filter({ hasText: `No run in progress. All ${batches + 1} stored batches were judged by the policy.` }));
    }),
  );
  keep(rows, row('pipeline run (until judged and ended)', pipeline));
  keep(rows, row('train a model (all batches)', await trainRow(page)));
  return rows;
}

/** A model trained by hand in Models on every batch, until the page says it is registered. */
const trainRow = (page: Page): Promise<Window> =>
  measure('longtasks: train a model in Models', () =>
    observed(page, 'train', async () => {
      await openHash(page, '#/models');
      await css(page, 'form[aria-label="Train a model"] button[type=submit]').click();
      await shown(page.locator('section[aria-label="Training finished"]'));
    }),
  );

/** A batch like the demo's New York one (its 2014 days, unseen by the demo): drift, so the policy retrains. */
function newBatchCsv(): string {
  mkdirSync(out, { recursive: true });
  const file = `${out}big-new-batch.csv`;
  const weather = fileURLToPath(new URL('../node_modules/vega-datasets/data/weather.csv', import.meta.url));
  const lines = readFileSync(weather, 'utf8').split('\n');
  writeFileSync(file, [lines[0], ...lines.filter((l) => l.startsWith('New York,2014-'))].join('\n') + '\n');
  return file;
}

/**
 * `BENCH_ONLY=longtasks`: the demo grown to a year of daily batches (365 batches, 100 runs, their
 * events, drift reports and versions), opened section by section, then a batch uploaded, its drift
 * checked, the pipeline run it starts and a model trained by hand. Per step: its time, the longest
 * main-thread task and how many exceeded 100 ms (PerformanceObserver `longtask`).
 */
export async function longtaskSection(): Promise<void> {
  const csv = newBatchCsv();
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}/`, viewport: { width: 1280, height: 800 } });
    await context.addInitScript(OBSERVE);
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('#/models');
    await page.getByLabel('Use', { exact: true }).selectOption({ label: 'wasm, by hand' });
    await measure('longtasks: the demo story (automatic runs)', async () => {
      await page.goto('?demo#/data');
      await page.waitForFunction(() => !new URLSearchParams(window.location.search).has('demo'), undefined, { timeout: ACTION_TIMEOUT, polling: 250 });
    });
    const big = await measure('longtasks: growing it to a year of batches', () => buildBigWorkspace(page, YEAR_OF_BATCHES));
    await page.getByRole('main').waitFor();
    console.log(`longtasks: ${big.batches} batches, ${big.runs} runs, ${big.versions} versions, ${big.events} events, ${big.driftReports} drift reports; main-thread tasks over 50 ms (longtask entries)`);
    const header = ['step', 'time', 'longest task', `tasks > ${FREEZE_MS} ms`, 'tasks > 50 ms'];
    printGrid(header, [...(await renderRows(page, big.newestBatch, 1)), ...(STEPS === 'pages' ? [] : await actionRows(page, csv, big.batches))]);
    await context.close();
  } finally {
    await browser?.close();
    server.httpServer.close();
  }
}
