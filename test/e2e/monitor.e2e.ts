import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { HistoryPage } from './pages/history-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';

const NEW_YORK = 'new-york-2015.csv';

test('the Monitor shows New York drifting from Seattle: verdict, sortable columns, drill-down, drift over time', async () => {
  const { page, errors, close } = await newPage();
  const monitor = new MonitorPage(page);
  await monitor.openDemo();
  await monitor.waitForChecks();
  expect(await monitor.status().textContent()).toContain('all 4 batches were checked against “seattle-2012.csv”');

  // The newest checked batch opens by default.
  expect(await monitor.batchHeading().textContent()).toBe(`Drift of ${NEW_YORK}`);
  const verdict = (await monitor.verdict().textContent()) ?? '';
  // The date column (one value per row) is left out of the share by default: 5 feature columns are counted.
  expect(verdict).toMatch(/^driftDataset drift: \d of 5 feature columns drifted \(\d+(\.\d)?%\), at or above the 50% threshold\.$/);
  expect(await monitor.fact('Drifted share').textContent()).toMatch(/^\d+(\.\d)?% of 5 · threshold 50%$/);
  expect(await monitor.fact('Correction').textContent()).toBe('none');
  expect(await monitor.fact('Label drift').textContent()).toContain('“weather”');
  const options = await monitor.batchOptions();
  expect(options).toEqual([
    '1. seattle-2012.csv — reference',
    '2. seattle-2013.csv — drift (60%)',
    '3. seattle-2014.csv — no drift (40%)',
    '4. seattle-2015.csv — no drift (40%)',
    '5. new-york-2015.csv — drift (100%)',
  ]);

  // Each column: its deciding statistic and why, in words on the row; new categories by name.
  expect(await monitor.columnCell('temp_max', 'Column')).toBe('temp_maxnumeric');
  expect(await monitor.columnCell('temp_max', 'Decided by')).toMatch(/^KS testdefault rule366 reference values \(≤ 1000\),numeric with \d+ distinct values \(> 5\)$/);
  expect(await monitor.columnCell('temp_max', 'Drift')).toBe('drift');
  expect(await monitor.columnCell('location', 'Decided by')).toContain('chi-square test');
  expect(await monitor.columnCell('location', 'New categories')).toBe('100% of rows:New York');
  const allText = (await monitor.columnTable().textContent()) ?? '';
  expect(allText).not.toMatch(/NaN|Infinity/);
  await monitor.scrollToTop();
  await screenshot(page, 'monitor');

  // Sorting: by column name ascending, then descending.
  await monitor.sortBy('Column');
  expect(await monitor.sortHeader('Column').getAttribute('aria-sort')).toBe('ascending');
  const ascending = await monitor.columnNames();
  expect(ascending).toEqual([...ascending].sort((a, b) => a.localeCompare(b)));
  await monitor.sortBy('Column');
  expect(await monitor.sortHeader('Column').getAttribute('aria-sort')).toBe('descending');
  expect(await monitor.columnNames()).toEqual([...ascending].reverse());
  expect(await monitor.sortHeader('Drift').getAttribute('aria-sort')).toBeNull();

  // Drill-down: the overlaid distributions and every statistic of the column.
  const drill = await monitor.openDrillDown('temp_max');
  expect(page.url()).toContain(`#/monitor/batch/`);
  expect(page.url()).toMatch(/\/column\/temp_max$/);
  await expect.poll(() => monitor.chartBars(drill).count()).toBeGreaterThan(10);
  const stats = (await monitor.statistics(drill, 'temp_max').textContent()) ?? '';
  for (const name of ['Kolmogorov-Smirnov', 'D = ', 'PSI', 'Wasserstein', 'Jensen-Shannon']) expect(stats).toContain(name);
  expect(await drill.textContent()).toMatch(/Decided by the KS test: p = [\d.e-]+, drift when p < 0\.05\./);
  expect(await drill.textContent()).toMatch(/Why this statistic: default rule: 366 reference values \(≤ 1000\), numeric with \d+ distinct values \(> 5\) → KS test, drift when p < 0\.05\./);
  await page.mouse.move(0, 0); // no chart tooltip in the screenshot
  await monitor.scrollToTop();
  await screenshot(page, 'monitor-drilldown');

  // A categorical column: grouped bars, chi-square with its degrees of freedom.
  const location = await monitor.openDrillDown('location');
  await expect.poll(() => monitor.chartBars(location).count()).toBeGreaterThan(1);
  expect(await monitor.statistics(location, 'location').textContent()).toMatch(/χ² = .*dof = 1/);

  // Drift over time: one bar per compared batch, and the heatmap of columns by batches.
  await expect.poll(() => monitor.chartBars(monitor.overTimeChart()).count()).toBe(4);
  expect(await monitor.overTimeChart().getAttribute('aria-label')).toContain('2 of 4 batches show dataset drift');
  expect(await monitor.heatmapRows().count()).toBe(7);
  const cell = monitor.heatmapCell('wind', 'seattle-2013.csv');
  expect(await cell.getAttribute('aria-label')).toMatch(/^wind in seattle-2013\.csv: (no )?drift, KS test p = [\d.e-]+, drift when p < 0\.05$/);
  await cell.click();
  await expect.poll(() => monitor.batchHeading().textContent()).toBe('Drift of seattle-2013.csv');
  await monitor.drillDown('wind').waitFor();

  // The audit log records each first check; a drift event links back here.
  const history = new HistoryPage(page);
  await history.open();
  await history.filterKind('drift.detected');
  await expect.poll(() => history.eventRows().count()).toBe(2);
  expect(await history.eventRows().first().textContent()).toContain(`Dataset drift in "${NEW_YORK}"`);
  await history.eventLink(history.eventRows().first(), 'open drift').click();
  await expect.poll(() => monitor.batchHeading().textContent()).toBe(`Drift of ${NEW_YORK}`);

  expect(errors).toEqual([]);
  await close();
});

