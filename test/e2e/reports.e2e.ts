import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Download } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { RegistryPage } from './pages/registry-page.ts';

/** What a report file shows once opened in Chromium with the network off, and every request it tried. */
interface Opened {
  html: string;
  title: string;
  text: string;
  svgs: number;
  requests: string[];
}

describe('each view’s “Download report” saves one HTML file that reads offline', () => {
  let session: PageSession;
  let pipeline: PipelinePage;
  let folder: string;

  /** Saves the download, then opens it in a fresh offline context that refuses (and records) every request. */
  async function open(download: Download, name: string): Promise<Opened> {
    const file = path.join(folder, download.suggestedFilename());
    await download.saveAs(file);
    const html = await readFile(file, 'utf8');
    const browser = session.context.browser() as Browser;
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const url = pathToFileURL(file).href;
    const requests: string[] = [];
    // The report itself loads; anything else it asked for is recorded and refused.
    await context.route('**/*', async (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    page.on('request', (r) => void (r.url() === url || requests.push(r.url())));
    try {
      await page.goto(url);
      await screenshot(page, `report-${name}`);
      return { html, title: await page.title(), text: (await page.locator('body').innerText()).replace(/\s+/g, ' '), svgs: await page.locator('svg').count(), requests };
    } finally {
      await context.close();
    }
  }

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'relearn-reports-'));
    session = await newPage();
    pipeline = new PipelinePage(session.page);
    await pipeline.openDemo({ automaticRuns: true });
    expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 180_000)).toBe('promoted');
    await pipeline.waitForOutcome(2, ['promoted', 'rejected', 'failed'], 240_000);
  }, 480_000);
  afterAll(async () => {
    await session.close();
    await rm(folder, { recursive: true, force: true });
  });
  afterEach(() => expect(session.errors).toEqual([]));

  test('the run report draws the DAG in the states the page shows, with the trigger and the gate', async () => {
    await pipeline.openRun(1);
    const states = await pipeline.nodeStates();
    const why = (await pipeline.run(1)).why;
    await screenshot(session.page, 'reports-run-view');
    const download = await pipeline.downloadReport();
    expect(download.suggestedFilename()).toBe('relearn-run-1.html');
    const report = await open(download, 'run');
    expect(report.requests).toEqual([]);
    expect(report.title).toBe('Pipeline run 1');
    expect(report.text).toContain('promoted');
    expect(report.svgs).toBe(1);
    for (const [task, state] of Object.entries(states)) expect(report.html, task).toContain(`data-task="${task}" data-state="${state}"`);
    expect(report.text).toContain(why.replace(/\s+/g, ' ').replace(/^Why it ran: /, '').replace(/\.$/, '').slice(0, 40));
    expect(report.text).toContain('Gate checks');
  });

  test('the drift report names the chosen batch and shows the Monitor’s share and verdict', async () => {
    const monitor = new MonitorPage(session.page);
    await session.page.evaluate(() => (window.location.hash = '#/monitor'));
    await monitor.waitForChecks(120_000);
    const heading = (await monitor.batchHeading().textContent())!;
    const batch = heading.replace(/^Drift of /, '');
    const share = (await monitor.fact('Drifted share').innerText()).replace(/\s+/g, ' ');
    const verdict = (await monitor.verdict().innerText()).replace(/\s+/g, ' ').replace(/^(no drift|drift) ?/, '');
    // The champion checks the batch once the pipeline is idle: its estimate goes into the report as the Monitor shows it.
    await monitor.estimateTable().waitFor({ timeout: 120_000 });
    const [estimated, interval, realised] = await monitor.estimateRow('Accuracy');
    await screenshot(session.page, 'reports-monitor-view');
    const download = await monitor.downloadReport();
    expect(download.suggestedFilename()).toBe(`relearn-drift-${batch}.html`);
    const report = await open(download, 'drift');
    expect(report.requests).toEqual([]);
    expect(report.title).toBe(`Drift report: ${batch}`);
    expect(report.text).toContain(share);
    expect(report.text).toContain(verdict);
    for (const column of await monitor.columnNames()) expect(report.text).toContain(column);
    expect(report.text).toContain('The champion’s predictions');
    expect(report.text).toContain(`Accuracy ${estimated} ${interval} ${realised}`);
  });

  test('the comparison report names both versions and shows the comparison view’s differences and gate', async () => {
    const models = new RegistryPage(session.page);
    await session.page.evaluate(() => (window.location.hash = '#/models/compare/1/2'));
    await models.compareTable('Metrics side by side').waitFor({ timeout: 60_000 });
    const metrics = await models.rowCells(models.compareTable('Metrics side by side'));
    const checks = await models.rowCells(models.compareTable('Gate checks'));
    await screenshot(session.page, 'reports-compare-view');
    const download = await models.downloadReport();
    expect(download.suggestedFilename()).toBe('relearn-compare-v1-v2.html');
    const report = await open(download, 'compare');
    expect(report.requests).toEqual([]);
    expect(report.title).toBe('Comparison: Version 1 against Version 2');
    for (const [, a, b, difference] of metrics) {
      expect(report.text).toContain(`${a} ${b} ${difference}`);
    }
    for (const [name, value, threshold] of checks) expect(report.text).toContain(`${name} ${value} ${threshold}`);
  });
});
