import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { preview } from 'vite';
import { launchBrowser } from '../test/e2e/chromium.ts';
import { reportTimings } from './browserDrift.ts';
import { chromiumRssMb, MARKER } from './chromiumMemory.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const MINUTES_30 = 1_800_000;

/** One step of the scale table: its time, and the rise of Chromium's memory over the page's at rest. */
export interface ScaleStep {
  ms: number;
  peakRssMb: number;
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

const asStep = ({ ms, peakRssMb, failure }: ScaleStep): ScaleStep => ({ ms, peakRssMb, ...(failure ? { failure } : {}) });

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
async function step<T>(work: () => Promise<T>): Promise<{ value: T | null; ms: number; peakRssMb: number; failure?: string }> {
  const baseline = chromiumRssMb();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssMb())), 100);
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started, peakRssMb: peak - baseline };
  } catch (error) {
    return { value: null, ms: performance.now() - started, peakRssMb: peak - baseline, failure: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  } finally {
    clearInterval(sampler);
  }
}

/** Waits for the upload of `file` to be stored, or fails with what the page says went wrong (or its crash). */
async function upload(page: Page, file: string): Promise<void> {
  const crashed = new Promise<never>((_, reject) => page.once('crash', () => reject(new Error('the tab crashed (out of memory?)'))));
  await page.locator('input[type=file]').setInputFiles(file);
  const name = file.split('/').pop()!;
  const stored = page.locator('[data-status="stored"]').filter({ hasText: name }).first().waitFor({ timeout: MINUTES_30 });
  // A refused file (a full quota included) is an outcome marked refused; a job that failed whole says why in the upload's alert.
  const failure = page.locator('[data-status="refused"], [data-status="failed"], .ingest-failure').first();
  const failed = failure.waitFor({ timeout: MINUTES_30 }).then(async () => Promise.reject(new Error(`the upload failed: ${(await failure.innerText()).replace(/\s+/g, ' ').slice(0, 200)}`)));
  await Promise.race([stored, failed, crashed]);
}

/** Trains the default MLP (wasm) for one epoch on every stored batch, target f19, through the Models page's form. */
async function trainOneEpoch(page: Page): Promise<{ epochMs: number; trainMs: number }> {
  await page.evaluate(CHOOSE_WASM);
  await page.goto(page.url().replace(/#.*$/, '#/models'));
  const form = page.getByRole('form', { name: 'Train a model' });
  await form.getByLabel('Target', { exact: true }).selectOption({ label: 'f19' });
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByRole('button', { name: /^Train(ing…)?$/ }).click();
  const finished = page.getByRole('region', { name: 'Training finished' }).waitFor({ timeout: MINUTES_30 });
  const failed = page
    .getByRole('region', { name: 'Training failed' })
    .waitFor({ timeout: MINUTES_30 })
    .then(async () => Promise.reject(new Error(`training failed: ${(await page.getByRole('region', { name: 'Training failed' }).innerText()).replace(/\s+/g, ' ').slice(0, 200)}`)));
  await Promise.race([finished, failed]);
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
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser([MARKER]);
    const page = await (await browser.newContext()).newPage();
    await page.goto(`http://127.0.0.1:${port}/#/data`);
    const uploaded = await step(() => upload(page, referenceCsv));
    const skipped = (why: string): ScaleStep => ({ ms: NaN, peakRssMb: NaN, failure: why });
    if (uploaded.failure) return { upload: asStep(uploaded), drift: skipped('no reference'), epoch: skipped('no batches'), training: skipped('no batches') };
    const drift = await step(async () => {
      await upload(page, currentCsv);
      return reportTimings(page, currentCsv.split('/').pop()!);
    });
    // The drift step's own time is the worker's (the current batch's upload is in the step's memory only).
    const driftStep: ScaleStep = drift.value ? { ms: drift.value.referenceMs + drift.value.totalMs, peakRssMb: drift.peakRssMb } : asStep({ ...drift, ms: NaN });
    if (drift.failure) return { upload: asStep(uploaded), drift: driftStep, epoch: skipped('no current batch'), training: skipped('no current batch') };
    const trained = await step(() => trainOneEpoch(page));
    return {
      upload: asStep(uploaded),
      drift: driftStep,
      epoch: trained.value ? { ms: trained.value.epochMs, peakRssMb: trained.peakRssMb } : skipped(trained.failure ?? 'no epoch'),
      training: asStep(trained),
    };
  } finally {
    await browser?.close();
    server.httpServer.close();
  }
}
