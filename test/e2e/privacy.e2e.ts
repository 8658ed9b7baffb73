import type { Page, Worker } from 'playwright-core';
import { expect, test } from 'vitest';
import { baseUrl, launchBrowser, screenshot } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { StoragePage } from './pages/storage-page.ts';
import { startRecordingProxy } from './servers.ts';

declare global {
  interface Window {
    policyViolations: string[];
  }
}

const OUTSIDE = 'https://example.com/';

/** Asks the page to fetch another origin; returns the directive that refused it, or why none did. */
async function pageRefuses(page: Page, url: string): Promise<string> {
  return page.evaluate(async (target) => {
    const before = window.policyViolations.length;
    const outcome = await fetch(target, { method: 'POST', body: 'x' }).then(
      () => 'fetched',
      () => 'failed',
    );
    // The violation event is queued as a task of its own: poll for it (at most 30 s on a loaded machine).
    for (let i = 0; i < 300 && window.policyViolations.length === before; i++) await new Promise((r) => setTimeout(r, 100));
    return window.policyViolations[before] ?? `no policy violation (the fetch ${outcome})`;
  }, url);
}

/** The same inside one of the page's own workers. */
async function workerRefuses(worker: Worker, url: string): Promise<string> {
  return worker.evaluate(async (target) => {
    const seen: string[] = [];
    self.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.effectiveDirective} ${e.blockedURI}`));
    const outcome = await fetch(target).then(
      () => 'fetched',
      () => 'failed',
    );
    for (let i = 0; i < 300 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    return seen[0] ?? `no policy violation (the fetch ${outcome})`;
  }, url);
}

test('a whole session (demo, drift, training, gate, promotion, export) contacts nothing but the page’s own origin, and the policy refuses any other', async () => {
  // The page's browser context sends every request through a recording proxy, loopback included: the
  // page, its workers and its service worker. The proxy forwards only the page's own origin.
  const proxy = await startRecordingProxy();
  const pageOrigin = new URL(baseUrl()).origin;
  proxy.allow(pageOrigin);
  // Chromium's autofill asks Google about the forms it sees, through the page's context; that is the
  // browser's own feature, not the page's, so it is turned off here.
  const browser = await launchBrowser(['--disable-features=AutofillServerCommunication']);
  try {
    const context = await browser.newContext({
      baseURL: baseUrl(),
      viewport: { width: 1280, height: 800 },
      acceptDownloads: true,
      proxy: { server: proxy.origin, bypass: '<-loopback>' },
    });
    const requests: string[] = [];
    context.on('request', (r) => requests.push(r.url()));
    await context.addInitScript(() => {
      window.policyViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.policyViolations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => errors.push(e.message));

    // The page carries its policy: its own origin only (no webhook is set).
    const monitor = new MonitorPage(page);
    await monitor.openDemo();
    const policy = await monitor.securityPolicy();
    expect(policy).toContain("connect-src 'self';");
    expect(policy).toContain("default-src 'self'");

    // Drift: the Monitor's report of the newest batch.
    await monitor.waitForChecks();
    expect(await monitor.batchHeading().textContent()).toBe('Drift of new-york-2015.csv');
    expect(await monitor.verdict().textContent()).toMatch(/Dataset drift/);

    // Training, gate and promotion: a run started by hand trains version 1 and promotes it (no champion yet).
    const pipeline = new PipelinePage(page);
    await pipeline.open();
    await pipeline.runNow('privacy check');
    expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 180_000)).toBe('promoted');
    await pipeline.openRun(1);
    expect((await pipeline.nodeStates()).gate).toBe('success');

    // Training from the Models section, in the train worker.
    const models = new ModelsPage(page);
    await models.open();
    await models.fill({ Epochs: '3' });
    await models.trainButton().click();
    expect(await (await models.waitForOutcome('finished', 180_000)).textContent()).toMatch(/^Version 2 registered/);

    // Export: the whole workspace as one file, made in the page.
    const storage = new StoragePage(page);
    await storage.open();
    expect((await (await storage.exportWorkspace()).path()).length).toBeGreaterThan(0);
    await screenshot(page, 'privacy-session');

    // Nothing so far broke the policy or went anywhere else.
    expect(await page.evaluate(() => window.policyViolations)).toEqual([]);
    expect(errors).toEqual([]);
    const elsewhere = (list: string[]): string[] => list.filter((r) => !r.replace(/^(GET|POST|HEAD|PUT|OPTIONS) /, '').startsWith(`${pageOrigin}/`) && !r.startsWith('blob:') && !r.startsWith('data:'));
    expect(elsewhere(requests)).toEqual([]);
    expect(elsewhere(proxy.seen)).toEqual([]);
    expect(proxy.seen.length).toBeGreaterThan(0);

    // A deliberate request elsewhere is refused by the page's policy before it reaches the network.
    expect(await pageRefuses(page, OUTSIDE)).toBe(`connect-src ${OUTSIDE}`);

    // Workers take their policy from their script's response: once the service worker serves the page,
    // it adds the header, so a worker's request elsewhere is refused too.
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    const worker = page.workers()[0] ?? (await page.waitForEvent('worker'));
    expect(await workerRefuses(worker, OUTSIDE)).toBe(`connect-src ${OUTSIDE}`);

    expect(elsewhere(requests)).toEqual([]);
    expect(elsewhere(proxy.seen)).toEqual([]);
  } finally {
    await browser.close();
    await proxy.close();
  }
}, 600_000);
