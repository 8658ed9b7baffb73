import type { Locator } from 'playwright-core';
import { expect } from 'vitest';
import { ModelsPage } from './models-page.ts';

// The Models section's registry: stages and aliases, promotion and rollback with a reason, the
// comparison of two versions and canary scoring. Selectors live here only.
export class RegistryPage extends ModelsPage {
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
    await this.registryButton(button).click();
    const form = this.reasonForm();
    await form.getByLabel('Reason (required)').fill(reason);
    await this.reasonConfirm(/^(Roll back to|Promote) version/).click();
    // Done, the form closes; refused, it says why (the alert's text shows in the failure).
    await expect
      .poll(async () => ((await this.reasonProblem().count()) > 0 ? `refused: ${await this.reasonProblem().textContent()}` : (await form.count()) > 0 ? 'still open' : 'done'), { timeout: 60_000, interval: 250 })
      .toBe('done');
    return form;
  }

  registryButton(name: 'Roll back to this version' | 'Promote' | 'Set as challenger (shadow)'): Locator {
    return this.registryActions().getByRole('button', { name });
  }

  /** The form that asks why, under a registry action. */
  reasonForm(): Locator {
    return this.page.locator('form.reason-form');
  }

  /** The reason form's confirm button ("Roll back to version 1", "Promote version 2"). */
  reasonConfirm(name: string | RegExp): Locator {
    return this.reasonForm().getByRole('button', { name });
  }

  reasonProblem(): Locator {
    return this.reasonForm().getByRole('alert');
  }

  /** Links to batches deleted since (shown as "name (deleted)") in a version's detail. */
  deletedBatchLinks(detail: Locator): Locator {
    return detail.locator('[data-deleted-batch]');
  }

  // ---------- Ticked versions side by side ----------

  /** The checkbox that ticks a version for the comparison of many. */
  tickBox(version: number): Locator {
    return this.versionsTable().getByRole('checkbox', { name: `Compare version ${version}` });
  }

  multiCompare(): Locator {
    return this.page.getByRole('region', { name: /^Comparing versions / });
  }

  multiCompareTable(what: 'Metrics' | 'Parameters'): Locator {
    return this.multiCompare().getByRole('table', { name: `${what} of the ticked versions` });
  }

  /** A metric's row (data-metric) in the comparison of ticked versions. */
  metricRow(key: string): Locator {
    return this.multiCompareTable('Metrics').locator(`tbody tr[data-metric="${key}"]`);
  }

  /** A parameter's row (data-param) in the comparison of ticked versions. */
  paramRow(key: string): Locator {
    return this.multiCompareTable('Parameters').locator(`tbody tr[data-param="${key}"]`);
  }

  /** "Only those that differ (N)": hides the parameters every ticked version shares. */
  onlyDiffering(): Locator {
    return this.multiCompare().getByRole('checkbox', { name: /^Only those that differ \(\d+\)$/ });
  }

  /** The "Columns" chooser above the versions table (opened). */
  async columnChooser(): Promise<Locator> {
    const chooser = this.page.locator('details.column-chooser');
    if ((await chooser.getAttribute('open')) === null) await chooser.locator('summary').click();
    return chooser;
  }

  // ---------- Comparison of two versions ----------

  async compareWith(version: number): Promise<Locator> {
    const picker = this.page.getByRole('form', { name: 'Compare with another version' });
    await picker.getByLabel('Compare with…').selectOption({ value: String(version) });
    await picker.getByRole('button', { name: 'Compare' }).click();
    await this.compareTable('Metrics side by side').waitFor({ timeout: 60_000 });
    return this.compareView();
  }

  /** Each body row of a table as the texts of its cells, the row heading first. */
  rowCells(table: Locator): Promise<string[][]> {
    return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')));
  }

  compareView(): Locator {
    return this.page.locator('section.compare-view');
  }

  compareTable(name: 'Metrics side by side' | 'Gate checks' | 'Confusion matrix' | 'Per class side by side'): Locator {
    return this.compareView().getByRole('table', { name });
  }

  /** "On the same 365 holdout rows of version 2 …". */
  compareBasis(): Locator {
    return this.compareView().getByRole('status').first();
  }

  pairedTests(): Locator {
    return this.compareView().locator('dl[aria-label="Paired tests"]');
  }

  compareClassPicker(): Locator {
    return this.compareView().getByRole('combobox', { name: 'Class' });
  }

  compareRoc(): Locator {
    return this.compareView().locator('.roc-chart[role="img"]');
  }

  /** The lines of a ROC chart, one per version. */
  rocLines(chart: Locator): Locator {
    return chart.locator('.recharts-line');
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

  canaryVariants(result: Locator): Locator {
    return result.getByRole('table', { name: 'Canary result' }).locator('tbody tr');
  }

  canaryTest(result: Locator): Locator {
    return result.locator('.canary-test');
  }
}
