import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { HistoryPage } from './pages/history-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';

const REGISTRY = ['model.registered', 'model.promoted', 'model.rejected', 'model.rolledback'];

describe('the demo history, after its automatic runs', () => {
  // One page for the block. The demo's automatic runs (version 1 trained and promoted on the first
  // labeled batch, then the drift runs) settle before anything is counted, so nothing changes under a test.
  let session: PageSession;
  let history: HistoryPage;
  /** Every event row, unfiltered. */
  let total: number;
  beforeAll(async () => {
    session = await newPage();
    history = new HistoryPage(session.page);
    const pipeline = new PipelinePage(session.page);
    await pipeline.openDemo({ automaticRuns: true });
    expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 120_000)).toBe('promoted');
    await pipeline.waitForIdle(5);
    await history.open();
    await history.eventRow('model.promoted').first().waitFor();
    total = await history.eventRows().count();
  }, 240_000);
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test('the timeline groups events by day and links a promotion to its version and run, an arrival to its batch', async () => {
    await expect.poll(() => history.dayHeadings().count()).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(5);
    const promoted = history.eventRow('model.promoted', 'Version 1 promoted');
    expect(await promoted.count()).toBe(1);
    expect(await history.eventLink(promoted, 'open version 1').getAttribute('href')).toBe('#/models/version/1');
    expect(await history.eventLink(promoted, 'open run').getAttribute('href')).toMatch(/^#\/pipeline\/run\//);
    const arrived = history.eventRow('batch.arrived').first();
    expect(await history.eventLink(arrived, 'open batch').getAttribute('href')).toMatch(/^#\/data\/batch\//);
    await history.scrollToTop();
    await screenshot(session.page, 'history-timeline');
  });

  test('kinds and details read as words; the stored names stay in titles, ids become links', async () => {
    expect(await history.kindCell(history.eventRow('model.promoted').first())).toEqual({ label: 'Version promoted', kind: 'model.promoted' });
    expect(await history.kindCell(history.eventRow('batch.arrived').first())).toEqual({ label: 'Batch arrived', kind: 'batch.arrived' });
    // No row shows a stored kind ("model.promoted") or a camelCase key ("referenceBatchId") as its text.
    for (const row of await history.eventRows().all()) {
      expect((await history.kindCell(row)).label).not.toMatch(/^[a-z]+\.[a-z]+$/);
      for (const label of Object.keys(await history.details(row))) expect(label).not.toMatch(/[a-z][A-Z]/);
    }
    // A drift result names its reference batch by a link, not by its id.
    const drift = history.eventRow('drift.detected').or(history.eventRow('drift.checked')).first();
    expect(await history.eventLink(drift, 'open reference batch').getAttribute('href')).toMatch(/^#\/data\/batch\/[0-9a-f]{64}$/);
    expect(await drift.textContent()).not.toMatch(/referenceBatchId|[0-9a-f]{8}…/);
    // The kind filter lists labels; its values stay the stored kinds.
    await history.filterKind('model.promoted');
    await expect.poll(async () => new Set(await history.rowKinds())).toEqual(new Set(['model.promoted']));
    await history.filterKind('all');
  });

  test('the group, actor and search filters narrow the timeline', async () => {
    // The registry group shows only registry events, the promotion among them.
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
  });

  test("the champion chart draws the champion's metric per batch, with a marker at the promotion", async () => {
    // The chart appears once the worker has scored the champion on every batch.
    await expect.poll(async () => Number((await history.championChart().getAttribute('data-markers')) ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => history.championChartDrawing().count()).toBeGreaterThan(0);
    expect(Number(await history.championChart().getAttribute('data-points'))).toBeGreaterThan(0);
    expect(await history.championChart().getAttribute('aria-label')).toContain('Promotion to version 1');
  });

  test('a second visit draws the chart from the scores the first one stored, scoring nothing', async () => {
    await expect.poll(async () => Number((await history.championChart().getAttribute('data-markers')) ?? 0), { timeout: 60_000 }).toBeGreaterThan(0);
    const points = Number(await history.championChart().getAttribute('data-points'));
    expect(await history.storedScores()).toBeGreaterThanOrEqual(points);
    await history.watchChampionFigure();
    await history.openSection('Data');
    await history.championChart().waitFor({ state: 'detached' });
    await history.open();
    await history.championChart().waitFor();
    expect(Number(await history.championChart().getAttribute('data-points'))).toBe(points);
    const texts = await history.championFigureTexts();
    expect(texts.some((t) => t.startsWith('Reading the champion’s scores'))).toBe(true);
    expect(texts.filter((t) => t.includes('Scoring'))).toEqual([]);
  });

  test('the bell counts the promotion (a chosen kind by default) as unread; Mark all read leaves nothing unread', async () => {
    await expect.poll(() => history.unreadCount()).toBeGreaterThan(0);
    await history.bell().click();
    await history.notificationList().waitFor();
    expect(await history.notificationList().textContent()).toContain('Version 1 promoted');
    await screenshot(session.page, 'history-bell');
    // Marking read stores the newest listed event as read: with the runs settled, nothing is unread then.
    const promotedSeq = Number(await history.notificationItems('model.promoted').first().getAttribute('data-seq'));
    await history.markAllReadButton().click();
    await expect.poll(() => history.storedReadSeq()).toBeGreaterThanOrEqual(promotedSeq);
    await expect.poll(() => history.unreadCount()).toBe(0);
    await history.bell().click();
  });

  test('notification settings live with the settings (Storage), reached from the bell; the webhook is stated plainly and takes only https:// or http://localhost', async () => {
    expect(await history.notificationSettings().count()).toBe(0);
    await history.bell().click();
    await history.notificationList().getByRole('link', { name: 'Notification settings' }).click();
    await history.notificationSettings().waitFor();
    expect(history.page.url()).toMatch(/#\/storage$/);
    expect(await history.notificationSettings().textContent()).toContain('This is the one thing that sends data out of this browser: each chosen event goes to this address.');
    await history.webhookField().fill('ftp://x');
    expect(await history.notificationProblems().first().textContent()).toContain('ftp:// addresses are not allowed');
    expect(await history.saveNotificationsButton().isDisabled()).toBe(true);
    await history.webhookField().fill('http://localhost:9/hook');
    expect(await history.notificationProblems().count()).toBe(0);
    await history.webhookField().fill('');
  });
});
