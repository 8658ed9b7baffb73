import type { Locator } from 'playwright-core';
import { WorkbenchPage } from './workbench-page.ts';

// The History section: the events table and its kind filter.
export class HistoryPage extends WorkbenchPage {
  async open(): Promise<void> {
    await this.openSection('History');
    await this.heading().filter({ hasText: 'History' }).waitFor();
  }

  eventRows(): Locator {
    return this.page.getByRole('table', { name: 'Events' }).locator('tbody tr');
  }

  async filterKind(kind: string): Promise<void> {
    await this.page.getByRole('main').getByLabel('Kind').selectOption(kind === 'all' ? '' : kind);
  }
}
