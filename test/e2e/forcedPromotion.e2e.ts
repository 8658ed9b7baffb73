import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { HistoryPage } from './pages/history-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { RegistryPage } from './pages/registry-page.ts';

test("the gate's default follows the metric; promoting past a gate that kept the champion is marked in History", async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  await pipeline.open();
  // The policy form starts from the default: the metric's minimum improvement, the bootstrap lower bound.
  expect(await pipeline.setting('Minimum improvement rule').inputValue()).toBe('metric');
  expect(await pipeline.setting('Minimum improvement').isDisabled()).toBe(true);
  expect(await pipeline.setting('Significance').inputValue()).toBe('bootstrap');
  expect(await pipeline.mainText()).toContain("0.01 absolute on accuracy, F1, precision, recall, ROC AUC and R²; 1% of the champion's value on RMSE, MAE and log loss");

  // A metric floor no model of this data reaches: run 1's gate keeps (there is no champion, and none is made).
  await pipeline.openDemo({ policy: { choose: { 'Model family': 'MLP (neural network)' }, fill: { 'Metric floor': '0.99', Epochs: '5' } } });
  await pipeline.runNowNote().filter({ hasText: /^Trains on every batch with “weather” that passed validation/ }).waitFor({ timeout: 60_000 });
  await pipeline.runNow('a strict floor');
  expect(await pipeline.waitForOutcome(1, ['rejected', 'promoted', 'failed'], 120_000)).toBe('rejected');
  const gate = await pipeline.openTask('gate');
  expect(await gate.textContent()).toContain('F1 (macro) floor');

  // A person promotes version 1 anyway, with a reason.
  const models = new RegistryPage(page);
  await models.open('#/models/version/1');
  await models.detail(1).waitFor();
  expect(await models.stageOf(1).textContent()).toBe('rejected');
  // A rejected version is promoted (never rolled back to), and the form says the promotion will be marked.
  expect(await models.registryButton('Roll back to this version').count()).toBe(0);
  await models.registryButton('Promote').click();
  expect(await models.reasonForm().textContent()).toContain('Its gate kept the champion: History will mark this promotion as forced past the failed gate.');
  await models.reasonForm().getByRole('button', { name: 'Cancel' }).click();
  await models.registryChange('Promote', 'the floor was set too high for this data');
  await expect.poll(() => models.stageOf(1).textContent(), { timeout: 30_000 }).toBe('production');

  // History says plainly that the promotion went past a failed gate, and which check failed.
  const history = new HistoryPage(page);
  await history.open();
  const promoted = history.eventRow('model.promoted', 'Version 1 promoted');
  await promoted.waitFor();
  expect(await promoted.locator('.event-forced').textContent()).toMatch(/^forced promoted past a failed gate: F1 \(macro\) floor 0\.\d{4}, needs ≥ 0\.9900$/);
  expect(await promoted.textContent()).toContain('the floor was set too high for this data');
  await promoted.scrollIntoViewIfNeeded();
  await screenshot(page, 'history-forced-promotion');
  expect(errors).toEqual([]);
  await close();
});
