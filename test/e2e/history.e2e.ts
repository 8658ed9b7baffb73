import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { HistoryPage } from './pages/history-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';

const REGISTRY = ['model.registered', 'model.promoted', 'model.rejected', 'model.rolledback'];

test('the demo history: a day-grouped timeline with filters, the champion chart, the bell after the promotion, a checked webhook address', async () => {
  const { page, errors, close } = await newPage();
  const history = new HistoryPage(page);
  // The demo with its automatic runs: version 1 trained and promoted on the first labeled batch, then
  // the drift runs. They settle before anything is counted, so nothing below changes under the test.
  const pipeline = new PipelinePage(page);
  await pipeline.openDemo({ automaticRuns: true });
  expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 120_000)).toBe('promoted');
  await pipeline.waitForIdle(5);
  await history.open();
  await expect.poll(() => history.rowKinds()).toContain('model.promoted');
  await expect.poll(() => history.dayHeadings().count()).toBeGreaterThan(0);
  const total = await history.eventRows().count();
  expect(total).toBeGreaterThan(5);
  const promoted = history.eventRow('model.promoted', 'Version 1 promoted');
  expect(await promoted.count()).toBe(1);
  expect(await history.eventLink(promoted, 'open version 1').getAttribute('href')).toBe('#/models/version/1');
  expect(await history.eventLink(promoted, 'open run').getAttribute('href')).toMatch(/^#\/pipeline\/run\//);
  const arrived = history.eventRow('batch.arrived').first();
  expect(await history.eventLink(arrived, 'open batch').getAttribute('href')).toMatch(/^#\/data\/batch\//);

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
  await expect
    .poll(async () => {
      const found = await history.eventRows().allTextContents();
      return found.length > 0 && found.length < total && found.every((text) => text.toLowerCase().includes('seattle-2013'));
    })
    .toBe(true);
  await history.search('');
  await expect.poll(() => history.eventRows().count()).toBe(total);

  // The champion chart: a line once version 1 is champion, and a marker at its promotion.
  // The chart appears once the worker has scored the champion on every batch.
  await expect.poll(async () => Number((await history.championChart().getAttribute('data-markers')) ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
  await expect.poll(() => history.championChartDrawing().count()).toBeGreaterThan(0);
  await expect.poll(async () => Number(await history.championChart().getAttribute('data-points')), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await history.championChart().getAttribute('aria-label')).toContain('Promotion to version 1');

  // The bell counts the promotion (a chosen kind by default) as unread; the list shows it.
  await expect.poll(() => history.unreadCount()).toBeGreaterThan(0);
  await history.bell().click();
  await history.notificationList().waitFor();
  expect(await history.notificationList().textContent()).toContain('Version 1 promoted');
  await screenshot(page, 'history-bell');
  // Marking read stores the newest listed event as read: with the runs settled, nothing is unread then.
  const promotedSeq = Number(await history.notificationItems('model.promoted').first().getAttribute('data-seq'));
  await history.markAllReadButton().click();
  await expect.poll(() => history.storedReadSeq()).toBeGreaterThanOrEqual(promotedSeq);
  await expect.poll(() => history.unreadCount()).toBe(0);
  await history.bell().click();

  // The webhook: stated plainly, and only https:// or http://localhost.
  const settings = history.notificationSettings();
  expect(await settings.textContent()).toContain('This is the one thing that sends data out of this browser: each chosen event goes to this address.');
  await history.webhookField().fill('ftp://x');
  expect(await history.notificationProblems().first().textContent()).toContain('ftp:// addresses are not allowed');
  expect(await history.saveNotificationsButton().isDisabled()).toBe(true);
  await history.webhookField().fill('http://localhost:9/hook');
  expect(await history.notificationProblems().count()).toBe(0);
  await history.webhookField().fill('');

  await history.scrollToTop();
  await screenshot(page, 'history-timeline');
  expect(errors).toEqual([]);
  await close();
}, 240_000);
