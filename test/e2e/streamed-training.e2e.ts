import type { Worker } from 'playwright-core';
import { expect, test } from 'vitest';
import { newPage } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';

/** src/bridge/trainBridge.ts: the values (rows × columns) from which training streams its rows from storage. */
const STREAM_FROM_KEY = 'relearn.streamTrainingFromValues';

test('a training over the stream limit trains on reads its reader worker makes, and a cancel ends the reader with the train worker', async () => {
  const { page, errors, close } = await newPage();
  try {
    const models = new ModelsPage(page);
    await models.openDemo();
    // Every batch over the limit: the demo's batches stream from IndexedDB as a 5M-row batch does.
    await page.evaluate((key) => localStorage.setItem(key, '1'), STREAM_FROM_KEY);
    const readers: Worker[] = [];
    page.on('worker', (w) => w.url().includes('streamRead.worker') && readers.push(w));
    const threads = await page.evaluate(() => navigator.hardwareConcurrency);

    await models.fill({ Epochs: '3' });
    await models.trainButton().click();
    expect(await (await models.waitForOutcome('finished', 180_000)).textContent()).toMatch(/^Version 1 registered/);
    // One reader for the whole training, started by the train worker where there is a second core.
    expect(readers).toHaveLength(threads >= 2 ? 1 : 0);

    await models.fill({ Epochs: '5000', Patience: '0' });
    await models.trainButton().click();
    await expect.poll(() => models.epochDone(), { timeout: 90_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    const reader = readers.at(-1);
    const readerClosed = reader?.waitForEvent('close', { timeout: 30_000 });
    await models.cancel();
    expect(await (await models.waitForOutcome('cancelled', 30_000)).textContent()).toContain('Training cancelled: nothing was registered.');
    await readerClosed;
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
}, 600_000);
