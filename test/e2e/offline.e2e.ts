import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage, waitForDemoStory } from './pages/pipeline-page.ts';
import { builtPageDir, startStaticHost } from './servers.ts';
import { waitForServiceWorker } from './service-worker.ts';

test('after the first visit the page works with the network off: it reloads, loads the demo, checks drift, trains and takes an upload', async () => {
  // A host of our own, so that "offline" is real: it is shut down after the first visit.
  const host = await startStaticHost(builtPageDir(), '/');
  const { page, context, errors, close } = await newPage();
  // The host sends no isolation headers: the first visit reloads once the service worker controls it.
  await page.goto(`${host.origin}/#/data`);
  expect(await waitForServiceWorker(page)).toBe(`${host.origin}/`);
  await new DataPage(page).chooseBackendBeforeData('wasm', `${host.origin}/`);
  await page.goto(`${host.origin}/#/data`);
  await new DataPage(page).heading().filter({ hasText: 'Data' }).waitFor();

  await host.close();
  await context.setOffline(true);
  await page.reload();
  await new DataPage(page).heading().filter({ hasText: 'Data' }).waitFor();
  // Offline too, the service worker's copy of the page carries the isolation headers.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  // The demo: its data file, the ingest, hash and drift workers and the wasm files all come from the cache.
  const monitor = new MonitorPage(page);
  await page.goto(`${host.origin}/?demo#/monitor`);
  await waitForDemoStory(page);
  await monitor.waitForChecks();
  expect(await monitor.batchHeading().textContent()).toBe('Drift of new-york-2015.csv');

  // Training: the pipeline trains and promotes version 1 in its worker.
  const pipeline = new PipelinePage(page);
  await page.goto(`${host.origin}/#/pipeline`);
  expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 180_000)).toBe('promoted');

  // An upload, parsed and stored with the network off.
  const data = new DataPage(page);
  await page.goto(`${host.origin}/#/data`);
  const csv = 'date,precipitation,temp_max,temp_min,wind,weather,location\n2016-01-01,0,5.6,-1.1,3.2,sun,Seattle\n2016-01-02,1.5,6.1,0.6,4.1,rain,Seattle\n';
  await data.fileInput().setInputFiles({ name: 'offline-2016.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  // The demo's batches are listed already: wait for the new one rather than for any result.
  await expect.poll(() => data.batchNames(), { timeout: 60_000 }).toContain('offline-2016.csv');
  expect(await data.batchCell('offline-2016.csv', 'Rows')).toBe('2');
  await screenshot(page, 'offline');

  expect(errors).toEqual([]);
  await close();
}, 420_000);
