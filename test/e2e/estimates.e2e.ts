import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';

const NUMBER = /^(0|0?\.\d+|1|\d\.\d+(e-\d+)?)$/;

test('the champion’s label-free estimates: per batch in the Monitor beside the realised metric, and a performance rule on the estimate that the replay judges', async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  // The first automatic run trains version 1 and makes it the champion; it then estimates every batch.
  await pipeline.openDemo({ automaticRuns: true, policy: { choose: { 'Model family': 'MLP (neural network)' }, fill: { Epochs: '3' } } });
  await pipeline.waitForOutcome(1, ['promoted']);

  const monitor = new MonitorPage(page);
  await monitor.openSection('Monitor');
  await monitor.waitForChecks();
  await monitor.chooseBatch('new-york-2015.csv');
  // The demo's batches have labels: estimated and realised side by side, the primary metric (F1 macro) first.
  await expect.poll(() => monitor.estimateTable().locator('tbody th').first().textContent(), { timeout: 60_000 }).toBe('F1 (macro)');
  const [estimated, interval, realised] = await monitor.estimateRow('F1 (macro)');
  expect(estimated).toMatch(NUMBER);
  expect(interval).toMatch(/^[\d.]+–[\d.]+$/);
  expect(realised).toMatch(NUMBER);
  expect(await monitor.estimateTable().locator('tbody th').allTextContents()).toEqual(['F1 (macro)', 'Accuracy', 'Precision (macro)', 'Recall (macro)', 'ROC AUC (one-vs-rest, macro)']);

  // Over batches: the estimate with its interval, the realised value as a point, for each of the four batches.
  const chart = monitor.estimateChart();
  expect(await chart.locator('[role="img"]').getAttribute('aria-label')).toMatch(/^Version \d+’s estimated F1 \(macro\) per batch in arrival order, with its interval, and the realised F1 \(macro\) where a batch has labels\.$/);
  const rows = chart.locator('table tbody tr');
  expect(await rows.count()).toBe(4);
  for (const cells of await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')))) {
    expect(cells[0]).toMatch(NUMBER);
    expect(cells[2]).toMatch(NUMBER);
  }
  // Below the fold the panel is skipped by layout (content-visibility: auto), so its chart is drawn once it is on screen.
  await chart.scrollIntoViewIfNeeded();
  await expect.poll(() => chart.locator('.recharts-area-area').count()).toBeGreaterThanOrEqual(1);
  // Every batch's name under the axis, whole: inside the chart's box, the last one (under the right edge's point) too.
  expect(await chart.locator('.recharts-xAxis-tick-labels text').allTextContents()).toEqual(await rows.locator('th').allTextContents());
  const surface = (await chart.locator('svg.recharts-surface').boundingBox())!;
  for (const [left, right] of await chart.locator('.recharts-xAxis-tick-labels text').evaluateAll((texts) => texts.map((t) => [t.getBoundingClientRect().left, t.getBoundingClientRect().right] as const))) {
    expect(left).toBeGreaterThanOrEqual(surface.x);
    expect(right).toBeLessThanOrEqual(surface.x + surface.width);
  }
  await screenshot(page, 'monitor-estimates');

  // The policy form's performance rule on the estimate, replayed from the stored estimates.
  await pipeline.openSection('Pipeline');
  expect(await pipeline.setting('Performance judged on').inputValue()).toBe('realised');
  await pipeline.check({ 'Drift rule': false, 'Performance rule': true });
  await pipeline.choose({ 'Performance judged on': 'estimated metric (no labels needed)' });
  await pipeline.fill({ 'Performance floor': '0.99' });
  await pipeline.save();
  const replay = await pipeline.replay();
  expect(replay).toHaveLength(5);
  const newYork = replay[4]!;
  expect(newYork[4]).toBe('retrains (performance)');
  expect(newYork[5]).toMatch(/champion's estimated F1 \(macro\) on the new batch \(no labels needed\): [\d.]+, interval [\d.]+–[\d.]+, below the floor 0\.99/);
  await pipeline.replayHeading().scrollIntoViewIfNeeded();
  await screenshot(page, 'pipeline-replay-estimate');
  expect(errors).toEqual([]);
  await close();
});
