import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { MonitorPage } from './pages/monitor-page.ts';
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
