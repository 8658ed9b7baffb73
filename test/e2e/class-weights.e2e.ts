import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rareYesCsv } from '../unit/helpers/training.ts';
import { newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { ModelsPage } from './pages/models-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';

let dir = '';
let file = '';

/** The unit tests' imbalanced set (about 4% "yes"), written as a file a person uploads. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relearn-class-weights-'));
  file = path.join(dir, 'rare-yes.csv');
  await writeFile(file, rareYesCsv());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('on an imbalanced upload, a plain model gets the class-imbalance warning; trained with balanced class weights it finds the rare class, and the version lists its weights', async () => {
  const { page, errors, close } = await newPage();
  const data = new DataPage(page);
  await data.open();
  await data.uploadFiles([file]);
  await data.waitForResults();
  const models = new ModelsPage(page);
  await models.openSection('Models');
  await models.trainForm().waitFor();
  await models.setting('Target').selectOption('target');
  await models.choose({ 'Model family': 'linear' });
  await models.fill({ Epochs: '30', 'Learning rate': '0.01', 'Batch size': '64', Patience: '0' });
  expect(await models.setting('Class weights').inputValue()).toBe('none');

  // Balanced weights make no sense for a regression: the form says so and will not train.
  await models.choose({ Task: 'regression', 'Class weights': 'balanced' });
  expect(await models.problems().textContent()).toBe('Class weights apply to classification only: set them to none to train a regression.');
  expect(await models.setting('Class weights').getAttribute('aria-invalid')).toBe('true');
  expect(await models.trainButton().isDisabled()).toBe(true);
  await models.choose({ Task: 'inferred from the target', 'Class weights': 'none: every row weighs the same' });

  await models.trainButton().click();
  await models.openVersionLink(await models.waitForOutcome('finished'), 1).click();
  const first = models.detail(1);
  await first.waitFor();
  expect(await models.hyperParameter(first, 'Class weights').textContent()).toBe('none');
  expect(await models.imbalanceNote(first).textContent()).toMatch(/^Class imbalance: predicts "no" for (9[5-9]|100)\.\d% of holdout rows \("no" is 9\d\.\d% of them\); recall of "yes" is 0\.\d{2,3}\./);
  await models.imbalanceNote(first).scrollIntoViewIfNeeded();
  await screenshot(page, 'models-imbalance-warning');

  await models.open('#/models');
  await models.choose({ 'Class weights': 'balanced' });
  expect(await models.problems().count()).toBe(0);
  await models.trainButton().click();
  await models.openVersionLink(await models.waitForOutcome('finished'), 2).click();
  const second = models.detail(2);
  await second.waitFor();
  expect(await models.hyperParameter(second, 'Class weights').textContent()).toMatch(/^balanced \(no 0\.5\d*, yes \d+(\.\d+)?\)$/);
  expect(await models.imbalanceNote(second).count()).toBe(0);
  await page.mouse.move(0, 0);
  await screenshot(page, 'models-class-weights');
  expect(errors).toEqual([]);
  await close();
});

test('the pipeline trains with the policy\'s class weights; the gate shows the challenger\'s class-imbalance warning on its rows', async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  // Three epochs of the default MLP on the demo's weather: too few to find drizzle or fog.
  await pipeline.openDemo({ policy: { choose: { 'Model family': 'MLP (neural network)' }, fill: { Epochs: '3' } } });
  expect(await pipeline.setting('Class weights').inputValue()).toBe('none');
  await pipeline.runNowNote().filter({ hasText: /^Trains on every batch with “weather” that passed validation: 5 batches/ }).waitFor({ timeout: 60_000 });
  await pipeline.runNow();
  expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'])).toBe('promoted');
  await pipeline.openTask('gate');
  expect(await pipeline.imbalanceNote('challenger, version 1').textContent()).toMatch(/^Class imbalance \(challenger, version 1\): (predicts "\w+" for \d+\.\d% of the gate's rows .*; )?recall of "drizzle" is 0\.\d{2,3}/);
  await screenshot(page, 'pipeline-gate-imbalance');

  await pipeline.choose({ 'Class weights': 'balanced' });
  await pipeline.save();
  await pipeline.runNow();
  expect(await pipeline.waitForOutcome(2, ['promoted', 'rejected', 'failed'])).not.toBe('failed');
  const models = new ModelsPage(page);
  await models.open('#/models/version/2');
  const detail = models.detail(2);
  await detail.waitFor();
  expect(await models.hyperParameter(detail, 'Class weights').textContent()).toMatch(/^balanced \(drizzle [\d.]+, fog [\d.]+, rain [\d.]+, snow [\d.]+, sun [\d.]+\)$/);
  expect(errors).toEqual([]);
  await close();
});
