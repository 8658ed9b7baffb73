import type { Download, Locator, Page } from 'playwright-core';
import { baseUrl } from '../harness.ts';

export type SectionName = 'Data' | 'Monitor' | 'Pipeline' | 'Models' | 'History' | 'Storage';

// The page as a person sees it: `<nav aria-label="Sections">` with one link per section,
// and the open section's content inside `<main>`.
export class WorkbenchPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto(baseUrl());
  }

  /**
   * The Models section's training backend choice ("Use"). It lives here, not in ModelsPage, because
   * a test sets it before any data, while preparing a workspace from any section.
   */
  backendSelect(): Locator {
    return this.page.getByLabel('Use', { exact: true });
  }

  /**
   * Sets the training backend by hand before any training, so that the first one does not measure
   * every backend first (seconds on a software WebGPU adapter); both the Models section and the
   * pipeline train with it.
   */
  async chooseBackendBeforeData(backend: string, base = ''): Promise<void> {
    await this.page.goto(`${base}#/models`);
    await this.backendSelect().selectOption({ label: `${backend}, by hand` });
    await this.text(`Until then training uses ${backend}, chosen by hand.`).waitFor();
  }

  /** The open view's "Download report" button (the Monitor's batch, the comparison, the chosen run). */
  reportButton(): Locator {
    return this.page.getByRole('main').getByRole('button', { name: /^Download report: / });
  }

  /** Clicks "Download report" and gives the download it starts. */
  async downloadReport(): Promise<Download> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.reportButton().click()]);
    return download;
  }

  async openSection(name: SectionName): Promise<void> {
    await this.sectionLink(name).click();
  }

  async scrollToTop(): Promise<void> {
    await this.page.evaluate(() => window.scrollTo(0, 0));
  }

  heading(): Locator {
    return this.main().getByRole('heading').first();
  }

  /** The Content-Security-Policy the page loaded with. */
  async securityPolicy(): Promise<string | null> {
    return this.page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  }

  main(): Locator {
    return this.page.getByRole('main');
  }

  /** Everything the open section shows, as text. */
  async mainText(): Promise<string> {
    return (await this.main().textContent()) ?? '';
  }

  sectionLink(name: SectionName): Locator {
    return this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true });
  }

  /** The section link marked as the open one. */
  currentSectionLink(): Locator {
    return this.page.getByRole('navigation', { name: 'Sections' }).locator('[aria-current="page"]');
  }

  /** An empty section's heading ("No batches yet", "No runs yet", …). */
  emptyHeading(name: string): Locator {
    return this.page.getByRole('heading', { name });
  }

  /** The "Go to Data" link an empty section shows. */
  goToDataLink(): Locator {
    return this.main().getByRole('link', { name: 'Go to Data' });
  }

  /** Any alert or status line on the page that holds `text`. */
  alertWith(text: string | RegExp): Locator {
    return this.page.getByRole('alert').filter({ hasText: text });
  }

  statusWith(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** Text inside the open section. */
  textInMain(text: string | RegExp): Locator {
    return this.main().getByText(text);
  }

  /** A table's body rows. */
  bodyRows(table: Locator): Locator {
    return table.locator('tbody tr');
  }

  /** A select's options, as their texts. */
  async optionTexts(select: Locator): Promise<string[]> {
    return select.locator('option').allTextContents();
  }

  /** Text anywhere on the page. */
  text(text: string | RegExp): Locator {
    return this.page.getByText(text);
  }

  /** The notification bell in the page's header ("Notifications, 3 unread"). */
  bell(): Locator {
    return this.page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  }

  /** The bell's unread count, from its label. */
  async unreadCount(): Promise<number> {
    const label = (await this.bell().getAttribute('aria-label')) ?? '';
    return Number(/(\d+) unread/.exec(label)?.[1] ?? NaN);
  }

  /** The sidebar's line while the demo's story plays ("Demo: batch 3 of 5 arriving…"). */
  demoStoryStatus(): Locator {
    return this.page.getByRole('status', { name: 'Demo story' });
  }

  notificationList(): Locator {
    return this.page.getByRole('dialog', { name: 'Notifications' });
  }

  /** The open list's items (each carries its event's kind and sequence number). */
  notificationItems(kind?: string): Locator {
    return this.notificationList().locator(kind ? `li[data-kind="${kind}"]` : 'li');
  }

  markAllReadButton(): Locator {
    return this.notificationList().getByRole('button', { name: 'Mark all read' });
  }
}
