import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { ModelsPage } from './pages/models-page.ts';

test('registry: stage badges, compare two versions on the same rows, roll back and promote with a reason, canary scoring', async () => {
  const { page, errors, close } = await newPage();
  const models = new ModelsPage(page);
  const started = Date.now();
  const step = (name: string): void => console.log(`${((Date.now() - started) / 1000).toFixed(1)}s ${name}`);
  /** Waits for the hand training to finish (it may queue behind the demo's automatic pipeline runs) and returns its version. */
  const trained = async (): Promise<number> => {
    const outcome = await models.waitForOutcome('finished', 300_000);
    return Number(/^Version (\d+) registered/.exec((await outcome.textContent()) ?? '')?.[1]);
  };
  await models.openDemo();
  step('demo open');

  // Two small versions, trained by hand: candidates (the demo's pipeline runs may register others meanwhile).
  await models.fill({ Epochs: '3', 'Hidden layers': '8' });
  await models.trainButton().click();
  await models.trainingStatus().waitFor();
  const older = await trained();
  step(`trained version ${older}`);
  await models.fill({ Epochs: '5', 'Hidden layers': '16' });
  await models.trainButton().click();
  await models.trainingStatus().waitFor();
  const newer = await trained();
  step(`trained version ${newer}`);
  expect(newer).toBeGreaterThan(older);
  expect(await models.stageOf(older).textContent()).toBe('candidate');
  expect(await models.stageOf(newer).textContent()).toBe('candidate');

  // The newer one's detail: compare with the older on the same holdout rows.
  await models.open(`#/models/version/${newer}`);
  await models.detail(newer).waitFor();
  const compare = await models.compareWith(older);
  step('compare opened');
  expect(page.url()).toMatch(new RegExp(`#/models/compare/${older}/${newer}$`));
  const rows = await compare.getByRole('table', { name: 'Metrics side by side' }).locator('tbody tr').allTextContents();
  expect(rows.some((r) => r.startsWith('F1 (macro)'))).toBe(true);
  expect(rows.some((r) => r.startsWith('Latency per 1,000 rows'))).toBe(true);
  expect(await compare.getByRole('status').first().textContent()).toMatch(new RegExp(`^On the same [\\d,]+ holdout rows of version ${newer}`));
  expect(await compare.locator('dl[aria-label="Paired tests"]').textContent()).toMatch(new RegExp(`McNemar \\(exact\\)version ${older} right only on \\d+ rows, version ${newer} right only on \\d+: p = [\\d.e-]+`));
  expect(await compare.locator('dl[aria-label="Paired tests"]').textContent()).toMatch(/95% interval of f1Macro/);
  expect(await compare.getByRole('table', { name: 'Gate checks' }).locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
  expect(await compare.getByRole('table', { name: 'Confusion matrix' }).count()).toBe(2);
  expect(await compare.getByRole('table', { name: 'Per class side by side' }).locator('tbody tr').count()).toBe(5);
  // Multiclass: both versions' ROC curves for one class against the rest, the class chosen from a list.
  const classList = compare.getByRole('combobox', { name: 'Class' });
  const classes = await classList.locator('option').allTextContents();
  expect(classes).toHaveLength(5);
  const roc = compare.locator('.roc-chart[role="img"]');
  expect(await roc.getAttribute('aria-label')).toBe(`ROC curves of versions ${older} and ${newer} for class "${classes[0]}" against the rest, on the same holdout rows.`);
  await classList.selectOption({ label: classes[1]! });
  expect(await roc.getAttribute('aria-label')).toContain(`for class "${classes[1]}" against the rest`);
  expect(await roc.locator('.recharts-line').count()).toBe(2);
  expect(await compare.textContent()).not.toMatch(/NaN|Infinity/);
  await page.mouse.move(0, 0);
  await models.scrollToTop();
  await screenshot(page, 'registry-compare');
  step('screenshot');

  // Roll back to version 1: a reason is required; then it is the champion.
  await models.open(`#/models/version/${older}`);
  await models.detail(older).waitFor();
  await models.registryActions().getByRole('button', { name: 'Roll back to this version' }).click();
  await page.locator('form.reason-form').getByRole('button', { name: `Roll back to version ${older}` }).click();
  expect(await page.locator('form.reason-form').getByRole('alert').textContent()).toMatch(/^Say why/);
  await models.registryChange('Roll back to this version', 'version 2 was never checked');
  await expect.poll(() => models.stageOf(older).textContent(), { timeout: 30_000 }).toBe('production');
  step('rolled back');
  expect(await models.aliasesOf(older)).toEqual(['champion']);

  // Promote version 2 with a reason: version 1 is archived.
  await models.open(`#/models/version/${newer}`);
  await models.detail(newer).waitFor();
  await models.registryChange('Promote', 'better on the holdout');
  await expect.poll(() => models.stageOf(newer).textContent(), { timeout: 30_000 }).toBe('production');
  step('promoted');
  expect(await models.stageOf(older).textContent()).toBe('archived');
  expect(await models.aliasesOf(newer)).toEqual(['champion']);

  // Version 1 as the challenger, then a canary: half the rows by date.
  await models.open(`#/models/version/${older}`);
  await models.detail(older).waitFor();
  await models.registryActions().getByRole('button', { name: 'Set as challenger (shadow)' }).click();
  await expect.poll(() => models.aliasesOf(older)).toEqual(['challenger']);
  const canary = await models.scoreCanary({ champion: newer, challenger: older, batch: '5. new-york-2015.csv', key: 'date', share: '50' });
  step('canary scored');
  const variants = await canary.getByRole('table', { name: 'Canary result' }).locator('tbody tr').allTextContents();
  expect(variants).toHaveLength(2);
  expect(variants[0]).toMatch(/^champion\d+/);
  expect(variants[1]).toMatch(/^challenger\d+/);
  expect(await canary.locator('.canary-test').textContent()).toMatch(/Chi-square test of correct \/ incorrect by variant: χ² = [\d.]+, p = [\d.e-]+/);
  const [predictions] = await models.downloads(() => canary.getByRole('button', { name: 'Download predictions' }).click(), 1);
  expect(predictions?.suggestedFilename()).toBe(`new-york-2015-canary-v${newer}-v${older}.csv`);

  expect(errors).toEqual([]);
  await close();
}, 600_000);
