import type { Worker } from 'playwright-core';
import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';
import { gotoDemo } from './pages/pipeline-page.ts';

test('the page and its train worker are cross-origin isolated (the preview server’s headers, no service worker); threaded wasm is measured and trains', async () => {
  // The service worker is blocked: the isolation comes from the server's headers alone.
  const { page, errors, close } = await newPage({ serviceWorkers: 'block' });
  try {
    await page.goto('#/models');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    const threads = await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency));
    const label = `wasm, ${threads} thread${threads === 1 ? '' : 's'}` as const;

    // Set by hand before the demo's data: the worker lists the threaded build with its threads.
    await gotoDemo(page, '#/models', { backend: label });
    const worker = page.workers().find((w) => w.url().includes('train.worker'));
    expect(worker, page.workers().map((w) => w.url()).join(', ')).toBeDefined();
    expect(await worker!.evaluate(() => crossOriginIsolated)).toBe(true);

    // A training on it says where it ran, live and in the version's facts. On two cores or more its fused
    // step (src/ml/fused/) splits each mini-batch with a helper worker the train worker starts.
    const started: string[] = [];
    page.on('worker', (w) => started.push(w.url()));
    const models = new ModelsPage(page);
    await models.fill({ Epochs: '2' });
    await models.trainButton().click();
    const finished = await models.waitForOutcome('finished', 180_000);
    if (threads >= 2) expect(started.some((url) => url.includes('fusedHelper.worker')), started.join(', ')).toBe(true);
    expect(await finished.textContent()).toMatch(/^Version 1 registered/);
    expect(await models.versionsTable().textContent()).toContain(`on ${label}`);
    await models.openVersionLink(finished, 1).click();
    expect(await models.trainingFactOf(models.detail(1), 'Backend').textContent()).toBe(label);

    // Measuring every backend: the threaded build is one of them, with its speed and threads.
    await models.open('#/models');
    await page.getByRole('button', { name: 'Measure now' }).click();
    const row = models.backendRows().and(page.locator('[data-backend="wasm-threads"]'));
    await row.waitFor({ timeout: 300_000 });
    expect(await row.locator('th').textContent()).toMatch(new RegExp(`^${label}( chosen)?$`));
    expect(await row.locator('td').first().textContent()).toMatch(/^[\d,]+ samples\/s$/);
    expect(await row.locator('td').nth(1).textContent()).toBe(`WebAssembly on the CPU, ${label.slice('wasm, '.length)}`);
    await screenshot(page, 'threads');
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
}, 600_000);

test('a training at batch 1,000 measures every backend at that batch size: Models lists each one’s samples/s and uses the fastest; the helper worker is started once, kept, and ends with a cancel', async () => {
  const { page, errors, close } = await newPage({ serviceWorkers: 'block' });
  try {
    await page.goto('#/models');
    const threads = await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency));
    await gotoDemo(page, '#/models', { backend: 'measured' });
    const helpers: Worker[] = [];
    page.on('worker', (w) => w.url().includes('fusedHelper.worker') && helpers.push(w));
    const models = new ModelsPage(page);
    await models.fill({ Epochs: '2', 'Batch size': '1000' });
    await models.trainButton().click();
    expect(await (await models.waitForOutcome('finished', 300_000)).textContent()).toMatch(/^Version 1 registered/);

    // The probe ran at the training's batch size; each backend's speed is listed, the fastest chosen.
    await models.selectedBackendRow().waitFor();
    const rates = new Map<string, number>();
    for (const row of await models.backendRows().all()) {
      const text = (await row.locator('td').first().textContent())!;
      if (text !== 'not measured') rates.set((await row.getAttribute('data-backend'))!, Number(text.replace(/[^\d]/g, '')));
    }
    expect([...rates.keys()]).toEqual(expect.arrayContaining(threads >= 2 ? ['wasm-threads', 'wasm'] : ['wasm']));
    const chosen = (await models.selectedBackendRow().getAttribute('data-backend'))!;
    expect(rates.get(chosen)).toBe(Math.max(...rates.values()));
    const chosenLabel = (await models.selectedBackendRow().locator('th').textContent())!.replace(/\s*chosen$/, '');
    expect(await models.mainText()).toMatch(new RegExp(`Training uses ${chosenLabel.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: fastest on this device at batch 1,000: `));

    // A second training at that batch size reads the stored probe; the probe's and both trainings' fused
    // steps on wasm-threads shared one helper worker, kept by the train worker between them.
    await models.trainButton().click();
    await models.outcome('finished').filter({ hasText: /^Version 2 registered/ }).waitFor({ timeout: 300_000 });
    expect(helpers).toHaveLength(threads >= 2 ? 1 : 0);

    // Cancelling a training ends the train worker, and the helper it kept goes with it: nothing is left
    // waiting on the shared memory.
    await models.fill({ Epochs: '5000', Patience: '0' });
    await models.trainButton().click();
    await expect.poll(() => models.epochDone(), { timeout: 90_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    const helperClosed = helpers[0]?.waitForEvent('close', { timeout: 30_000 });
    await models.cancel();
    await models.waitForOutcome('cancelled', 30_000);
    await helperClosed;
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
}, 600_000);
