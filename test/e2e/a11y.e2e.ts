import { expect, test } from 'vitest';
import { SECTIONS } from '../../src/ui/route.ts';
import { seriousViolations } from './axe.ts';
import { newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { HistoryPage } from './pages/history-page.ts';
import { RegistryPage } from './pages/registry-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';

test('axe-core finds no serious or critical WCAG 2.1 AA violation in any section or detail view, with the demo loaded', { timeout: 420_000 }, async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  const data = new DataPage(page);
  const monitor = new MonitorPage(page);
  const models = new RegistryPage(page);
  const history = new HistoryPage(page);
  const found: string[] = [];
  const check = async (view: string): Promise<void> => {
    found.push(...(await seriousViolations(page, view)));
  };
  const go = async (hash: string, title: string): Promise<void> => {
    await page.evaluate((h) => (window.location.hash = h), hash);
    await pipeline.heading().filter({ hasText: title }).waitFor();
  };

  // The demo's five batches, its pipeline runs (version 1 promoted, later drift runs) and their events.
  await pipeline.openDemo({ automaticRuns: true });
  expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 180_000)).toBe('promoted');
  await pipeline.waitForIdle(5, 240_000);

  for (const { id, title } of SECTIONS) {
    await go(`#/${id}`, title);
    await check(`section ${title}`);
  }

  await go('#/data', 'Data');
  await data.openBatch('new-york-2015.csv');
  await check('batch detail');

  await go('#/monitor', 'Monitor');
  await monitor.waitForChecks();
  await monitor.openDrillDown('temp_max');
  await check('Monitor drill-down');

  await go('#/pipeline', 'Pipeline');
  await pipeline.openRun(1);
  await pipeline.openTask('gate');
  await check('pipeline run with the gate task open');

  await go('#/models', 'Models');
  await expect.poll(() => models.versionCount()).toBeGreaterThanOrEqual(2);
  await go('#/models/version/1', 'Models');
  await models.detail(1).waitFor();
  await check('model version 1');
  await go('#/models/compare/1/2', 'Models');
  await models.compareTable('Metrics side by side').waitFor({ timeout: 60_000 });
  await check('comparison of versions 1 and 2');

  await history.open();
  await expect.poll(() => history.eventRows().count()).toBeGreaterThan(5);
  await check('History timeline');

  await history.bell().click();
  await history.notificationList().waitFor();
  await check('notification panel');
  await screenshot(page, 'a11y-notifications');

  expect(found, `axe-core violations:\n${found.join('\n')}`).toEqual([]);
  expect(errors).toEqual([]);
  await close();
});
