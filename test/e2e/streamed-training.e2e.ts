import type { Worker } from 'playwright-core';
import { expect, test } from 'vitest';
import { readerCount } from '../../src/app/training/readerPool.ts';
import { newPage } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';

/** src/bridge/trainBridge.ts: the values (rows × columns) from which training streams its rows from storage. */
const STREAM_FROM_KEY = 'relearn.streamTrainingFromValues';

test('a training over the stream limit trains on reads its reader workers make, and a cancel ends them with the train worker', async () => {
  const { page, errors, close } = await newPage();
  try {
    const models = new ModelsPage(page);
    await models.openDemo();
    // Every batch over the limit: the demo's batches stream from IndexedDB as a 5M-row batch does.
    await page.evaluate((key) => localStorage.setItem(key, '1'), STREAM_FROM_KEY);
    const readers: Worker[] = [];
    const running = new Set<Worker>();
    page.on('worker', (w) => {
      if (!w.url().includes('streamRead.worker')) return;
      readers.push(w);
      running.add(w);
      w.on('close', () => running.delete(w));
    });
    const threads = await page.evaluate(() => navigator.hardwareConcurrency);

    await models.fill({ Epochs: '3' });
    await models.trainButton().click();
    expect(await (await models.waitForOutcome('finished', 180_000)).textContent()).toMatch(/^Version 1 registered/);
    // The readers for the whole training, started by the train worker where there is a second core: at most
    // one on two or three cores, two from four (readerPool.ts); a second starts only when two reads are in flight.
    expect(readers.length).toBeGreaterThanOrEqual(Math.min(1, readerCount(threads)));
    expect(readers.length).toBeLessThanOrEqual(readerCount(threads));

    await models.fill({ Epochs: '5000', Patience: '0' });
    await models.trainButton().click();
    await expect.poll(() => models.epochDone(), { timeout: 90_000, interval: 100 }).toBeGreaterThanOrEqual(1);
    // The readers of this training, which reads every epoch: each must end with the train worker.
    const reading = [...running];
    expect(reading.length > 0).toBe(readerCount(threads) > 0);
    const readersClosed = Promise.all(reading.map((reader) => reader.waitForEvent('close', { timeout: 30_000 })));
    await models.cancel();
    expect(await (await models.waitForOutcome('cancelled', 30_000)).textContent()).toContain('Training cancelled: nothing was registered.');
    await readersClosed;
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
}, 600_000);
