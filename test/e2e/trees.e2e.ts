import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { RegistryPage } from './pages/registry-page.ts';

const FAMILIES = ['MLP (neural network)', 'linear', 'gradient boosting (trees)', 'random forest'];

describe('tree families trained by hand on the demo, beside an MLP', () => {
  // One page for the block: an MLP (version 1), gradient boosting (2), a random forest (3).
  let session: PageSession;
  let models: RegistryPage;
  const [mlp, gbdt, forest] = [1, 2, 3];
  /** Trains by hand with the form's settings and waits until it registers `version`; the outcome's text. */
  const train = async (version: number): Promise<string> => {
    expect(await models.problems().count()).toBe(0);
    await models.trainButton().click();
    const outcome = models.outcome('finished').filter({ hasText: new RegExp(`^Version ${version} registered`) });
    await outcome.waitFor({ timeout: 120_000 });
    return (await outcome.textContent()) ?? '';
  };
  beforeAll(async () => {
    session = await newPage();
    models = new RegistryPage(session.page);
    await models.openDemo();
  });
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test("the family select offers the tree families; each shows its own settings from its defaults, and a bad one marks its input", async () => {
    expect(await models.optionTexts(models.setting('Model family'))).toEqual(FAMILIES);
    await models.fill({ Epochs: '7' });
    await models.choose({ 'Model family': 'gradient boosting (trees)' });
    expect(await models.settingLabels()).toEqual(['Boosting iterations', 'Learning rate', 'Max leaf nodes', 'Min samples per leaf', 'Max depth', 'L2 regularization', 'Patience', 'Seed', 'Class weights']);
    const gbdtDefaults = { 'Boosting iterations': '100', 'Learning rate': '0.1', 'Max leaf nodes': '31', 'Min samples per leaf': '20', 'Max depth': '', 'L2 regularization': '0', Patience: '10' };
    for (const [label, value] of Object.entries(gbdtDefaults)) expect(await models.setting(label).inputValue(), label).toBe(value);
    await models.page.mouse.move(0, 0);
    await screenshot(models.page, 'trees-form-gbdt');

    await models.fill({ 'Max leaf nodes': '1' });
    expect(await models.setting('Max leaf nodes').getAttribute('aria-invalid')).toBe('true');
    expect(await models.problems().textContent()).toMatch(/^Leaves per tree must be a whole number from 2/);
    expect(await models.trainButton().isDisabled()).toBe(true);

    await models.choose({ 'Model family': 'random forest' });
    expect(await models.settingLabels()).toEqual(['Trees', 'Max features', 'Share of inputs', 'Max depth', 'Min samples per leaf', 'Seed', 'Class weights']);
    expect(await models.setting('Trees').inputValue()).toBe('100');
    expect(await models.setting('Min samples per leaf').inputValue()).toBe('1');
    expect(await models.setting('Share of inputs').isDisabled()).toBe(true);
    await models.choose({ 'Max features': 'a share of the inputs' });
    await models.fill({ 'Share of inputs': '1.5' });
    expect(await models.setting('Share of inputs').getAttribute('aria-invalid')).toBe('true');
    expect(await models.trainButton().isDisabled()).toBe(true);
    await models.page.mouse.move(0, 0);
    await screenshot(models.page, 'trees-form-forest');

    // Back to the MLP: its own settings and defaults again.
    await models.choose({ 'Model family': 'MLP (neural network)' });
    expect(await models.settingLabels()).toEqual(['Epochs', 'Learning rate', 'Batch size', 'Hidden layers', 'Activation', 'Dropout', 'L2 penalty', 'Patience', 'Seed', 'Class weights']);
    expect(await models.setting('Epochs').inputValue()).toBe('100');
    expect(await models.problems().count()).toBe(0);
  });

  test('an MLP, then gradient boosting: the live view counts iterations, the version page shows its trees and loss per iteration', async () => {
    await models.fill({ Epochs: '4', 'Hidden layers': '16' });
    expect(await train(mlp)).toMatch(/^Version 1 registered: MLP 16 \(relu\)/);

    await models.choose({ 'Model family': 'gradient boosting (trees)' });
    await models.fill({ 'Boosting iterations': '30', 'Max leaf nodes': '15' });
    const terms = await models.recordTrainingTerms();
    await models.trainButton().click();
    const outcome = models.outcome('finished').filter({ hasText: /^Version 2 registered/ });
    await outcome.waitFor({ timeout: 120_000 });
    expect(await outcome.textContent()).toMatch(/^Version 2 registered: gradient boosting \(15 leaves, learning rate 0\.1\) multiclass classification of “weather”, holdout F1 \(macro\) 0\.\d+, (ran every iteration|early stopping: the validation loss stopped improving) after [\d.]+ (ms|s)\./);

    // The live view counted iterations, not epochs.
    expect(await terms()).toContain('Iteration');
    expect(await terms()).not.toContain('Epoch');
    await models.openVersionLink(outcome, gbdt).click();
    const detail = models.detail(gbdt);
    await detail.waitFor();
    expect(await models.hyperParameter(detail, 'Family').textContent()).toBe('gradient boosting');
    expect(await models.hyperParameter(detail, 'Max leaf nodes').textContent()).toBe('15');
    expect(await models.hyperParameter(detail, 'Max depth').textContent()).toBe('no limit');
    expect(await models.hyperParameter(detail, 'Boosting iterations (at most)').textContent()).toBe('30');
    // Multiclass: one tree per class each iteration.
    const trees = Number(/^(\d+)/.exec((await models.trainingFactOf(detail, 'Trees').textContent()) ?? '')?.[1]);
    const best = await models.trainingFactOf(detail, 'Best iteration').textContent();
    const kept = Number(/^(\d+) of/.exec(best ?? '')?.[1]);
    expect(trees).toBe(kept * 5);
    expect(await models.trainingFactOf(detail, 'Leaves per tree').textContent()).toMatch(/^[\d.]+ on average, at most (1[0-5]|[2-9])$/);
    expect(await models.lossChart(detail).getAttribute('aria-label')).toMatch(/^Loss per iteration: \d+ iterations; last training loss [\d.]+, validation loss [\d.]+; best iteration \d+/);
    expect(Number((await models.metrics()).Accuracy)).toBeGreaterThan(0.5);
    expect(await models.mainText()).not.toMatch(/NaN|Infinity/);
    await models.page.mouse.move(0, 0);
    await models.scrollToTop();
    await screenshot(models.page, 'trees-version-gbdt');
  });

  test('a random forest of a few trees registers with its settings', async () => {
    await models.open('#/models');
    await models.choose({ 'Model family': 'random forest' });
    await models.fill({ Trees: '12', 'Max depth': '8' });
    expect(await train(forest)).toMatch(/^Version 3 registered: random forest \(12 trees\) multiclass classification of “weather”, holdout F1 \(macro\) 0\.\d+, built every tree after/);
    await models.open(`#/models/version/${forest}`);
    const detail = models.detail(forest);
    await detail.waitFor();
    expect(await models.hyperParameter(detail, 'Trees').textContent()).toBe('12');
    expect(await models.hyperParameter(detail, 'Max features').textContent()).toBe('default (sqrt for a classifier, all for a regression)');
    expect(await models.trainingFactOf(detail, 'Trees').textContent()).toBe('12');
    expect(await models.trainingFactOf(detail, 'Depth').textContent()).toMatch(/^[\d.]+ on average, at most [1-8]$/);
  });

  test('the comparison view sets the MLP against gradient boosting on the same holdout rows', async () => {
    await models.open(`#/models/version/${gbdt}`);
    await models.detail(gbdt).waitFor();
    const compare = await models.compareWith(mlp);
    const rows = await models.bodyRows(models.compareTable('Metrics side by side')).allTextContents();
    expect(rows.some((r) => r.startsWith('F1 (macro)'))).toBe(true);
    expect(await models.compareBasis().textContent()).toMatch(new RegExp(`^On the same [\\d,]+ holdout rows of version ${gbdt}`));
    expect(await models.pairedTests().textContent()).toMatch(new RegExp(`McNemar \\(exact\\)version ${mlp} right only on \\d+ rows, version ${gbdt} right only on \\d+: p = [\\d.e-]+`));
    expect(await models.bodyRows(models.compareTable('Gate checks')).count()).toBeGreaterThanOrEqual(1);
    expect(await models.rocLines(models.compareRoc()).count()).toBe(2);
    expect(await compare.textContent()).not.toMatch(/NaN|Infinity/);
    await models.page.mouse.move(0, 0);
    await models.scrollToTop();
    await screenshot(models.page, 'trees-compare-mlp-gbdt');
  });

  test('a person promotes the gradient boosting version over the MLP champion', async () => {
    await models.open(`#/models/version/${mlp}`);
    await models.detail(mlp).waitFor();
    await models.registryChange('Promote', 'the first model');
    await expect.poll(() => models.aliasesOf(mlp), { timeout: 30_000 }).toEqual(['champion']);
    await models.open(`#/models/version/${gbdt}`);
    await models.detail(gbdt).waitFor();
    await models.registryChange('Promote', 'boosted trees beat the MLP on the same rows');
    await expect.poll(() => models.stageOf(gbdt).textContent(), { timeout: 30_000 }).toBe('production');
    expect(await models.stageOf(mlp).textContent()).toBe('archived');
    expect(await models.aliasesOf(gbdt)).toEqual(['champion']);
  });
});

