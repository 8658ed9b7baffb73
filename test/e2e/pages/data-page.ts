import type { Locator } from 'playwright-core';
import { DEMO_STORY_TIMEOUT } from './pipeline-page.ts';
import { WorkbenchPage } from './workbench-page.ts';

export type TypeChoice = 'numeric' | 'categorical' | 'datetime' | 'inferred';

// The Data section: upload controls, the job's progress and results, the batches table and one
// batch's detail. Tests speak in these terms; selectors live here only.
export class DataPage extends WorkbenchPage {
  async open(): Promise<void> {
    // Instant scrolling (opening a batch scrolls to its detail), so screenshots show where the page settles.
    await this.page.emulateMedia({ reducedMotion: 'reduce' });
    await this.goto();
    await this.heading().filter({ hasText: 'Data' }).waitFor();
  }

  fileInput(): Locator {
    return this.page.locator('input[type="file"]');
  }

  async uploadFiles(paths: string[]): Promise<void> {
    await this.fileInput().setInputFiles(paths);
  }

  async loadDemo(): Promise<void> {
    await this.loadDemoButton().click();
  }

  /** The running job's progress region, with its bars and the Cancel button. */
  progress(): Locator {
    return this.page.getByRole('status', { name: /progress$/ });
  }

  progressBar(): Locator {
    return this.progress().locator('progress');
  }

  async cancel(): Promise<void> {
    await this.progress().getByRole('button', { name: 'Cancel' }).click();
  }

  /** The finished job's outcomes: a status region, or an alert when a file was refused. */
  results(): Locator {
    return this.page.locator('[role="status"][aria-label$=" results"], [role="alert"][aria-label$=" results"]');
  }

  /** The alert of a job that failed as a whole (an interrupted upload among them). */
  failure(): Locator {
    return this.page.locator('.ingest-failure');
  }

  /**
   * Waits for an upload's results; for the demo, they come when its story has played (every batch judged,
   * every run ended). A job that failed as a whole throws its alert's text at once, rather than waiting.
   */
  async waitForResults(): Promise<void> {
    try {
      await this.results().or(this.failure()).first().waitFor({ timeout: DEMO_STORY_TIMEOUT });
    } catch (error) {
      throw new Error(`no results after ${DEMO_STORY_TIMEOUT / 1000} s: ${await this.stallReport()}`, { cause: error });
    }
    if (await this.failure().isVisible()) throw new Error(`the job failed: ${await this.failure().textContent()}`);
  }

  /** Where a job that never ends stands: its progress as shown, and each worker alive, answering or busy. */
  private async stallReport(): Promise<string> {
    const progress = await this.progress().textContent({ timeout: 1000 }).catch(() => 'no progress shown');
    const workers = await Promise.all(
      this.page.workers().map(async (worker) => {
        const answer = worker.evaluate(() => 'answers').catch(() => 'gone');
        const busy = new Promise<string>((resolve) => setTimeout(() => resolve('busy: no answer in 2 s'), 2000));
        return `${worker.url().split('/').pop() ?? ''} ${await Promise.race([answer, busy])}`;
      }),
    );
    return `progress "${progress}"; workers: ${workers.join(', ')}`;
  }

  outcome(file: string): Locator {
    return this.results().getByRole('listitem').filter({ hasText: file });
  }

  async dismissResults(): Promise<void> {
    await this.dismissButton().click();
  }

  batchTable(): Locator {
    return this.page.getByRole('table', { name: 'Batches' });
  }

  batchRows(): Locator {
    return this.batchTable().locator('tbody tr');
  }

  async batchNames(): Promise<string[]> {
    if (!(await this.batchTable().isVisible())) return [];
    return this.batchTable().locator('tbody th a').allTextContents();
  }

