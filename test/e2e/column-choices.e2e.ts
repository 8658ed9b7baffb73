import { expect, test } from 'vitest';
import { newPage } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { ModelsPage } from './pages/models-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';

test('a person puts a column in or out of drift and features in the Data view; the Monitor and the train form follow', async () => {
  const { page, errors, close } = await newPage();
  const monitor = new MonitorPage(page);
  const data = new DataPage(page);
  const models = new ModelsPage(page);
  await monitor.openDemo();
  await monitor.waitForChecks();

  // The demo's date column is a datetime (and id-like): left out of the share by default, shown as such.
  // One cell says why in place of the statistic's four, then the Drift badge; no reference → current summary.
  expect(await monitor.columnRow('date').locator('td').allTextContents()).toEqual([
    'Left out of the dataset share: left out by default: a date or time: every batch brings new values. The Data view puts it back in.',
    'left out',
    '—',
    '—',
  ]);
  expect(await monitor.fact('Drifted share').textContent()).toMatch(/ of 5 · threshold 50%$/);
  expect(await monitor.fact('Left out').textContent()).toBe('“date”');

  await data.openSection('Data');
  const detail = await data.openBatch('seattle-2012.csv');
  expect(await data.columnUseReason(detail, 'date').textContent()).toBe('left out by default: a date or time: every batch brings new values');
  expect(await data.columnUse(detail, 'date', 'in drift').isChecked()).toBe(false);
  expect(await data.columnUse(detail, 'date', 'as feature').isChecked()).toBe(false);
  // Back into drift only, and wind out of the features only.
  await data.columnUse(detail, 'date', 'in drift').check();
  await expect.poll(() => data.columnUse(detail, 'date', 'in drift').isChecked()).toBe(true);
  await data.columnUse(detail, 'wind', 'as feature').uncheck();
  await expect.poll(() => data.columnUse(detail, 'wind', 'as feature').isChecked()).toBe(false);
  expect(await data.columnUse(detail, 'wind', 'in drift').isChecked()).toBe(true);
  expect(await data.columnUse(detail, 'date', 'as feature').isChecked()).toBe(false);

  // The Monitor checks again. A datetime is compared as a number (epoch ms): every New York 2015 date lies
  // after every reference date, so the KS test finds drift, and a date is never a "new category".
  await monitor.openSection('Monitor');
  await expect.poll(() => monitor.fact('Drifted share').textContent(), { timeout: 60_000 }).toMatch(/ of 6 · threshold 50%$/);
  await monitor.waitForChecks();
  expect(await monitor.columnCell('date', 'Drift')).toBe('drift');
  expect(await monitor.columnCell('date', 'Decided by')).toMatch(/^KS test/);
  expect(await monitor.columnCell('date', 'New categories')).toBe('—');
  expect(await monitor.columnRow('date').locator('.column-type').textContent()).toBe('datetime');
  // Its drill-down names the type and draws both histograms over dates, not epoch numbers.
  const drill = await monitor.openDrillDown('date');
  expect(await drill.locator('.drill-header h4').textContent()).toBe('date · datetime');
  expect(await drill.getByRole('img').first().getAttribute('aria-label')).toMatch(/^Distribution of date in the reference and the current batch: \d+ bins from 2012-01-01 to 2015-12-31$/);

  // The train form's default features follow the Data view: date and wind out.
  await models.openSection('Models');
  await models.featureCheckbox('wind').waitFor();
  expect(await models.featureCheckbox('wind').isChecked()).toBe(false);
  expect(await models.featureCheckbox('date').isChecked()).toBe(false);
  expect(await models.featureSummary().textContent()).toBe('4 of 6 columns; the default (Data view choices)');

  // Date put in as a feature and wind back to its default in the Data view: the form follows again.
  await data.openSection('Data');
  const again = await data.openBatch('seattle-2012.csv');
  await data.columnUse(again, 'date', 'as feature').check();
  await expect.poll(() => data.columnUse(again, 'date', 'as feature').isChecked()).toBe(true);
  await data.columnUse(again, 'wind', 'as feature').check();
  await expect.poll(() => data.columnUse(again, 'wind', 'as feature').isChecked()).toBe(true);
  await models.openSection('Models');
  await expect.poll(() => models.featureCheckbox('date').isChecked()).toBe(true);
  expect(await models.featureCheckbox('wind').isChecked()).toBe(true);
  // A choice made in the form alone is this training's own.
  await models.featureCheckbox('location').uncheck();
  expect(await models.featureSummary().textContent()).toBe('5 of 6 columns; chosen here');

  // The policy form offers the same per-column choice for the pipeline's runs.
  const pipeline = new PipelinePage(page);
  await pipeline.openSection('Pipeline');
  const policyDate = pipeline.featureCheckbox('date');
  await policyDate.waitFor();
  expect(await policyDate.isChecked()).toBe(true);
  await policyDate.uncheck();
  await pipeline.save();
  expect(errors).toEqual([]);
  await close();
});
