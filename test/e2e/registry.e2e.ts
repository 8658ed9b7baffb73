import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { RegistryPage } from './pages/registry-page.ts';

describe('the registry, with two versions trained by hand on the demo', () => {
  // One page for the block: each test takes the registry one step further.
  let session: PageSession;
  let models: RegistryPage;
  const [older, newer] = [1, 2];
  /** Trains by hand with the form's settings and waits until it registers `version`. */
  const train = async (settings: Record<string, string>, version: number): Promise<void> => {
    await models.fill(settings);
    await models.trainButton().click();
    await models.outcome('finished').filter({ hasText: new RegExp(`^Version ${version} registered`) }).waitFor({ timeout: 90_000 });
  };
  beforeAll(async () => {
    session = await newPage();
    models = new RegistryPage(session.page);
    await models.openDemo();
  });
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test('versions trained by hand are candidates (the automatic runs are off, so nothing promotes them)', async () => {
    await train({ Epochs: '3', 'Hidden layers': '8' }, older);
    await train({ Epochs: '5', 'Hidden layers': '16' }, newer);
    expect(await models.stageOf(older).textContent()).toBe('candidate');
    expect(await models.stageOf(newer).textContent()).toBe('candidate');
  });

  test('the versions table says each metric is on its own holdout, then scores every version on the same rows in the worker, kept for reopening', async () => {
    await models.open('#/models');
    expect(await models.ownHoldoutHeader().textContent()).toBe('Primary metric (own holdout)');
    expect(await models.ownHoldoutHeader().getAttribute('title')).toMatch(/own holdout rows: the rows differ from version to version/);
    expect(await models.sameRowsHeader().count()).toBe(0);
    const seen = await models.recordSameRowsBar();
    await models.sameRowsButton().click();
    // Done, the column shows; not done, the bar's text (progress or why it failed) shows in the failure.
    await expect.poll(async () => ((await models.sameRowsHeader().count()) > 0 ? 'done' : await models.sameRowsBar().textContent()), { timeout: 60_000, interval: 250 }).toBe('done');
    // Progress while it ran: each version in turn, newest first.
    const texts = await seen();
    expect(texts).toContain(`Scoring on the same rows: version ${newer} (1 of 2)…`);
    expect(texts).toContain(`Scoring on the same rows: version ${older} (2 of 2)…`);
    // Both trained on every batch with the same seed: the same holdout (the newest rows), which neither trained on.
    const basis = (await models.sameRowsHeader().getAttribute('title'))!;
    expect(basis).toMatch(new RegExp(`^F1 \\(macro\\) of every version on the same [\\d,]+ holdout rows of version ${newer}: the rows the gate scores a challenger on\\.$`));
    expect(await models.sameRowsBar().getByRole('status').textContent()).toBe(basis);
    for (const version of [older, newer]) {
      expect(await models.sameRowsCell(version).getAttribute('data-same-rows')).toBe('scored');
      expect(await models.sameRowsCell(version).textContent()).toMatch(/^0\.\d+$/);
    }
    // On its own holdout rows, the newer version's figure is the one it registered with.
    expect(await models.sameRowsCell(newer).textContent()).toBe(await models.primaryMetricCell(newer).textContent());
    await models.scrollToTop();
    await screenshot(models.page, 'registry-same-rows');
    // Leaving the section and coming back shows the figures at once, without scoring again.
    await models.openSection('History');
    await models.openSection('Models');
    await models.sameRowsHeader().waitFor({ timeout: 5_000 });
    expect(await models.sameRowsButton().count()).toBe(0);
    expect(await models.sameRowsHeader().getAttribute('title')).toBe(basis);
  });

  test('scoring a batch a version trained on says how many of its rows it trained on', async () => {
    // The oldest batch lies wholly outside the holdout (the newest rows of each class).
    const oldest = await models.scoreWith(older, '1. seattle-2012.csv');
    expect(await models.trainedOnNotes(oldest).textContent()).toBe(`366 of 366 rows were in version ${older}’s training data: its metrics there are flattered.`);
    // The newest holds most of the holdout: fewer of its rows were trained on.
    const newest = await models.scoreWith(older, '5. new-york-2015.csv');
    await expect.poll(() => models.scoreStatus(newest).textContent()).toMatch(/of new-york-2015\.csv/);
    const note = await models.trainedOnNotes(newest).textContent();
    expect(note).toMatch(new RegExp(`^\\d+ of 365 rows were in version ${older}’s training data: its metrics there are flattered\\.$`));
    expect(Number(note!.split(' ')[0])).toBeLessThan(365);
  });

  test('comparing two versions scores both on the same holdout rows: metrics, paired tests, gate checks, per class and ROC', async () => {
    await models.open(`#/models/version/${newer}`);
    await models.detail(newer).waitFor();
    const compare = await models.compareWith(older);
    expect(models.page.url()).toMatch(new RegExp(`#/models/compare/${older}/${newer}$`));
    const rows = await models.bodyRows(models.compareTable('Metrics side by side')).allTextContents();
    expect(rows.some((r) => r.startsWith('F1 (macro)'))).toBe(true);
    expect(rows.some((r) => r.startsWith('Latency per 1,000 rows'))).toBe(true);
    // Every difference is the raw right − left with a marker: lower is better for log loss and size, higher for the rest.
    for (const [name, left, right, difference] of await models.rowCells(models.compareTable('Metrics side by side'))) {
      if (name!.startsWith('Latency')) continue;
      const lowerBetter = name === 'Log loss' || name === 'Size';
      const match = /^([+−±])[^()]+ \((better|worse|same)\)$/.exec(difference!);
      expect(match, `${name}: ${difference}`).not.toBeNull();
      const [, sign, verdict] = match!;
      expect(verdict).toBe(sign === '±' ? 'same' : (sign === '+') !== lowerBetter ? 'better' : 'worse');
      if (name !== 'Size') expect(sign).toBe(Number(right) > Number(left) ? '+' : Number(right) < Number(left) ? '−' : '±');
    }
    expect(await models.compareBasis().textContent()).toMatch(new RegExp(`^On the same [\\d,]+ holdout rows of version ${newer}`));
    // Neither trained on the newer one's holdout rows: no caveat.
    expect(await models.trainedOnNotes(compare).count()).toBe(0);
    expect(await models.pairedTests().textContent()).toMatch(new RegExp(`McNemar \\(exact\\)version ${older} right only on \\d+ rows, version ${newer} right only on \\d+: p = [\\d.e-]+`));
    expect(await models.pairedTests().textContent()).toMatch(/95% interval of F1 \(macro\)/);
    expect(await models.bodyRows(models.compareTable('Gate checks')).count()).toBeGreaterThanOrEqual(1);
    expect(await models.compareTable('Confusion matrix').count()).toBe(2);
    expect(await models.bodyRows(models.compareTable('Per class side by side')).count()).toBe(5);
    // Multiclass: both versions' ROC curves for one class against the rest, the class chosen from a list.
    const classList = models.compareClassPicker();
    const classes = await models.optionTexts(classList);
    expect(classes).toHaveLength(5);
    const roc = models.compareRoc();
    expect(await roc.getAttribute('aria-label')).toBe(`ROC curves of versions ${older} and ${newer} for class "${classes[0]}" against the rest, on the same holdout rows.`);
    await classList.selectOption({ label: classes[1]! });
    expect(await roc.getAttribute('aria-label')).toContain(`for class "${classes[1]}" against the rest`);
    expect(await models.rocLines(roc).count()).toBe(2);
    expect(await compare.textContent()).not.toMatch(/NaN|Infinity/);
    await models.page.mouse.move(0, 0);
    await models.scrollToTop();
    await screenshot(models.page, 'registry-compare');
  });

  test('rolling back needs a reason; then the older version is the champion', async () => {
    await models.open(`#/models/version/${older}`);
    await models.detail(older).waitFor();
    await models.registryButton('Roll back to this version').click();
    await models.reasonConfirm(`Roll back to version ${older}`).click();
    expect(await models.reasonProblem().textContent()).toMatch(/^Say why/);
    await models.registryChange('Roll back to this version', 'version 2 was never checked');
    await expect.poll(() => models.stageOf(older).textContent(), { timeout: 30_000 }).toBe('production');
    expect(await models.aliasesOf(older)).toEqual(['champion']);
  });

  test('promoting with a reason archives the previous champion', async () => {
    await models.open(`#/models/version/${newer}`);
    await models.detail(newer).waitFor();
    await models.registryChange('Promote', 'better on the holdout');
    await expect.poll(() => models.stageOf(newer).textContent(), { timeout: 30_000 }).toBe('production');
    expect(await models.stageOf(older).textContent()).toBe('archived');
    expect(await models.aliasesOf(newer)).toEqual(['champion']);
  });

  test('canary scoring splits a batch between champion and challenger by a key column, with a chi-square test and the predictions', async () => {
    // Version 1 as the challenger, then a canary: half the rows by date.
    await models.open(`#/models/version/${older}`);
    await models.detail(older).waitFor();
    await models.registryButton('Set as challenger (shadow)').click();
    await expect.poll(() => models.aliasesOf(older)).toEqual(['challenger']);
    const canary = await models.scoreCanary({ champion: newer, challenger: older, batch: '5. new-york-2015.csv', key: 'date', share: '50' });
    const variants = await models.canaryVariants(canary).allTextContents();
    expect(variants).toHaveLength(2);
    expect(variants[0]).toMatch(/^champion\d+/);
    expect(variants[1]).toMatch(/^challenger\d+/);
    expect(await models.canaryTest(canary).textContent()).toMatch(/Chi-square test of correct \/ incorrect by variant: χ² = [\d.]+, p = [\d.e-]+/);
    const [predictions] = await models.downloads(() => models.downloadPredictionsButton(canary).click(), 1);
    expect(predictions?.suggestedFilename()).toBe(`new-york-2015-canary-v${newer}-v${older}.csv`);
  });
});