test('drift settings are checked in the form; a saved pin re-checks every batch and changes the verdict', async () => {
  const { page, errors, close } = await newPage();
  const monitor = new MonitorPage(page);
  await monitor.openDemo();
  await monitor.waitForChecks();
  expect(await monitor.verdict().textContent()).toMatch(/^driftDataset drift/);

  const settings = await monitor.openSettings();
  const save = monitor.saveSettings(settings);
  await monitor.setting(settings, 'Significance level (alpha)').fill('2');
  expect(await monitor.settingsProblems(settings).textContent()).toContain('Alpha must be between 0 and 1 (exclusive), not 2.');
  expect(await monitor.setting(settings, 'Significance level (alpha)').getAttribute('aria-invalid')).toBe('true');
  expect(await save.isDisabled()).toBe(true);
  expect(await monitor.storedDriftSettings()).toMatchObject({ alpha: 0.05, pin: null }); // not saved: still the defaults

  await monitor.setting(settings, 'Significance level (alpha)').fill('0.05');
  await monitor.setting(settings, 'Statistic').selectOption({ label: 'PSI' });
  await monitor.setting(settings, 'Threshold').fill('5');
  expect(await monitor.settingsProblems(settings).count()).toBe(0);
  await save.click();
  await monitor.settingsSaved(settings).waitFor();
  expect(await monitor.storedDriftSettings()).toMatchObject({ alpha: 0.05, pin: { statistic: 'psi', threshold: 5 } });

  // The stored reports are stale now; the worker checks every batch again and the verdict follows.
  await expect.poll(() => monitor.verdict().textContent(), { timeout: 60_000 }).toMatch(/^no driftNo dataset drift: \d of 5 feature columns drifted/);
  await monitor.waitForChecks();
  expect(await monitor.columnCell('temp_max', 'Decided by')).toBe('PSIpinned for all columns');
  expect(await monitor.columnCell('temp_max', 'Threshold')).toBe('≥ 5');
  expect(await monitor.setting(settings, 'Threshold').inputValue()).toBe('5');
  expect(errors).toEqual([]);
  await close();
});

test('with nothing to compare, the Monitor says what to do and links to Data', async () => {
  const { page, errors, close } = await newPage();
  const monitor = new MonitorPage(page);
  await page.goto('#/monitor');
  await monitor.heading().filter({ hasText: 'Monitor' }).waitFor();
  await monitor.emptyHeading('Nothing to compare yet').waitFor();
  expect(await monitor.mainText()).toContain('No batches yet: add at least two in the Data section');
  await monitor.goToDataLink().click();
  await monitor.heading().filter({ hasText: 'Data' }).waitFor();
  expect(errors).toEqual([]);
  await close();
});