  batchRow(name: string): Locator {
    return this.batchRows().filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  /** The batch's link in the batches table, which opens its detail. */
  batchLink(name: string): Locator {
    return this.batchTable().getByRole('link', { name, exact: true });
  }

  /** A row's cell under the given column header of the batches table. */
  async batchCell(name: string, header: 'Arrived' | 'Rows' | 'Columns' | 'Size' | 'Validation'): Promise<string> {
    const headers = await this.batchTable().locator('thead th').allTextContents();
    const index = headers.indexOf(header);
    return (await this.batchRow(name).locator('th, td').nth(index).textContent()) ?? '';
  }

  async openBatch(name: string): Promise<Locator> {
    await this.batchLink(name).click();
    const detail = this.detail(name);
    await detail.waitFor();
    return detail;
  }

  detail(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  /** A fact of the open batch's header (Rows, Delimiter, Encoding, …). */
  fact(detail: Locator, label: string): Locator {
    return detail.locator('.fact').filter({ has: this.page.locator('dt', { hasText: label }) }).locator('dd');
  }

  /** The target column picker of a batch's detail. */
  /** The panel that asks for the target after the first upload of a workspace without one. */
  targetPrompt(): Locator {
    return this.page.getByRole('region', { name: 'Which column should the models predict?' });
  }

  /** The prompt's candidates, as their texts ("weather → multiclass (5 classes)"). */
  async targetCandidates(): Promise<string[]> {
    return (await this.targetPrompt().getByRole('list', { name: 'Target candidates' }).getByRole('button').allTextContents()).map((t) => t.trim());
  }

  async chooseTargetCandidate(text: string): Promise<void> {
    await this.targetPrompt().getByRole('button', { name: text, exact: true }).click();
  }

  async declineTarget(): Promise<void> {
    await this.targetPrompt().getByRole('button', { name: 'No target: these batches are unlabeled' }).click();
  }

  targetPicker(detail: Locator): Locator {
    return detail.getByRole('combobox', { name: 'Target column' });
  }

  validationChecks(detail: Locator): Locator {
    return detail.getByRole('table', { name: 'Validation checks' }).locator('tbody tr');
  }

  async showPassingChecks(detail: Locator): Promise<void> {
    await detail.getByLabel(/Show passing checks/).check();
  }

  qualityRow(detail: Locator, column: string): Locator {
    return detail.getByRole('table', { name: 'Column quality' }).locator(`tbody tr[data-column=${JSON.stringify(column)}]`);
  }

  /** A column's "in drift" or "as feature" toggle in the quality table. */
  columnUse(detail: Locator, column: string, use: 'in drift' | 'as feature'): Locator {
    return this.qualityRow(detail, column).getByRole('checkbox', { name: `"${column}" ${use}`, exact: true });
  }

  /** Why the default leaves a column out of drift and features, shown beside its toggles. */
  columnUseReason(detail: Locator, column: string): Locator {
    return this.qualityRow(detail, column).locator('.column-use-reason');
  }

  columnType(detail: Locator, column: string): Locator {
    return this.qualityRow(detail, column).locator('.column-type');
  }

  /** The badges under a column's name: quality flags, id-like with its reason, unfit cells. */
  columnFlags(detail: Locator, column: string): Locator {
    return this.qualityRow(detail, column).locator('.flags');
  }

  async setColumnType(detail: Locator, column: string, type: TypeChoice): Promise<void> {
    await this.qualityRow(detail, column)
      .getByRole('combobox', { name: `Type of ${column}` })
      .selectOption(type === 'inferred' ? '' : type);
  }

  previewTable(detail: Locator): Locator {
    return detail.getByRole('table', { name: 'First rows' });
  }

  async openValidationSettings(): Promise<Locator> {
    const panel = this.page.locator('details', { has: this.page.getByText('Validation settings', { exact: true }) });
    await panel.locator('summary').click();
    return panel;
  }

  threshold(panel: Locator, label: string): Locator {
    return panel.getByLabel(label, { exact: true });
  }

  saveThresholds(panel: Locator): Locator {
    return panel.getByRole('button', { name: 'Save thresholds' });
  }

  thresholdProblems(panel: Locator): Locator {
    return panel.getByRole('alert');
  }

  thresholdsSaved(panel: Locator): Locator {
    return panel.getByRole('status').filter({ hasText: 'Saved' });
  }

  /** A cell of the first rows, by its whole text. */
  previewCell(detail: Locator, text: string): Locator {
    return this.previewTable(detail).getByRole('cell', { name: text, exact: true });
  }

  /** Links anywhere on the page whose address holds `text`. */
  linksTo(text: string): Locator {
    return this.page.locator(`a[href*=${JSON.stringify(text)}]`);
  }

  /** A number shown in a column's quality row. */
  qualityNumber(detail: Locator, column: string, text: string): Locator {
    return this.qualityRow(detail, column).locator('td.num').filter({ hasText: text });
  }

  downloadCsvButton(detail: Locator): Locator {
    return detail.getByRole('button', { name: 'Download CSV' });
  }

  loadDemoButton(): Locator {
    return this.page.getByRole('button', { name: 'Load demo scenario' });
  }

  dismissButton(): Locator {
    return this.page.getByRole('button', { name: 'Dismiss' });
  }

  /** The drop zone's button that opens the file chooser. */
  chooseFilesButton(): Locator {
    return this.page.getByRole('button', { name: 'Choose CSV files' }).first();
  }

  /** Batches and column chunks as IndexedDB holds them, read beside the page's own connection. */
  async storedCounts(): Promise<{ batches: number; chunks: number }> {
    return this.page.evaluate(
      () =>
        new Promise<{ batches: number; chunks: number }>((resolve, reject) => {
          const open = indexedDB.open('relearn');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('batches')) {
              db.close();
              resolve({ batches: 0, chunks: 0 });
              return;
            }
            const tx = db.transaction(['batches', 'columnChunks'], 'readonly');
            const batches = tx.objectStore('batches').count();
            const chunks = tx.objectStore('columnChunks').count();
            tx.oncomplete = () => {
              db.close();
              resolve({ batches: batches.result, chunks: chunks.result });
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
  }
}
