import type { Locator, Page } from 'playwright-core';
import { baseUrl } from '../harness.ts';

export type SectionName = 'Data' | 'Monitor' | 'Pipeline' | 'Models' | 'History' | 'Storage';

// The page as a person sees it: `<nav aria-label="Sections">` with one link per section,
// and the open section's content inside `<main>`.
export class WorkbenchPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto(baseUrl());
  }

  async openSection(name: SectionName): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
  }

  async scrollToTop(): Promise<void> {
    await this.page.evaluate(() => window.scrollTo(0, 0));
  }

  heading(): Locator {
    return this.page.getByRole('main').getByRole('heading').first();
  }
}
