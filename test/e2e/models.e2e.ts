import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { ModelsPage } from './pages/models-page.ts';

const CLASSES = ['drizzle', 'fog', 'rain', 'snow', 'sun'];
const NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/;

describe('an MLP trained by hand on the demo', () => {
  // One page for the whole block: each test checks one thing about the same trained version 1.
  let session: PageSession;
  let models: ModelsPage;
  beforeAll(async () => {
    session = await newPage();
    models = new ModelsPage(session.page);
    await models.openDemo({ backend: 'measured' });
  });
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test('the form infers classification of “weather” and says the backend is measured at the first training', async () => {
    expect(await models.setting('Target').inputValue()).toBe('weather');
    expect(await models.mainText()).toContain('Inferred: classification (“weather” is categorical).');
    expect(await models.versionCount()).toBe(0);
    expect(await models.mainText()).toContain('measured at the first training');
  });

  test('Train shows the live view at once, then registers version 1 with its holdout F1', async () => {
    await models.fill({ Epochs: '6', 'Hidden layers': '32, 16' });
    expect(await models.problems().count()).toBe(0);
    await models.trainButton().click();
    // The live view appears at once: the backend is chosen (measured, the first time), then the epochs run.
    await models.trainingStatus().waitFor();
    expect(await models.trainButton().isDisabled()).toBe(true);
    const finished = await models.waitForOutcome('finished');
    expect(await finished.textContent()).toMatch(/^Version 1 registered: MLP 32-16 \(relu\) multiclass classification of “weather”, holdout F1 \(macro\) [\d.]+, ran every epoch after [\d.]+ (ms|s)\./);
    await models.page.mouse.move(0, 0);
    await models.scrollToTop();
    await screenshot(models.page, 'models');
    await models.openVersionLink(finished, 1).click();
    await models.detail(1).waitFor();
    expect(models.page.url()).toMatch(/#\/models\/version\/1$/);
  });

  test('version 1 shows holdout metrics, confusion matrix, ROC and scores per class, training facts and lineage', async () => {
    const metrics = await models.metrics();
    expect(Object.keys(metrics)).toEqual(['Accuracy', 'Precision (macro)', 'Recall (macro)', 'F1 (macro)', 'Precision (weighted)', 'Recall (weighted)', 'F1 (weighted)', 'ROC AUC (one-vs-rest, macro)', 'Log loss']);
    for (const [name, value] of Object.entries(metrics)) if (name !== 'ROC AUC (one-vs-rest, macro)') expect(value, name).toMatch(NUMBER);
    expect(Number(metrics.Accuracy)).toBeGreaterThan(0.3);
    const confusion = await models.confusion();
    expect(confusion.classes).toEqual(CLASSES);
    expect(confusion.cells).toHaveLength(25);
    expect(await models.perClassNames()).toEqual(CLASSES);
    await expect.poll(() => models.chartLines(models.rocChart()).count()).toBeGreaterThanOrEqual(2);
    expect(await models.rocChart().getAttribute('aria-label')).toMatch(/^ROC curves of \d classes, each against the rest/);
    const facts = (await models.trainingFacts().textContent()) ?? '';
    for (const term of ['Training rows', 'Validation rows', 'Holdout rows', 'Dropped, no target', 'Best epoch', 'Backend', 'Training time', 'Speed', 'Latency per 1,000 rows', 'Size']) expect(facts).toContain(term);
    // Lineage and the registry panel both link the five batches.
    expect(new Set(await models.batchLinks(models.detail(1)).allTextContents()).size).toBe(5);
    expect(await models.detail(1).textContent()).toContain('"weather" is categorical → classification');
    expect(await models.mainText()).not.toMatch(/NaN|Infinity/);
    await models.page.mouse.move(0, 0);
    await models.scrollToTop();
    await screenshot(models.page, 'models-detail');
  });

  test('scoring a labelled batch shows its metrics and downloads the predictions as CSV', async () => {
    const result = await models.score('5. new-york-2015.csv');
    expect(await models.scoreStatus(result).textContent()).toMatch(/^Version 1 scored 365 rows of new-york-2015\.csv; 365 have “weather”/);
    expect(Object.keys(await models.metrics('Metrics on new-york-2015.csv'))).toContain('F1 (macro)');
    const [predictions] = await models.downloads(() => models.downloadPredictionsButton(result).click(), 1);
    expect(predictions?.suggestedFilename()).toBe('new-york-2015-predictions-v1.csv');
    const csv = await readFile((await predictions!.path())!, 'utf8');
    const header = csv.split(/\r?\n/)[0]!.split(',');
    expect(header).toContain('prediction');
    expect(header.filter((h) => h.startsWith('probability_'))).toEqual(CLASSES.map((c) => `probability_${c}`));
    expect(csv.trim().split(/\r?\n/)).toHaveLength(366);
  });

  test('the model downloads as model.json + weights.bin; a mismatched pair is refused, the pair imports as version 2', async () => {
    const files = await models.downloads(() => models.downloadModelButton(models.detail(1)).click(), 2);
    expect(files.map((f) => f.suggestedFilename()).sort()).toEqual(['model.json', 'weights.bin']);
    const modelJson = JSON.parse(await readFile((await files.find((f) => f.suggestedFilename() === 'model.json')!.path())!, 'utf8')) as { format: string; userDefinedMetadata: { relearn: { target: string } } };
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.userDefinedMetadata.relearn.target).toBe('weather');
    await models.open('#/models');
    const paths = Object.fromEntries(await Promise.all(files.map(async (f) => [f.suggestedFilename(), (await f.path())!] as const)));
    // A file that is not a model is refused, plainly, and nothing is registered.
    await models.importModel(paths['model.json']!, paths['model.json']!);
    expect(await models.alertWith('Not imported').textContent()).toMatch(/^Not imported: weights\.bin has \d+ bytes; model\.json describes \d+ bytes\. Nothing was registered\.$/);
    expect(await models.storedModelCount()).toBe(1);
    await models.importModel(paths['model.json']!, paths['weights.bin']!);
    await models.statusWith('Registered as version 2').waitFor();
    await expect.poll(() => models.versionCount()).toBe(2);
    expect(await models.versionRows().first().textContent()).toContain('imported');
  });

  test('the imported copy is scored on the same rows as version 1, marked flattered: its card lists the batches it trained on', async () => {
    await models.sameRowsButton().click();
    await models.sameRowsHeader().waitFor({ timeout: 60_000 });
    const rows = /on the same ([\d,]+) holdout rows of version 1:/.exec((await models.sameRowsHeader().getAttribute('title'))!)![1]!;
    expect(await models.sameRowsCell(1).textContent()).toBe(await models.primaryMetricCell(1).textContent());
    // The same weights score the same; an imported model's held-out rows are not recorded, so all count as trained on.
    expect(await models.sameRowsCell(2).textContent()).toBe(`${await models.primaryMetricCell(1).textContent()} (flattered)`);
    expect(await models.sameRowsCell(2).getAttribute('title')).toBe(`${rows} of ${rows} rows were in version 2’s training data: its metrics there are flattered.`);
  });

  test('comparing version 1 with the imported copy says every compared row was in the copy’s training data', async () => {
    await models.open('#/models/compare/1/2');
    const notes = models.trainedOnNotes(models.page.locator('section.compare-view'));
    await notes.first().waitFor({ timeout: 60_000 });
    expect(await notes.allTextContents()).toEqual([expect.stringMatching(/^([\d,]+) of \1 rows were in version 2’s training data: its metrics there are flattered\.$/)]);
    await models.open('#/models');
  });

  test('the backend panel lists every measured backend with the chosen one and why, and takes an override', async () => {
    expect(await models.backendRows().count()).toBeGreaterThanOrEqual(1);
    expect(await models.selectedBackendRow().count()).toBe(1);
    // The row names the backend as a person reads it: the threaded build with its threads (`wasm, 2 threads`).
    const chosen = (await models.selectedBackendRow().locator('th').textContent())!.replace(/\s*chosen$/, '');
    expect(await models.mainText()).toContain(`Training uses ${chosen}: `);
    await models.backendSelect().selectOption({ label: `${chosen}, by hand` });
    await models.text(`Training uses ${chosen}, chosen by hand`).waitFor();
    await models.backendSelect().selectOption({ label: `automatic (measured: ${chosen})` });
    await models.text(`Training uses ${chosen}: `).waitFor();
  });

  test('a long training shows live progress: epochs, loss curve, speed, time left, backend and why; Cancel stops it and registers nothing', async () => {
    await models.open('#/models');
    const versions = await models.versionCount();
    await models.fill({ Epochs: '5000', Patience: '0', 'Batch size': '32' });
    await models.trainButton().click();
    await expect.poll(() => models.epochDone(), { timeout: 90_000, interval: 100 }).toBeGreaterThanOrEqual(3);
    expect(await models.trainingFact('Epoch').textContent()).toMatch(/^\d+ of 5,?000$/);
    expect(await models.trainingFact('Speed').textContent()).toMatch(/^[\d,]+ samples\/s$/);
    expect(await models.trainingFact('Time left').textContent()).toMatch(/^about /);
    expect(await models.trainingFact('Backend').textContent()).toMatch(/^(webgpu|webgl|wasm(, \d+ threads)?|cpu)$/);
    expect(await models.trainingPanel().textContent()).toMatch(/Why (webgpu|webgl|wasm(, \d+ threads)?|cpu): (fastest on this device|the only backend)/);
    // The curve is drawn at a lower priority than the facts (a deferred value): it may follow an epoch behind.
    await expect.poll(() => models.lossChart(models.trainingPanel()).getAttribute('aria-label'), { timeout: 30_000 }).toMatch(/^Loss per epoch: \d+ epochs; last training loss [\d.]+, validation loss [\d.]+/);
    // The page answers while the worker trains: the Advanced part opens.
    await models.openAdvanced();
    await models.setting('Holdout share').waitFor();
    await models.page.mouse.move(0, 0);
    await models.scrollToTop();
    await screenshot(models.page, 'models-training');

    await models.cancel();
    const cancelled = await models.waitForOutcome('cancelled', 30_000);
    expect(await cancelled.textContent()).toContain('Training cancelled: nothing was registered.');
    expect(await models.versionCount()).toBe(versions);
    expect(await models.storedModelCount()).toBe(versions);
    expect(await models.trainButton().isDisabled()).toBe(false);
  });
});

