import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { HistoryPage } from './pages/history-page.ts';

const REGISTRY = ['model.registered', 'model.promoted', 'model.rejected', 'model.rolledback'];

test('the demo history: a day-grouped timeline with filters, the champion chart, the bell after the promotion, a checked webhook address', async () => {
  const { page, errors, close } = await newPage();
  const history = new HistoryPage(page);
  await history.openDemo();

  // The demo's first run trains and promotes version 1.
  await expect.poll(() => history.rowKinds(), { timeout: 150_000, interval: 500 }).toContain('model.promoted');
  expect(await history.dayHeadings().count()).toBeGreaterThan(0);
  const total = await history.eventRows().count();
  expect(total).toBeGreaterThan(5);
  const promoted = history.eventRows().filter({ has: page.locator('code', { hasText: 'model.promoted' }) }).first();
  expect(await promoted.textContent()).toContain('Version 1 promoted');
  expect(await promoted.getByRole('link', { name: 'open version 1' }).getAttribute('href')).toBe('#/models/version/1');
  expect(await promoted.getByRole('link', { name: 'open run' }).getAttribute('href')).toMatch(/^#\/pipeline\/run\//);
  const arrived = history.eventRows().filter({ has: page.locator('code', { hasText: 'batch.arrived' }) }).first();
  expect(await arrived.getByRole('link', { name: 'open batch' }).getAttribute('href')).toMatch(/^#\/data\/batch\//);

  // Filters: the registry group shows only registry events, the promotion among them.
  await history.filterGroup('registry');
  await expect.poll(async () => (await history.rowKinds()).every((k) => REGISTRY.includes(k))).toBe(true);
  expect(await history.rowKinds()).toContain('model.promoted');
  expect((await history.rowKinds()).length).toBeLessThan(total);
  await history.filterGroup('all');
  await history.filterActor('user');
  await expect.poll(async () => (await history.eventRows().count()) < total).toBe(true);
  await history.filterActor('');
  await history.search('seattle-2013');
  await expect.poll(() => history.eventRows().count()).toBeLessThan(total);
  const found = await history.eventRows().allTextContents();
  expect(found.length).toBeGreaterThan(0);
  for (const text of found) expect(text.toLowerCase()).toContain('seattle-2013');
  await history.search('');
  await expect.poll(() => history.eventRows().count()).toBeGreaterThanOrEqual(total);

  // The champion chart: a line once version 1 is champion, and a marker at its promotion.
  await expect.poll(() => history.championChart().getAttribute('data-markers'), { timeout: 60_000 }).not.toBe('0');
  expect(await history.championChart().locator('svg').count()).toBeGreaterThan(0);
  await expect.poll(async () => Number(await history.championChart().getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await history.championChart().getAttribute('aria-label')).toContain('Promotion to version 1');

  // The bell counts the promotion (a chosen kind by default) as unread; the list shows it.
  await expect.poll(() => history.unreadCount()).toBeGreaterThan(0);
  await history.bell().click();
  await history.notificationList().waitFor();
  expect(await history.notificationList().textContent()).toContain('Version 1 promoted');
  await screenshot(page, 'history-bell');
  // Marking read stores the newest listed event as read. The demo's later runs may add events meanwhile,
  // so the bell then counts exactly the listed events newer than that one.
  const promotedSeq = Number(await history.notificationList().locator('li[data-kind="model.promoted"]').first().getAttribute('data-seq'));
  await history.notificationList().getByRole('button', { name: 'Mark all read' }).click();
  const readSeq = async (): Promise<number> => Number(await page.evaluate(() => localStorage.getItem('relearn.notifications.readSeq')));
  await expect.poll(readSeq).toBeGreaterThanOrEqual(promotedSeq);
  await expect
    .poll(async () => {
      const seqs = await history.notificationList().locator('li').evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-seq'))));
      const stored = await readSeq();
      return (await history.unreadCount()) - seqs.filter((seq) => seq > stored).length;
    })
    .toBe(0);
  await history.bell().click();

  // The webhook: stated plainly, and only https:// or http://localhost.
  const settings = history.notificationSettings();
  expect(await settings.textContent()).toContain('This is the one thing that sends data out of this browser: each chosen event goes to this address.');
  await history.webhookField().fill('ftp://x');
  expect(await settings.getByRole('alert').first().textContent()).toContain('ftp:// addresses are not allowed');
  expect(await settings.getByRole('button', { name: 'Save notifications' }).isDisabled()).toBe(true);
  await history.webhookField().fill('http://localhost:9/hook');
  expect(await settings.getByRole('alert').count()).toBe(0);
  await history.webhookField().fill('');

  await history.scrollToTop();
  await screenshot(page, 'history-timeline');
  expect(errors).toEqual([]);
  await close();
}, 300_000);
