import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { preview } from 'vite';
import { launchPersistentBrowser } from '../test/e2e/chromium.ts';
import { reportTimings } from './browserDrift.ts';
import { chromiumCpuMs, chromiumCpuSince, chromiumRssMb, MARKER } from './chromiumMemory.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const MINUTES_30 = 1_800_000;

/** One step of the scale table: its time, and Chromium's memory during it. */
export interface ScaleStep {
  ms: number;
  /** The rise of every Chromium process's resident memory over the step's start. */
  peakRssMb: number;
  /** The highest resident memory of every Chromium process together during the step. */
  topRssMb: number;
  /** Why the step gave no result. */
  failure?: string;
}

export interface ScaleRun {
  upload: ScaleStep;
  drift: ScaleStep;
  /** The first (only) epoch's own time, as the train worker stores it. */
  epoch: ScaleStep;
  /** The whole training call: reading the batches, preparing, the epoch, scoring the holdout, saving. */
  training: ScaleStep;
  /** What navigator.storage.estimate() said in the page: at the start (the quota) and after training (the usage). */
  storage: { quotaMb: number; usageMb: number };
}

// Strings, not functions: tsx would wrap a function's inner helpers in a `__name` call the page lacks.
const READ_MODEL = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('relearn');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const models = await new Promise((resolve, reject) => {
    const request = db.transaction('models').objectStore('models').getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  const training = models[0]?.training;
  return training ? { epochMs: training.history[0]?.elapsedMs ?? null, trainMs: training.trainMs } : null;
})()`;

const asStep = ({ ms, peakRssMb, topRssMb, failure }: ScaleStep): ScaleStep => ({ ms, peakRssMb, topRssMb, ...(failure ? { failure } : {}) });

const ESTIMATE = `navigator.storage.estimate().then(({ quota, usage }) => ({ quotaMb: (quota ?? NaN) / 2 ** 20, usageMb: (usage ?? NaN) / 2 ** 20 }))`;

// The backend chosen by hand (as in the Models page's backend panel): a fresh profile would otherwise
// probe every backend first, which the epoch does not need and which is not what grows with the rows.
const CHOOSE_WASM = `(async () => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('relearn');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  await new Promise((resolve, reject) => {
    const write = db.transaction('device', 'readwrite');
    write.objectStore('device').put({ key: 'backend', probe: null, override: 'wasm' });
    write.oncomplete = resolve;
    write.onerror = () => reject(write.error);
  });
  db.close();
})()`;

/** Runs `work` while sampling Chromium's memory every 100 ms; a failure becomes the step's reason. */
async function step<T>(name: string, work: () => Promise<T>): Promise<{ value: T | null; ms: number; peakRssMb: number; topRssMb: number; failure?: string }> {
  const baseline = chromiumRssMb();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 100);
  const started = performance.now();
  const cpu = chromiumCpuMs();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, peakRssMb: peak - baseline, topRssMb: peak };
  } catch (error) {
    return { value: null, ms: performance.now() - started, peakRssMb: peak - baseline, topRssMb: peak, failure: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    clearInterval(sampler);
    process.stderr.write(`    ${name}: ended after ${((performance.now() - started) / 1000).toFixed(1)} s, Chromium CPU ${(chromiumCpuSince(cpu) / 1000).toFixed(1)} s, at most ${peak.toFixed(0)} MB\n`);
  }
}

/**
 * Says on stderr, with the seconds since the call and the CPU time every Chromium process used since (on a
 * busy machine the fairer measure), each new phase a progress line in the page shows
 * (digits ignored, so a moving count is not a new phase): where a long step's time goes, and that it moves.
 * Returns the function that stops watching.
 */
function watchPhases(page: Page, selector: string, label: string): () => void {
  const started = performance.now();
  const cpuAtStart = chromiumCpuMs();
  let last = '';
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    page
      .locator(selector)
      .first()
      .textContent({ timeout: 1_000 })
      .then((text) => {
        const phase = (text ?? '').replace(/\s+/g, ' ').trim();
        if (phase && phase.replace(/[\d,.]+/g, '#') !== last.replace(/[\d,.]+/g, '#')) process.stderr.write(`      ${label} at ${((performance.now() - started) / 1000).toFixed(0)} s (Chromium CPU ${(chromiumCpuSince(cpuAtStart) / 1000).toFixed(0)} s): ${phase}\n`);
        if (phase) last = phase;
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, 500);
  return () => clearInterval(timer);
}

/** Waits for the upload of `file` to be stored, or fails with what the page says went wrong (or its crash). */
async function upload(page: Page, file: string): Promise<void> {
  const crashed = new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('the tab crashed (out of memory?)'))));
  await page.locator('input[type=file]').setInputFiles(file);
  const name = file.split('/').pop()!;
  const stopWatching = watchPhases(page, '.progress-file-phase', name);
  const stored = page.locator('[data-status="stored"]').filter({ hasText: name }).first().waitFor({ timeout: MINUTES_30 });
  // A refused file (a full quota included) is an outcome marked refused; a job that failed whole says why in the upload's alert.
  const failure = page.locator('[data-status="refused"], [data-status="failed"], .ingest-failure').first();
  const failed = failure.waitFor({ timeout: MINUTES_30 }).then(async () => Promise.reject(new Error(`the upload failed: ${(await failure.innerText()).replace(/\s+/g, ' ').slice(0, 200)}`)));
  await Promise.race([stored, failed, crashed]).finally(stopWatching);
}

// Each worker's measures of a streamed epoch (src/ml/epochMeasures.ts), summed per name; the train worker
// holds its readers' too, named for the reader.
const EPOCH_SPLIT = `(() => {
  const sums = {};
  for (const m of performance.getEntriesByType('measure')) {
    if (!m.name.startsWith('relearn epoch')) continue;
    sums[m.name] ??= { ms: 0, count: 0 };
    sums[m.name].ms += m.duration;
    sums[m.name].count += 1;
  }
  return sums;
})()`;

type EpochSplit = Record<string, { ms: number; count: number }>;

/**
 * Reads every worker's epoch measures each second while training runs, keeping each worker's last: the
 * train worker's reader ends 10 s after its last read, before training is over. The returned function
 * stops and says on stderr where a streamed epoch's time went, per worker (none: the epoch did not stream).
 */
function watchEpochMeasures(page: Page): () => Promise<void> {
  const last = new Map<string, EpochSplit>();
  const read = async (): Promise<void> => {
    for (const worker of page.workers()) {
      // A worker that is ending may never answer: each is given 250 ms, so the training's time stays its own.
      const answer = worker.evaluate(EPOCH_SPLIT).catch(() => ({}));
      const sums = (await Promise.race([answer, new Promise((resolve) => setTimeout(() => resolve({}), 250))])) as EpochSplit;
      if (Object.keys(sums).length > 0) last.set(worker.url().split('/').pop()!, sums);
    }
  };
  const timer = setInterval(() => void read(), 1_000);
  return async () => {
    clearInterval(timer);
    await read();
    for (const [worker, sums] of last) {
      const parts = Object.entries(sums).map(([name, { ms, count }]) => `${name.replace(/^relearn epoch(: |, )/, '')} ${(ms / 1000).toFixed(1)} s (${count})`);
      process.stderr.write(`    epoch split in ${worker}: ${parts.join(', ')}\n`);
    }
  };
}

/** Trains the default MLP (wasm) for one epoch on every stored batch, target f19, through the Models page's form. */
async function trainOneEpoch(page: Page): Promise<{ epochMs: number; trainMs: number }> {
  await page.evaluate(CHOOSE_WASM);
  await page.goto(page.url().replace(/#.*$/, '#/models'));
  const form = page.getByRole('form', { name: 'Train a model' });
  await form.getByLabel('Target', { exact: true }).selectOption({ label: 'f19' });
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByRole('button', { name: /^Train(ing…)?$/ }).click();
  const stopWatching = watchPhases(page, '[aria-label="Training status"]', 'training');
  const stopMeasures = watchEpochMeasures(page);
  const finished = page.getByRole('region', { name: 'Training finished' }).waitFor({ timeout: MINUTES_30 });
  const failed = page
    .getByRole('region', { name: 'Training failed' })
    .waitFor({ timeout: MINUTES_30 })
    .then(async () => Promise.reject(new Error(`training failed: ${(await page.getByRole('region', { name: 'Training failed' }).innerText()).replace(/\s+/g, ' ').slice(0, 200)}`)));
  try {
    await Promise.race([finished, failed]).finally(stopWatching);
  } finally {
    await stopMeasures();
  }
  const model = (await page.evaluate(READ_MODEL)) as { epochMs: number; trainMs: number } | null;
  if (!model) throw new Error('training finished but no model record was stored');
  return model;
}

/**
 * In a fresh page: uploads the reference, then the current batch (the drift worker checks it cold, the
 * reference's profiles built on the way), then trains one epoch on both. Each step's time and the rise
 * of Chromium's memory during it; a step that fails (the tab out of memory) is reported with why.
 */
export async function browserScale(referenceCsv: string, currentCsv: string): Promise<ScaleRun> {
  const server = await preview({ root, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false } });
  const { port } = server.httpServer.address() as AddressInfo;
  // A profile on disk, fresh each run, as a user's browser stores: an off-the-record context keeps
  // IndexedDB in memory with a quota too small for two 5M batches.
  const profile = mkdtempSync(join(tmpdir(), 'relearn-scale-'));
  let context: BrowserContext | undefined;
  try {
    context = await launchPersistentBrowser(profile, [MARKER]);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/#/data`);
    const quotaMb = ((await page.evaluate(ESTIMATE)) as ScaleRun['storage']).quotaMb;
    process.stderr.write(`    the page's storage quota (profile on disk): ${(quotaMb / 1024).toFixed(1)} GiB\n`);
    const storage = async (): Promise<ScaleRun['storage']> => ({ quotaMb, usageMb: await page.evaluate(ESTIMATE).then((e) => (e as ScaleRun['storage']).usageMb, () => NaN) });
    const uploaded = await step('uploading the reference', () => upload(page, referenceCsv));
    const skipped = (why: string): ScaleStep => ({ ms: NaN, peakRssMb: NaN, topRssMb: NaN, failure: why });
    if (uploaded.failure) return { upload: asStep(uploaded), drift: skipped('no reference'), epoch: skipped('no batches'), training: skipped('no batches'), storage: await storage() };
    const drift = await step('uploading the current batch and checking drift', async () => {
      await upload(page, currentCsv);
      return reportTimings(page, currentCsv.split('/').pop()!);
    });
    // The drift step's own time is the worker's (the current batch's upload is in the step's memory only).
    const driftStep: ScaleStep = drift.value ? { ms: drift.value.totalMs, peakRssMb: drift.peakRssMb, topRssMb: drift.topRssMb } : asStep({ ...drift, ms: NaN });
    if (drift.failure) return { upload: asStep(uploaded), drift: driftStep, epoch: skipped('no current batch'), training: skipped('no current batch'), storage: await storage() };
    const trained = await step('training one epoch', () => trainOneEpoch(page));
    return {
      upload: asStep(uploaded),
      drift: driftStep,
      epoch: trained.value ? { ms: trained.value.epochMs, peakRssMb: trained.peakRssMb, topRssMb: trained.topRssMb } : skipped(trained.failure ?? 'no epoch'),
      training: asStep(trained),
      storage: await storage(),
    };
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    server.httpServer.close();
  }
}
