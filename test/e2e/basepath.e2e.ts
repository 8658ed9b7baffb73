import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage, waitForDemoStory } from './pages/pipeline-page.ts';
import { builtPageDir, startStaticHost } from './servers.ts';
import { waitForServiceWorker } from './service-worker.ts';

test('the same build works under a sub-path of a static host (/relearn/, as on GitHub Pages): workers, training and the service worker stay inside it', async () => {
  const host = await startStaticHost(builtPageDir(), '/relearn/');
  const { page, errors, close } = await newPage();
  try {
    const monitor = new MonitorPage(page);
    // The host sends no isolation headers: the first visit reloads once the service worker controls it.
    await page.goto(`${host.origin}/relearn/`);
    expect(await waitForServiceWorker(page)).toBe(`${host.origin}/relearn/`);
    await monitor.chooseBackendBeforeData('wasm', `${host.origin}/relearn/`);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(`${host.origin}/relearn/?demo#/monitor`);
    await waitForDemoStory(page);
    await monitor.waitForChecks();
    expect(await monitor.batchHeading().textContent()).toBe('Drift of new-york-2015.csv');

    // The service worker is scoped to the sub-path and controls the page.
    expect(await waitForServiceWorker(page)).toBe(`${host.origin}/relearn/`);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${host.origin}/relearn/service.worker.js`);

    // Training in the pipeline worker (tfjs and its wasm files found under the sub-path).
    const pipeline = new PipelinePage(page);
    await page.goto(`${host.origin}/relearn/#/pipeline`);
    await pipeline.heading().filter({ hasText: 'Pipeline' }).waitFor();
    expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 180_000)).toBe('promoted');
    await screenshot(page, 'basepath');

    // Every file came from under /relearn/: nothing assumed the site's root.
    expect(host.paths.filter((p) => !p.startsWith('/relearn/'))).toEqual([]);
    expect(host.paths.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(errors).toEqual([]);
  } finally {
    await close();
    await host.close();
  }
}, 420_000);
