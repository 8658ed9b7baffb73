import type { Locator } from 'playwright-core';
import { gotoDemo, type DemoOptions } from './pipeline-page.ts';
import { WorkbenchPage } from './workbench-page.ts';

export type DriftColumnHeader = 'Column' | 'Decided by' | 'Value' | 'Threshold' | 'p-value' | 'Drift';

// The Monitor section: the drift status line, one batch's verdict and column table with its
// drill-down, drift over time (chart and heatmap) and the drift settings. Selectors live here only.
export class MonitorPage extends WorkbenchPage {
  /** Opens `#/monitor` with the demo scenario loaded (see gotoDemo: automatic runs off unless asked for). */
  async openDemo(options: DemoOptions = {}, base = ''): Promise<void> {
    await gotoDemo(this.page, '#/monitor', options, base);
    await this.heading().filter({ hasText: 'Monitor' }).waitFor();
  }

  status(): Locator {
    return this.page.getByRole('status', { name: 'Drift check status' });
  }

  /** Waits until every batch has a current report and the worker is idle. */
  async waitForChecks(timeout = 60_000): Promise<void> {
    await this.status().filter({ hasText: /^Drift is up to date/ }).waitFor({ timeout });
  }

  batchPicker(): Locator {
    return this.page.getByRole('main').getByLabel('Batch', { exact: true });
  }

  /** Waits until the picker lists every batch: it shows the chosen one alone for its first render. */
  async batchesListed(): Promise<void> {
    await this.page.getByRole('main').locator('.batch-picker select:not([aria-busy="true"])').waitFor();
  }

  async batchOptions(): Promise<string[]> {
    await this.batchesListed();
    return this.optionTexts(this.batchPicker());
  }

  async chooseBatch(name: string): Promise<void> {
    await this.batchesListed();
    const options = await this.batchPicker().locator('option').allTextContents();
    const label = options.find((o) => o.includes(` ${name} — `));
    if (!label) throw new Error(`no batch "${name}" in the picker: ${options.join(' | ')}`);
    await this.batchPicker().selectOption({ label });
  }

  /** The open batch's panel heading, "Drift of <name>". */
  batchHeading(): Locator {
    return this.page.locator('#batch-drift-title');
  }

  verdict(): Locator {
    return this.page.locator('.verdict-line');
  }

  fact(label: string): Locator {
    return this.page.locator('.drift-facts .fact').filter({ has: this.page.locator('dt', { hasText: label }) }).locator('dd');
  }

  columnTable(): Locator {
    return this.page.getByRole('table', { name: 'Column drift' });
  }

  columnRow(column: string): Locator {
    return this.columnTable().locator(`tbody tr[data-column=${JSON.stringify(column)}]`);
  }

  async columnNames(): Promise<string[]> {
    return this.columnTable().locator('tbody tr[data-column]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-column') ?? ''));
  }

  /** A row's cell under the given header. */
  async columnCell(column: string, header: DriftColumnHeader | 'New categories' | 'Adjusted p' | 'Reference → current'): Promise<string> {
    const headers = await this.columnTable().locator('thead th').allTextContents();
    const index = headers.findIndex((h) => h.replace(/[▲▼↕]/g, '').trim() === header);
    if (index < 0) throw new Error(`no column header "${header}" in ${headers.join(' | ')}`);
    return (await this.columnRow(column).locator('th, td').nth(index).textContent()) ?? '';
  }

  sortHeader(header: DriftColumnHeader): Locator {
    return this.columnTable().locator('thead th').filter({ has: this.page.getByRole('button', { name: header }) });
  }

  sortButton(header: DriftColumnHeader): Locator {
    return this.sortHeader(header).getByRole('button');
  }

  async sortBy(header: DriftColumnHeader): Promise<void> {
    await this.sortButton(header).click();
  }

  /** The column's name in its row: a button that opens its drill-down. */
  columnButton(column: string): Locator {
    return this.columnRow(column).getByRole('button', { name: column, exact: true });
  }

  async openDrillDown(column: string): Promise<Locator> {
    await this.columnButton(column).click();
    const drill = this.drillDown(column);
    await drill.waitFor();
    return drill;
  }

  /** The legend above a drill-down's overlay: reference, current, and a numeric overlay's overlap. */
  overlayLegend(drill: Locator): Locator {
    return drill.getByRole('list', { name: 'Legend' }).locator('li');
  }

  drillDown(column: string): Locator {
    return this.page.getByRole('region', { name: `Drill-down: ${column}` });
  }

  /** The drill-down's table of every statistic of the column. */
  statistics(drill: Locator, column: string): Locator {
    return drill.getByRole('table', { name: `Statistics of ${column}` });
  }

  /** The champion's predictions on the reference and the open batch: statistic and chart. */
  predictionDrift(): Locator {
    return this.page.getByLabel('Prediction drift', { exact: true });
  }

  /** The open batch's estimated metrics beside the realised ones. */
  estimateTable(): Locator {
    return this.page.getByRole('table', { name: 'Estimated performance' });
  }

  /** A metric's cells in the estimate table: estimated, interval, realised. */
  async estimateRow(metric: string): Promise<string[]> {
    return this.estimateTable().locator('tbody tr').filter({ has: this.page.locator('th', { hasText: metric }) }).locator('td').allTextContents();
  }

  /** The chart of the champion's estimated metric over batches. */
  estimateChart(): Locator {
    return this.page.locator('.estimate-figure');
  }

  /** Bars drawn in a chart (Recharts draws one path per bar). */
  chartBars(container: Locator): Locator {
    return container.locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect');
  }

  overTimeChart(): Locator {
    return this.page.locator('.share-chart');
  }

  heatmap(): Locator {
    return this.page.getByRole('table', { name: 'Drift per column and batch' });
  }

  heatmapRows(): Locator {
    return this.heatmap().locator('tbody tr');
  }

  heatmapCell(column: string, batch: string): Locator {
    return this.heatmap().getByRole('link', { name: new RegExp(`^${escape(column)} in ${escape(batch)}:`) });
  }

  async openSettings(): Promise<Locator> {
    const panel = this.page.locator('details', { has: this.page.getByText('Drift settings', { exact: true }) });
    if (!(await panel.getAttribute('open'))) await panel.locator('summary').click();
    return panel;
  }

  setting(panel: Locator, label: string | RegExp): Locator {
    return panel.getByLabel(label, typeof label === 'string' ? { exact: true } : undefined);
  }

  saveSettings(panel: Locator): Locator {
    return panel.getByRole('button', { name: 'Save drift settings' });
  }

  settingsProblems(panel: Locator): Locator {
    return panel.getByRole('alert');
  }

  settingsSaved(panel: Locator): Locator {
    return panel.getByRole('status').filter({ hasText: 'Saved' });
  }

  /** The drift settings as IndexedDB holds them, read beside the page's own connection. */
  async storedDriftSettings(): Promise<Record<string, unknown> | null> {
    return this.page.evaluate(
      () =>
        new Promise<Record<string, unknown> | null>((resolve, reject) => {
          const open = indexedDB.open('relearn');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const request = db.transaction('workspace', 'readonly').objectStore('workspace').get('default');
            request.onsuccess = () => {
              db.close();
              resolve((request.result as { drift?: Record<string, unknown> } | undefined)?.drift ?? null);
            };
            request.onerror = () => reject(request.error);
          };
        }),
    );
  }
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
