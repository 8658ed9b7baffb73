import type { Download, Locator } from 'playwright-core';
import { expect } from 'vitest';
import { gotoDemo, type DemoOptions } from './pipeline-page.ts';
import { storedCount } from './stored-records.ts';
import { WorkbenchPage } from './workbench-page.ts';

// The Models section: the train form, live training and its outcome, the versions list and a
// version's detail, batch scoring, model files and the backend panel. Selectors live here only.
export class ModelsPage extends WorkbenchPage {
  /** Opens `#/models` with the demo scenario loaded (see gotoDemo: automatic runs off unless asked for). */
  async openDemo(options: DemoOptions = {}): Promise<void> {
    await gotoDemo(this.page, '#/models', options);
    await this.heading().filter({ hasText: 'Models' }).waitFor();
    // Every demo batch stored and the target set: the form counts them as chosen.
    await this.trainForm().getByText(/^5 of 5 chosen/).waitFor({ timeout: 60_000 });
  }

  async open(hash = '#/models'): Promise<void> {
    await this.page.goto(hash);
    await this.heading().filter({ hasText: 'Models' }).waitFor();
  }

  // ---------- Train form ----------

  trainForm(): Locator {
    return this.page.getByRole('form', { name: 'Train a model' });
  }

  setting(label: string): Locator {
    return this.trainForm().getByLabel(label, { exact: true });
  }

  async openAdvanced(): Promise<void> {
    const details = this.trainForm().locator('details.advanced');
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
  }

