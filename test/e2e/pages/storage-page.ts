import type { Download, Locator } from 'playwright-core';
import { WorkbenchPage } from './workbench-page.ts';

// The Storage section: persistence, usage and quota, the batches and versions tables with their
// Delete buttons and the confirmation dialog. Selectors live here only.
export class StoragePage extends WorkbenchPage {
  async open(): Promise<void> {
    await this.page.goto('#/storage');
    await this.heading().filter({ hasText: 'Storage' }).waitFor();
  }

  // ---------- Persistence ----------

  persistenceState(): Locator {
    return this.page.getByRole('status', { name: 'Persistence state' });
  }

  persistencePanel(): Locator {
    return this.page.getByRole('region', { name: 'Persistence' });
  }

  /** The shell's link to the Storage section (shown beside the usage in the header). */
  manageStorageLink(): Locator {
    return this.page.getByRole('link', { name: 'Manage storage' });
  }

  persistButton(): Locator {
    return this.page.getByRole('button', { name: 'Keep data persistent' });
  }

  // ---------- Usage ----------

  quotaMeter(): Locator {
    return this.page.getByRole('meter', { name: 'Browser storage used' });
  }

  usagePanel(): Locator {
    return this.page.getByRole('region', { name: 'Usage and quota' });
  }

  /** "Batches" → "5 · 123.4 kB", from the breakdown of what the workspace holds. */
  async breakdown(): Promise<Record<string, string>> {
    const pairs = await this.page
      .locator('dl[aria-label="What the workspace holds"] > div')
      .evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent ?? '', d.querySelector('dd')?.textContent ?? '']));
    return Object.fromEntries(pairs);
  }

  // ---------- Batches and versions ----------

  batchesTable(): Locator {
    return this.page.getByRole('table', { name: 'Batches in storage' });
  }

  batchRow(name: string): Locator {
    return this.batchesTable().locator('tbody tr').filter({ has: this.page.getByRole('rowheader', { name }) });
  }

  /** The batch's id (its SHA-256), from its row. */
  async batchId(name: string): Promise<string> {
    return (await this.batchRow(name).getAttribute('data-batch')) ?? '';
  }

  async batchNames(): Promise<string[]> {
    return this.batchesTable().locator('tbody th a').allTextContents();
  }

  versionsTable(): Locator {
    return this.page.getByRole('table', { name: 'Model versions in storage' });
  }

  versionRow(version: number): Locator {
    return this.versionsTable().locator(`tr[data-version="${version}"]`);
  }

  async deleteBatch(name: string): Promise<void> {
    await this.page.getByRole('button', { name: `Delete batch ${name}`, exact: true }).click();
  }

  deleteVersionButton(version: number): Locator {
    return this.page.getByRole('button', { name: `Delete version ${version}`, exact: true });
  }

  dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  /** The dialog's list of what depends on the thing to delete. */
  dependents(): Locator {
    return this.dialog().getByRole('note', { name: 'What depends on it' });
  }

  async confirm(): Promise<void> {
    await this.dialog().getByRole('button', { name: /^Delete (batch|version)$/ }).click();
  }

  async cancel(): Promise<void> {
    await this.dialog().getByRole('button', { name: 'Cancel' }).click();
  }

  /** The refusal shown in a table's panel. */
  refusal(panel: 'Batches' | 'Model versions'): Locator {
    return this.page.getByRole('region', { name: panel, exact: true }).getByRole('alert');
  }

  done(panel: 'Batches' | 'Model versions'): Locator {
    return this.page.getByRole('region', { name: panel, exact: true }).getByRole('status');
  }

  // ---------- Workspace file (export and import) ----------

  transferPanel(): Locator {
    return this.page.getByRole('region', { name: 'Workspace file' });
  }

  /** Clicks "Export workspace" and waits for the zip file's download. */
  async exportWorkspace(): Promise<Download> {
    const download = this.page.waitForEvent('download', { timeout: 120_000 });
    await this.transferPanel().getByRole('button', { name: 'Export workspace' }).click();
    return download;
  }

  async chooseWorkspaceFile(file: string): Promise<void> {
    await this.transferPanel().getByLabel('Import workspace…').setInputFiles(file);
  }

  importConfirmation(): Locator {
    return this.transferPanel().getByRole('group', { name: /^Replace this workspace with/ });
  }

  /** "Batches" → ["now", "in the file"], from the confirmation's table. */
  async importCounts(): Promise<Record<string, [string, string]>> {
    const rows = await this.importConfirmation()
      .getByRole('table', { name: 'What the import replaces' })
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelectorAll('td')[0]?.textContent ?? '', tr.querySelectorAll('td')[1]?.textContent ?? '']));
    return Object.fromEntries(rows.map(([label, now, inFile]) => [label!, [now!, inFile!] as [string, string]]));
  }

  async replaceWorkspace(): Promise<void> {
    await this.importConfirmation().getByRole('button', { name: 'Replace workspace' }).click();
  }

  transferStatus(): Locator {
    return this.transferPanel().getByRole('status');
  }

  transferAlert(): Locator {
    return this.transferPanel().getByRole('alert');
  }
}