test('impossible settings are named in the form and keep Train disabled', async () => {
  const { page, errors, close } = await newPage();
  const models = new ModelsPage(page);
  await models.openDemo();
  await models.fill({ 'Learning rate': '0' });
  expect(await models.problems().textContent()).toContain('The learning rate must be above 0 and at most 1.');
  expect(await models.setting('Learning rate').getAttribute('aria-invalid')).toBe('true');
  expect(await models.trainButton().isDisabled()).toBe(true);

  await models.fill({ 'Learning rate': '0.001', 'Hidden layers': '64, x' });
  expect(await models.problems().textContent()).toBe('Units per layer must be whole numbers from 1 to 4096.');
  await models.fill({ 'Hidden layers': '64, 64' });
  await models.openAdvanced();
  await models.fill({ 'Holdout share': '0.95' });
  const problems = (await models.problems().textContent()) ?? '';
  expect(problems).toContain('The holdout share must be above 0 and below 0.9.');
  expect(problems).toContain('Holdout and validation together must leave at least 10% of the rows for training.');
  expect(await models.setting('Holdout share').getAttribute('aria-invalid')).toBe('true');
  expect(await models.trainButton().isDisabled()).toBe(true);

  await models.fill({ 'Holdout share': '0.2' });
  expect(await models.problems().count()).toBe(0);
  expect(await models.trainButton().isDisabled()).toBe(false);
  await models.noBatchesButton().click();
  expect(await models.problems().textContent()).toBe('Choose at least one batch that has the target to train on.');
  expect(await models.trainButton().isDisabled()).toBe(true);
  expect(await models.storedModelCount()).toBe(0);
  expect(errors).toEqual([]);
  await close();
});

