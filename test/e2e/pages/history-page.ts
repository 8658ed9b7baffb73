import type { Locator } from 'playwright-core';
import { gotoDemo, type DemoOptions } from './pipeline-page.ts';
import { storedCount } from './stored-records.ts';
import { WorkbenchPage } from './workbench-page.ts';

// The History section: the champion chart, the events timeline (grouped by day) with its filters;
// the notification settings (in the Storage section, with the workspace's other settings); and the
// notification bell of the shell.
export class HistoryPage extends WorkbenchPage {
  async open(): Promise<void> {
    await this.openSection('History');
    await this.heading().filter({ hasText: 'History' }).waitFor();
  }

  /** Opens `#/history` with the demo scenario loaded (see gotoDemo: automatic runs off unless asked for). */
  async openDemo(options: DemoOptions = {}): Promise<void> {
    await gotoDemo(this.page, '#/history', options);
    await this.heading().filter({ hasText: 'History' }).waitFor();
  }

  /** Event rows only (not the day headings). */
  eventRows(): Locator {
    return this.page.getByRole('table', { name: 'Events' }).locator('tbody tr.event-row');
  }

  /** Event rows of one kind (its stored name, `model.promoted`), optionally holding `text`. */
  eventRow(kind: string, text?: string): Locator {
    const rows = this.page.getByRole('table', { name: 'Events' }).locator(`tbody tr.event-row[data-kind="${kind}"]`);
    return text === undefined ? rows : rows.filter({ hasText: text });
  }

  /** A row's link ("open version 1", "open run", "open batch", "open drift"). */
  eventLink(row: Locator, name: string): Locator {
    return row.getByRole('link', { name });
  }

  dayHeadings(): Locator {
    return this.page.getByRole('table', { name: 'Events' }).locator('tbody tr.day-row');
  }

  async rowKinds(): Promise<string[]> {
    return this.eventRows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind') ?? ''));
  }

  async filterKind(kind: string): Promise<void> {
    await this.page.getByRole('main').getByLabel(/^Kind/).selectOption(kind === 'all' ? '' : kind);
  }

  async filterGroup(group: string): Promise<void> {
    await this.page.getByRole('main').getByLabel(/^Group/).selectOption(group === 'all' ? '' : group);
  }

  async filterActor(actor: '' | 'auto' | 'user'): Promise<void> {
    await this.page.getByRole('main').getByLabel(/^Actor/).selectOption(actor);
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('main').getByLabel(/^Search/).fill(text);
  }

  /** Records every text the champion chart's place shows from now on (window.__championTexts), across section changes. */
  async watchChampionFigure(): Promise<void> {
    await this.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __championTexts: string[] }).__championTexts = seen;
      const note = (): void => {
        const text = document.querySelector('.champion-figure')?.textContent ?? null;
        if (text !== null && seen.at(-1) !== text) seen.push(text);
      };
      new MutationObserver(note).observe(document.body, { childList: true, subtree: true, characterData: true });
      note();
    });
  }

  async championFigureTexts(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __championTexts: string[] }).__championTexts);
  }

  /** How many versions' scores on batches IndexedDB holds, read beside the page's own connection. */
  storedScores(): Promise<number> {
    return storedCount(this.page, 'batchScores');
  }

  championChart(): Locator {
    return this.page.locator('.champion-chart');
  }

  championChartDrawing(): Locator {
    return this.championChart().locator('svg');
  }

  /** Promotion and rollback markers in the band under the champion chart (each carries data-kind). */
  championMarkers(kind?: 'model.promoted' | 'model.rolledback'): Locator {
    return this.championChart().locator(kind ? `.champion-marker[data-kind="${kind}"]` : '.champion-marker');
  }

  /** The drawn points of the champion's metric (solid and hollow). */
  championPoints(): Locator {
    return this.championChart().locator('.recharts-line-dots circle');
  }

  championAxisLabel(): Locator {
    return this.championChart().locator('.recharts-label');
  }

  championTimeTicks(): Locator {
    return this.championChart().locator('.recharts-xAxis .recharts-cartesian-axis-tick-value');
  }

  championLegend(): Locator {
    return this.page.locator('.champion-legend');
  }

  /** The sequence number of the newest event marked read, as the page stores it. */
  async storedReadSeq(): Promise<number> {
    return Number(await this.page.evaluate(() => localStorage.getItem('relearn.notifications.readSeq')));
  }

  /** The kind of an event row as the page labels it ("Version promoted"), and the stored kind in its title. */
  async kindCell(row: Locator): Promise<{ label: string; kind: string }> {
    const cell = row.locator('.event-kind');
    return { label: (await cell.textContent()) ?? '', kind: (await cell.getAttribute('title')) ?? '' };
  }

  /** A row's details as label → value. */
  async details(row: Locator): Promise<Record<string, string>> {
    const pairs = await row.locator('dl.event-details > div').evaluateAll((divs) => divs.map((d) => [d.querySelector('dt')?.textContent ?? '', d.querySelector('dd')?.textContent ?? '']));
    return Object.fromEntries(pairs);
  }

  /** Opens the notification settings where they live: the Storage section, beside the workspace's other settings. */
  async openNotificationSettings(): Promise<void> {
    await this.page.goto('#/storage');
    await this.notificationSettings().waitFor();
  }

  notificationSettings(): Locator {
    return this.page.getByRole('form', { name: 'Notification settings' });
  }

  notificationProblems(): Locator {
    return this.notificationSettings().getByRole('alert');
  }

  saveNotificationsButton(): Locator {
    return this.notificationSettings().getByRole('button', { name: 'Save notifications' });
  }

  async saveNotifications(): Promise<void> {
    await this.saveNotificationsButton().click();
    await this.notificationsSaved().waitFor();
  }

  /** A line of the settings holding `text` (what became of the last event sent, …). */
  notificationNotice(text: string): Locator {
    return this.notificationSettings().getByText(text);
  }

  reloadNowButton(): Locator {
    return this.notificationSettings().getByRole('button', { name: 'Reload now' });
  }

  /** The settings' "Saved" line. */
  notificationsSaved(): Locator {
    return this.notificationSettings().getByRole('status').filter({ hasText: /^Saved$/ });
  }

  /** A chosen-events checkbox ("Batches arriving") or "Browser notifications". */
  notificationChoice(label: string): Locator {
    return this.notificationSettings().getByRole('checkbox', { name: label, exact: true });
  }

  notificationChoices(): Locator {
    return this.notificationSettings().getByRole('checkbox');
  }

  /** What the page says about the webhook's address ("No webhook: …", "Webhook: data is sent to …"). */
  webhookReach(): Locator {
    return this.notificationSettings().getByRole('status', { name: 'Webhook address' });
  }

  webhookField(): Locator {
    return this.notificationSettings().getByLabel('Webhook URL');
  }
}
