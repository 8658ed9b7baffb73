import { PipelinePage } from './pipeline-page.ts';
import type { Download, Locator } from 'playwright-core';
import { expect } from 'vitest';
import { WorkbenchPage } from './workbench-page.ts';

// The Models section: the train form, live training and its outcome, the versions list and a
// version's detail, batch scoring, model files and the backend panel. Selectors live here only.
export class ModelsPage extends WorkbenchPage {
  /** Opens `#/models`, loading the demo scenario (five weather batches, target "weather") first. */
  /**
   * The demo with the pipeline's automatic runs turned off first, so that the only versions are the
   * ones the test trains (otherwise the demo's first labeled batch trains and promotes version 1 itself).
   */
  async openDemoWithoutAutomaticRuns(): Promise<void> {
    const pipeline = new PipelinePage(this.page);
    await pipeline.open();
    await this.page.getByRole('heading', { name: 'No runs yet' }).waitFor();
    await pipeline.check({ 'Automatic runs': false });
    await pipeline.save();
    await this.openDemo();
  }

  async openDemo(): Promise<void> {
    await this.page.emulateMedia({ reducedMotion: 'reduce' });
    await this.page.goto('?demo#/models');
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

  perClassTable(): Locator {
    return this.page.getByRole('table', { name: 'Scores per class' });
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

  /** Clicks and collects the downloads the click starts (the model is two files). */
  async downloads(click: () => Promise<void>, count: number): Promise<Download[]> {
    const found: Download[] = [];
    const listen = (d: Download): void => void found.push(d);
    this.page.on('download', listen);
    try {
      await click();
      const deadline = Date.now() + 30_000;
      while (found.length < count && Date.now() < deadline) await this.page.waitForTimeout(100);
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

  backendSelect(): Locator {
    return this.page.getByLabel('Use', { exact: true });
  }

  /** How many versions IndexedDB holds, read beside the page's own connection. */
  async storedModelCount(): Promise<number> {
    return this.page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('relearn');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('models')) {
              db.close();
              resolve(0);
              return;
            }
            const request = db.transaction('models', 'readonly').objectStore('models').count();
            request.onsuccess = () => {
              db.close();
              resolve(request.result);
            };
            request.onerror = () => reject(request.error);
          };
        }),
    );
  }

  // ---------- Registry, comparison and canary ----------

  /** The stage badge of a version's row in the versions table. */
  stageOf(version: number): Locator {
    return this.versionsTable().locator(`tr[data-version="${version}"] .stage-badge`);
  }

  /** The alias markers ("champion", "challenger") of a version's row. */
  async aliasesOf(version: number): Promise<string[]> {
    return this.versionsTable().locator(`tr[data-version="${version}"] [data-alias]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-alias') ?? ''));
  }

  registryActions(): Locator {
    return this.page.getByRole('group', { name: 'Registry actions' });
  }

  /** Clicks a registry action (rollback or promote) and confirms it with the reason. */
  async registryChange(button: 'Roll back to this version' | 'Promote', reason: string): Promise<Locator> {
    await this.registryActions().getByRole('button', { name: button }).click();
    const form = this.page.locator('form.reason-form');
    await form.getByLabel('Reason (required)').fill(reason);
    await form.getByRole('button', { name: /^(Roll back to|Promote) version/ }).click();
    // Done, the form closes; refused, it says why (the alert's text shows in the failure).
    await expect
      .poll(async () => ((await form.getByRole('alert').count()) > 0 ? `refused: ${await form.getByRole('alert').textContent()}` : (await form.count()) > 0 ? 'still open' : 'done'), { timeout: 60_000, interval: 250 })
      .toBe('done');
    return form;
  }

  async compareWith(version: number): Promise<Locator> {
    const picker = this.page.getByRole('form', { name: 'Compare with another version' });
    await picker.getByLabel('Compare with…').selectOption({ value: String(version) });
    await picker.getByRole('button', { name: 'Compare' }).click();
    const table = this.page.getByRole('table', { name: 'Metrics side by side' });
    await table.waitFor({ timeout: 60_000 });
    return this.page.locator('section.compare-view');
  }

  canaryForm(): Locator {
    return this.page.getByRole('form', { name: 'Canary scoring' });
  }

  async scoreCanary(settings: { champion: number; challenger: number; batch: string; key: string; share: string }): Promise<Locator> {
    await this.page.getByRole('radiogroup', { name: 'Scoring mode' }).getByLabel('Canary (two versions)').check();
    const form = this.canaryForm();
    await form.getByLabel('Champion', { exact: true }).selectOption({ value: String(settings.champion) });
    await form.getByLabel('Challenger', { exact: true }).selectOption({ value: String(settings.challenger) });
    await form.getByLabel('Batch', { exact: true }).selectOption({ label: settings.batch });
    await form.getByLabel('Key column', { exact: true }).selectOption({ value: settings.key });
    await form.getByLabel('Share (%)').fill(settings.share);
    await form.getByRole('button', { name: 'Score canary' }).click();
    const result = this.page.getByLabel('Canary scoring result');
    await result.waitFor({ timeout: 60_000 });
    return result;
  }
}
