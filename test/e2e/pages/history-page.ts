import type { Locator } from 'playwright-core';
import { WorkbenchPage } from './workbench-page.ts';

// The History section: the champion chart, the events timeline (grouped by day) with its filters,
// the notification settings; and the notification bell of the shell.
export class HistoryPage extends WorkbenchPage {
  async open(): Promise<void> {
    await this.openSection('History');
    await this.heading().filter({ hasText: 'History' }).waitFor();
  }

  async openDemo(): Promise<void> {
    await this.page.emulateMedia({ reducedMotion: 'reduce' });
    await this.page.goto('?demo#/history');
    await this.heading().filter({ hasText: 'History' }).waitFor();
  }

  /** Event rows only (not the day headings). */
  eventRows(): Locator {
    return this.page.getByRole('table', { name: 'Events' }).locator('tbody tr.event-row');
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

  championChart(): Locator {
    return this.page.locator('.champion-chart');
  }

  bell(): Locator {
    return this.page.getByRole('button', { name: /^Notifications, \d+ unread$/ });
  }

  async unreadCount(): Promise<number> {
    const label = (await this.bell().getAttribute('aria-label')) ?? '';
    return Number(/(\d+) unread/.exec(label)?.[1] ?? NaN);
  }

  notificationList(): Locator {
    return this.page.getByRole('dialog', { name: 'Notifications' });
  }

  notificationSettings(): Locator {
    return this.page.getByRole('form', { name: 'Notification settings' });
  }

  webhookField(): Locator {
    return this.notificationSettings().getByLabel('Webhook URL');
  }
}
