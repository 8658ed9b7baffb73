import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { RegistryPage } from './pages/registry-page.ts';

test('a version trained in the page shows which columns matter; promoted, the Monitor weighs each batch’s drift by it', async () => {
  const { page, errors, close } = await newPage();
  const models = new RegistryPage(page);
  await models.openDemo();
  await models.fill({ Epochs: '3' });
  await models.trainButton().click();
  await models.openVersionLink(await models.waitForOutcome('finished'), 1).click();
  const detail = models.detail(1);
  await detail.waitFor();

  const importance = models.importance(detail);
  expect(await importance.locator('.subpanel-header').textContent()).toMatch(
    /^Which columns matterdrop in holdout accuracy when one column’s values are shuffled across \d+ holdout rows \(baseline [\d.]+\); mean ± std over 5 repeats, seed 42 \(scikit-learn’s permutation_importance, random_state 42\)$/,
  );
  const columns = await models.importanceColumns(detail);
  expect(columns.length).toBeGreaterThanOrEqual(3);
  expect(columns).not.toContain('weather');
  await expect.poll(() => models.importanceBars(detail).count()).toBeGreaterThanOrEqual(1);
  expect(await importance.locator('.importance-chart').getAttribute('aria-label')).toMatch(new RegExp(`^Permutation importance \\(drop in accuracy\\) of ${columns.length} columns; most important: ${columns[0]} `));
  await importance.scrollIntoViewIfNeeded();
  await screenshot(page, 'version-importance');

  await models.registryChange('Promote', 'the first model');
  const monitor = new MonitorPage(page);
  await monitor.openSection('Monitor');
  await monitor.waitForChecks();
  await expect.poll(() => monitor.fact('Drift that matters').textContent(), { timeout: 30_000 }).toMatch(/^\d+(\.\d)?% of version 1’s permutation importance is (in “.+”|in no drifted column)$/);
  const options = await monitor.batchOptions();
  expect(options.filter((o) => / of importance\)/.test(o)).length).toBeGreaterThanOrEqual(1);
  await screenshot(page, 'monitor-drift-that-matters');
  expect(errors).toEqual([]);
  await close();
});

test('the policy form sets the drift-that-matters rule, refuses a share outside (0, 1], and the replay judges batches by it', async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  // The first automatic run trains version 1 (with its importance) and makes it the champion.
  await pipeline.openDemo({ automaticRuns: true, policy: { choose: { 'Model family': 'MLP (neural network)' }, fill: { Epochs: '3' } } });
  await pipeline.waitForOutcome(1, ['promoted']);
  expect(await pipeline.setting('Drift-that-matters rule').isChecked()).toBe(false);
  expect(await pipeline.setting('Drift-that-matters share').inputValue()).toBe('0.3');
  await pipeline.check({ 'Drift rule': false, 'Drift-that-matters rule': true });
  await pipeline.fill({ 'Drift-that-matters share': '1.5' });
  expect(await pipeline.policyProblems().textContent()).toBe('The drift-that-matters threshold must be a share above 0 and at most 1.');
  expect(await pipeline.setting('Drift-that-matters share').getAttribute('aria-invalid')).toBe('true');
  await pipeline.fill({ 'Drift-that-matters share': '0.3' });
  await pipeline.save();
  const replay = await pipeline.replay();
  expect(replay).toHaveLength(5);
  // New York drifts in every column: all of the champion's importance is in drifted columns.
  expect(replay[4]?.[4]).toBe('retrains (drift that matters)');
  expect(replay[4]?.[5]).toMatch(/drift that matters fired: drift that matters: 100% of the champion's importance is in drifted columns \(threshold 30%\)/);
  await pipeline.replayHeading().scrollIntoViewIfNeeded();
  await screenshot(page, 'pipeline-replay-drift-that-matters');
  expect(errors).toEqual([]);
  await close();
});