  async fill(settings: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(settings)) await this.setting(label).fill(value);
  }

  async choose(settings: Record<string, string>): Promise<void> {
    for (const [label, option] of Object.entries(settings)) await this.setting(label).selectOption({ label: option });
  }

  problems(): Locator {
    return this.trainForm().getByRole('alert');
  }

  /** The labels of the train form's Settings grid, in order (what the chosen family shows). */
  async settingLabels(): Promise<string[]> {
    return this.trainForm().locator('h3.form-section-title + .settings-grid .field-label').allTextContents();
  }

  /** The form's "3 of 5 chosen" line about the batches to train on. */
  chosenBatches(text: RegExp): Locator {
    return this.trainForm().getByText(text);
  }

  /** The list of the batches to learn from, one checkbox each. */
  batchChoices(): Locator {
    return this.trainForm().getByRole('group', { name: 'Batches to learn from' }).getByRole('list');
  }

  batchCheckbox(name: string): Locator {
    return this.trainForm().getByRole('checkbox', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  }

  /** A column's checkbox in the train form's Features list. */
  featureCheckbox(column: string): Locator {
    return this.trainForm().getByRole('checkbox', { name: `Feature “${column}”`, exact: true });
  }

  /** The Features list's line "N of M columns; …". */
  featureSummary(): Locator {
    return this.trainForm().locator('.feature-choice .batch-choice-tools > span');
  }

  /** The form's "None" button, which unchecks every batch. */
  noBatchesButton(): Locator {
    return this.trainForm().getByRole('button', { name: 'None', exact: true });
  }

  /** What training needs, said when there is no target yet. */
  targetNote(): Locator {
    return this.page.getByRole('note');
  }

  trainButton(): Locator {
    return this.trainForm().getByRole('button', { name: /^Train(ing…)?$/ });
  }

  // ---------- Training ----------

  trainingPanel(): Locator {
    return this.page.getByRole('region', { name: 'Training', exact: true });
  }

  trainingStatus(): Locator {
    return this.page.getByRole('status', { name: 'Training status' });
  }

  trainingFact(term: string): Locator {
    return this.trainingPanel().locator('.fact').filter({ has: this.page.locator('dt', { hasText: term }) }).locator('dd');
  }

  /** Every term the live view's facts show from now on (a quick training can come and go between two polls). */
  async recordTrainingTerms(): Promise<() => Promise<string[]>> {
    await this.page.evaluate(() => {
      const seen = new Set<string>();
      (window as unknown as { trainingTerms: Set<string> }).trainingTerms = seen;
      new MutationObserver(() => document.querySelectorAll('.training-facts dt').forEach((dt) => seen.add(dt.textContent ?? ''))).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => this.page.evaluate(() => [...(window as unknown as { trainingTerms: Set<string> }).trainingTerms]);
  }

  /** The epoch the live view shows as finished ("3 of 50" → 3). */
  async epochDone(): Promise<number> {
    const text = (await this.trainingFact('Epoch').textContent().catch(() => null)) ?? '';
    return Number(/^(\d+) of/.exec(text)?.[1] ?? 0);
  }

  /** Points drawn on a Recharts line chart (one dot per epoch while there are few). */
  lossChart(container: Locator): Locator {
    return container.locator('.loss-chart');
  }

  async cancel(): Promise<void> {
    await this.trainingPanel().getByRole('button', { name: 'Cancel' }).click();
  }

  outcome(kind: 'finished' | 'cancelled' | 'failed'): Locator {
    return this.page.getByRole('region', { name: `Training ${kind}` });
  }

  /** Why a training failed, in its outcome. */
  outcomeProblem(outcome: Locator): Locator {
    return outcome.getByRole('alert');
  }

  openVersionLink(container: Locator, version: number): Locator {
    return container.getByRole('link', { name: `Open version ${version}` });
  }

  async waitForOutcome(kind: 'finished' | 'cancelled' | 'failed', timeout = 90_000): Promise<Locator> {
    const outcome = this.outcome(kind);
    await outcome.waitFor({ timeout });
    return outcome;
  }

  // ---------- Versions ----------

  versionsTable(): Locator {
    return this.page.getByRole('table', { name: 'Model versions' });
  }

  versionRows(): Locator {
    return this.versionsTable().locator('tbody tr');
  }

  async versionCount(): Promise<number> {
    return (await this.versionsTable().count()) === 0 ? 0 : this.versionRows().count();
  }

  detail(version: number): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^Version ${version}\\b`) });
  }

  metricsTable(name = 'Holdout metrics'): Locator {
    return this.page.getByRole('table', { name });
  }

  /** Metric label → shown value, from a metrics table. */
  async metrics(name = 'Holdout metrics'): Promise<Record<string, string>> {
    const rows = await this.metricsTable(name)
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent?.replace(/primary$/, '').trim() ?? '', tr.querySelector('td')?.textContent ?? '']));
    return Object.fromEntries(rows);
  }

  confusionMatrix(): Locator {
    return this.page.getByRole('table', { name: 'Confusion matrix' });
  }

  /** The confusion matrix's row labels (the true classes) and its counts. */
  async confusion(): Promise<{ classes: string[]; cells: string[] }> {
    return { classes: await this.confusionMatrix().locator('tbody th').allTextContents(), cells: await this.confusionMatrix().locator('td.confusion-cell').allTextContents() };
  }

  perClassTable(): Locator {
    return this.page.getByRole('table', { name: 'Scores per class' });
  }

  async perClassNames(): Promise<string[]> {
    return this.perClassTable().locator('tbody th').allTextContents();
  }

  /** The batch links of a version's lineage and registry panel. */
  batchLinks(detail: Locator): Locator {
    return detail.getByRole('link', { name: /\.csv$/ });
  }

  downloadModelButton(detail: Locator): Locator {
    return detail.getByRole('button', { name: 'Download model' });
  }

  rocChart(): Locator {
    return this.page.locator('.roc-chart');
  }

  scatterChart(): Locator {
    return this.page.locator('.scatter-chart');
  }

  /** Lines drawn in a Recharts line chart. */
  chartLines(container: Locator): Locator {
    return container.locator('path.recharts-line-curve');
  }

  scatterPoints(): Locator {
    return this.scatterChart().locator('.recharts-scatter-symbol');
  }

  trainingFacts(): Locator {
    return this.page.locator('dl[aria-label="Training facts"]');
  }

  /** One value of a version's training facts ("Trees built" → "20"). */
  trainingFactOf(detail: Locator, term: string): Locator {
    return detail.locator('dl[aria-label="Training facts"] .fact').filter({ has: this.page.locator('dt', { hasText: term }) }).locator('dd');
  }

  /** One value of a version's hyper-parameter list ("Class weights" → "none"). */
  hyperParameter(detail: Locator, term: string): Locator {
    return detail.locator('dl[aria-label="Hyper-parameters"] .fact').filter({ has: this.page.locator('dt', { hasText: term }) }).locator('dd');
  }

  /** A version's permutation importance: the sorted bar chart with its numbers as a table. */
  importance(detail: Locator): Locator {
    return detail.getByRole('region', { name: 'Which columns matter' });
  }

  /** The bars of the importance chart. */
  importanceBars(detail: Locator): Locator {
    return this.importance(detail).locator('.recharts-bar-rectangle');
  }

  /** The importance table's column names, most important first. */
  async importanceColumns(detail: Locator): Promise<string[]> {
    return this.importance(detail).locator('tbody th').allTextContents();
  }

  /** The class-imbalance warning of a version's holdout metrics. */
  imbalanceNote(detail: Locator): Locator {
    return detail.getByRole('note', { name: 'Class imbalance' });
  }

  // ---------- The versions table on the same rows ----------

  /** The versions table's "Primary metric (own holdout)" header. */
  ownHoldoutHeader(): Locator {
    return this.versionsTable().getByRole('columnheader', { name: /^Primary metric/ });
  }

  /** The "On the same rows" header, whose tooltip names the rows. */
  sameRowsHeader(): Locator {
    return this.versionsTable().locator('th[data-same-rows-header]');
  }

  sameRowsBar(): Locator {
    return this.page.getByLabel('Same rows', { exact: true });
  }

  sameRowsButton(): Locator {
    return this.sameRowsBar().getByRole('button', { name: 'Score every version on the same rows' });
  }

  /** A version's cell in the same-rows column: `data-same-rows` is "scored" or "own". */
  sameRowsCell(version: number): Locator {
    return this.versionsTable().locator(`tr[data-version="${version}"] td[data-same-rows]`);
  }

  primaryMetricCell(version: number): Locator {
    return this.versionsTable().locator(`tr[data-version="${version}"] td strong`).first();
  }

  /** Every text the same-rows bar shows from now on (its progress lines come and go faster than a poll). */
  async recordSameRowsBar(): Promise<() => Promise<string[]>> {
    await this.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { sameRowsSeen: string[] }).sameRowsSeen = seen;
      new MutationObserver(() => {
        const text = (document.querySelector('.same-rows-bar')?.textContent ?? '').trim();
        if (seen.at(-1) !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    return () => this.page.evaluate(() => (window as unknown as { sameRowsSeen: string[] }).sameRowsSeen);
  }

  /** Scores a batch with a chosen version in the "Score a batch" form. */
  async scoreWith(version: number, batchLabel: string): Promise<Locator> {
    await this.scoreForm().getByLabel('Version', { exact: true }).selectOption({ value: String(version) });
    return this.score(batchLabel);
  }

  /** The caveat beside scores on rows a version trained on ("… its metrics there are flattered"). */
  trainedOnNotes(container: Locator): Locator {
    return container.locator('.trained-on-note');
  }

  // ---------- Scoring and files ----------

  scoreForm(): Locator {
    return this.page.getByRole('form', { name: 'Score a batch' });
  }

  async score(batchLabel: string): Promise<Locator> {
    await this.scoreForm().getByLabel('Batch', { exact: true }).selectOption({ label: batchLabel });
    await this.scoreForm().getByRole('button', { name: 'Score' }).click();
    const result = this.page.locator('.score-result');
    await result.waitFor({ timeout: 60_000 });
    return result;
  }

  scoreStatus(result: Locator): Locator {
    return result.getByRole('status');
  }

  /** The "Download predictions" button of a scoring or canary result. */
  downloadPredictionsButton(result: Locator): Locator {
    return result.getByRole('button', { name: 'Download predictions' });
  }

  /** Clicks and collects the downloads the click starts (the model is two files). */
  async downloads(click: () => Promise<void>, count: number): Promise<Download[]> {
    const found: Download[] = [];
    const listen = (d: Download): void => void found.push(d);
    this.page.on('download', listen);
    try {
      await click();
      await expect.poll(() => found.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
    } finally {
      this.page.off('download', listen);
    }
    return found;
  }

  importForm(): Locator {
    return this.page.getByRole('form', { name: 'Import a model' });
  }

  async importModel(modelJson: string, weights: string): Promise<void> {
    await this.importForm().getByLabel('model.json').setInputFiles(modelJson);
    await this.importForm().getByLabel('weights.bin').setInputFiles(weights);
    await this.importForm().getByRole('button', { name: 'Import model' }).click();
  }

  backendTable(): Locator {
    return this.page.getByRole('table', { name: 'Measured backends' });
  }

  backendRows(): Locator {
    return this.backendTable().locator('tbody tr');
  }

  selectedBackendRow(): Locator {
    return this.backendTable().locator('tbody tr.selected');
  }

  /** How many versions IndexedDB holds, read beside the page's own connection. */
  storedModelCount(): Promise<number> {
    return storedCount(this.page, 'models');
  }
}