test("the pipeline's policy trains gradient boosting; its gate judges it against the MLP champion and promotes it", async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  // Run 1: a small MLP, the champion (there is none before it).
  await pipeline.openDemo({ policy: { choose: { 'Model family': 'MLP (neural network)' }, fill: { Epochs: '3' } } });
  await pipeline.runNowNote().filter({ hasText: /^Trains on every batch with “weather”/ }).waitFor({ timeout: 60_000 });
  await pipeline.runNow();
  expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'])).toBe('promoted');

  // The policy's family: gradient boosting, its own settings from its defaults.
  await pipeline.choose({ 'Model family': 'gradient boosting (trees)' });
  expect(await pipeline.setting('Boosting iterations').inputValue()).toBe('100');
  expect(await pipeline.setting('Max leaf nodes').inputValue()).toBe('31');
  expect(await pipeline.setting('Batch size').count()).toBe(0);
  await pipeline.fill({ 'Boosting iterations': '40', 'Max leaf nodes': '0' });
  expect(await pipeline.setting('Max leaf nodes').getAttribute('aria-invalid')).toBe('true');
  await pipeline.fill({ 'Max leaf nodes': '15' });
  await pipeline.save();
  await screenshot(page, 'trees-policy-gbdt');

  await pipeline.runNow('boosted trees');
  expect(await pipeline.waitForOutcome(2, ['promoted', 'rejected', 'failed'], 120_000)).toBe('promoted');
  const gate = await pipeline.openTask('gate');
  expect(await gate.textContent()).toMatch(/F1 \(macro\)/);
  const models = new RegistryPage(page);
  await models.open('#/models/version/2');
  const detail = models.detail(2);
  await detail.waitFor();
  expect(await models.hyperParameter(detail, 'Family').textContent()).toBe('gradient boosting');
  expect(await models.aliasesOf(2)).toEqual(['champion']);
  expect(await models.stageOf(1).textContent()).toBe('archived');
  expect(errors).toEqual([]);
  await close();
});