test('a regression on temp_max shows RMSE, MAE, R² and predicted against actual', async () => {
  const { page, errors, close } = await newPage();
  const models = new ModelsPage(page);
  await models.openDemo({ backend: 'measured' });
  // A backend set by hand before the first training is used without measuring (any browser has wasm).
  await models.backendSelect().selectOption({ label: 'wasm, by hand' });
  await models.text('Until then training uses wasm, chosen by hand.').waitFor();
  await models.choose({ Target: 'temp_max', Task: 'regression' });
  expect(await models.mainText()).toContain('5 of 5 chosen');
  await models.fill({ Epochs: '8' });
  await models.trainButton().click();
  const finished = await models.waitForOutcome('finished');
  expect(await finished.textContent()).toMatch(/^Version 1 registered: MLP 64-64 \(relu\) regression of “temp_max”, holdout RMSE [\d.]+/);
  await models.openVersionLink(finished, 1).click();
  await models.detail(1).waitFor();
  const metrics = await models.metrics();
  expect(Object.keys(metrics)).toEqual(['RMSE', 'MAE', 'R²']);
  for (const value of Object.values(metrics)) expect(value).toMatch(NUMBER);
  expect(Number(metrics.RMSE)).toBeLessThan(20);
  await expect.poll(() => models.scatterPoints().count()).toBeGreaterThan(50);
  expect(await models.scatterChart().getAttribute('aria-label')).toMatch(/^Predicted against actual “temp_max” for \d+ holdout rows/);
  expect(await models.confusionMatrix().count()).toBe(0);
  expect(await models.detail(1).textContent()).toContain('regression, as chosen');
  expect(await models.trainingFacts().textContent()).toContain('Backendwasm');
  expect(await models.mainText()).not.toMatch(/NaN|Infinity/);
  await page.mouse.move(0, 0);
  await models.scrollToTop();
  await screenshot(page, 'models-regression');
  expect(errors).toEqual([]);
  await close();
});

test('with no batches the Models section links to Data; with no target it says one is needed', async () => {
  const { page, errors, close } = await newPage();
  const models = new ModelsPage(page);
  await models.open('#/models');
  await models.emptyHeading('No batches yet').waitFor();
  expect(await models.mainText()).toContain('A model learns from the batches in the Data section');
  await models.goToDataLink().click();
  await models.heading().filter({ hasText: 'Data' }).waitFor();

  // A batch, but no target chosen: the form says what training needs and Train stays off.
  const data = new DataPage(page);
  await data.uploadFiles([fileURLToPath(new URL('../fixtures/csv/ok_crlf_quoted.csv', import.meta.url))]);
  await data.waitForResults();
  await models.openSection('Models');
  await models.trainForm().waitFor();
  expect(await models.targetNote().textContent()).toMatch(/^Training needs a target: the column whose values the model learns to predict/);
  expect(await models.problems().textContent()).toBe('Choose a target column.');
  expect(await models.trainButton().isDisabled()).toBe(true);
  expect(errors).toEqual([]);
  await close();
});
