import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { RegistryPage } from './pages/registry-page.ts';

test('a version promoted by hand checks every batch: the Monitor shows its prediction drift beside label drift, outside the share', async () => {
  const { page, errors, close } = await newPage();
  const models = new RegistryPage(page);
  await models.openDemo();
  const monitor = new MonitorPage(page);
  await monitor.openSection('Monitor');
  await monitor.waitForChecks();
  // No champion yet: nothing to compare, and it says so.
  expect(await monitor.fact('Prediction drift').textContent()).toBe('no champion: promote a version to compare its predictions');
  const verdictBefore = await monitor.verdict().textContent();

  await models.openSection('Models');
  await models.fill({ Epochs: '3' });
  await models.trainButton().click();
  await models.openVersionLink(await models.waitForOutcome('finished'), 1).click();
  await models.detail(1).waitFor();
  await models.registryChange('Promote', 'the first model');

  await monitor.openSection('Monitor');
  await monitor.waitForChecks();
  await monitor.chooseBatch('new-york-2015.csv');
  // The reference has 366 rows: the predicted class is decided by the chi-square test.
  await expect
    .poll(() => monitor.fact('Prediction drift').textContent(), { timeout: 60_000 })
    .toMatch(/^(no )?prediction drift version 1’s “predicted weather”: chi-square test p (= [\d.e-]+|< 1e-300) \(p < 0\.05\)$/);
  // Prediction drift is never counted in the dataset share.
  expect(await monitor.verdict().textContent()).toBe(verdictBefore);
  expect(await monitor.fact('Label drift').textContent()).toContain('“weather”');

  const panel = monitor.predictionDrift();
  expect(await panel.locator('.subpanel-header').textContent()).toMatch(/^Prediction driftversion 1’s predictions on the reference \(366 rows\) and on this batch \(365\); not counted in the dataset share$/);
  expect(await panel.locator('.prediction-drift-statistic').textContent()).toMatch(/^χ² [\d.e+]+ \(dof \d\), p = [\d.e-]+ · default rule: 366 reference values \(≤ 1000\), categorical → chi-square test, drift when p < 0\.05$/);
  await expect.poll(() => monitor.chartBars(panel).count()).toBeGreaterThanOrEqual(2);
  const table = panel.getByRole('table', { name: 'Share of rows of predicted weather per category' });
  expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'monitor-prediction-drift');

  // Another batch has its own check.
  await monitor.chooseBatch('seattle-2013.csv');
  await expect.poll(() => monitor.fact('Prediction drift').textContent()).toMatch(/^(no )?prediction drift version 1’s “predicted weather”/);
  expect(errors).toEqual([]);
  await close();
});
