import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { buildBigWorkspace, type BigWorkspaceCounts } from './pages/big-workspace.ts';
import { HistoryPage } from './pages/history-page.ts';
import { ModelsPage } from './pages/models-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { gotoDemo, PipelinePage } from './pages/pipeline-page.ts';
import { WindowPagerControl } from './pages/window-pager.ts';

// A workspace that ran daily for a year (365 batches, 100 runs, 100 versions, about 2,000 events): the
// long lists draw one stretch at a time, start at the newest items, and reach the oldest with their pagers.
describe('a year of daily batches', () => {
  let session: PageSession;
  let big: BigWorkspaceCounts;
  beforeAll(async () => {
    session = await newPage();
    await gotoDemo(session.page, '#/data', { automaticRuns: true });
    big = await buildBigWorkspace(session.page);
    expect(big).toMatchObject({ batches: 365, runs: 100, driftReports: 364 });
  }, 240_000);
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test('Monitor opens the newest batch and draws 60 of its 364 compared batches in its charts and heatmap; one pager reaches the oldest', async () => {
    const monitor = new MonitorPage(session.page);
    await session.page.goto('#/monitor');
    await expect.poll(() => monitor.batchHeading().textContent(), { timeout: 30_000 }).toBe(`Drift of ${big.newestBatch}`);
    const pager = new WindowPagerControl(session.page, 'Batches shown in drift over time');
    expect(await pager.range()).toBe('batches 305–364 of 364');
    const heads = monitor.heatmap().locator('thead th.heatmap-batch');
    expect(await heads.count()).toBe(60);
    expect(await heads.last().getAttribute('title')).toBe(big.newestBatch);
    // The estimate chart draws the same stretch, its hidden table listing what is drawn.
    const estimates = new WindowPagerControl(session.page, 'Batches shown in performance without labels');
    const estimateRows = monitor.estimateChart().locator('table tbody th');
    expect(await estimates.range()).toBe('batches 305–364 of 364');
    expect(await estimateRows.count()).toBe(60);
    expect(await estimateRows.last().textContent()).toBe(big.newestBatch);
    await pager.oldest();
    // The stretch is drawn late (a render React splits), then each chart in a task of its own.
    await expect.poll(() => pager.range()).toBe('batches 1–60 of 364');
    // One pager moves both: the estimate chart now draws the oldest stretch too.
    expect(await estimates.range()).toBe('batches 1–60 of 364');
    await expect.poll(() => estimateRows.first().textContent()).toBe('seattle-2013.csv');
    // The reference is the demo's first batch; the first compared one is its second.
    expect(await heads.first().getAttribute('title')).toBe('seattle-2013.csv');
    await monitor.heatmapCell('wind', 'seattle-2013.csv').click();
    await expect.poll(() => monitor.batchHeading().textContent()).toBe('Drift of seattle-2013.csv');
    expect(await pager.range()).toBe('batches 1–60 of 364');
    // The picker lists every batch, the reference first, the newest last.
    const options = await monitor.batchOptions();
    expect(options).toHaveLength(big.batches);
    expect(options[0]).toBe('1. seattle-2012.csv — reference');
    expect(options.at(-1)).toContain(`${big.batches}. ${big.newestBatch} — `);
    // Choosing a batch outside the drawn stretch brings it into view.
    await monitor.chooseBatch(big.newestBatch);
    await expect.poll(() => pager.range()).toBe('batches 305–364 of 364');
    await screenshot(session.page, 'big-workspace-monitor');
  });

  test('the runs grid and list start at run 100 and page back to run 1', async () => {
    const pipeline = new PipelinePage(session.page);
    await pipeline.open();
    await expect.poll(() => pipeline.gridRuns().last().textContent(), { timeout: 30_000 }).toBe(String(big.newestRun));
    expect(await pipeline.gridRuns().count()).toBeLessThanOrEqual(40);
    const grid = new WindowPagerControl(session.page, 'Runs shown in the grid');
    await grid.oldest();
    expect(await pipeline.gridRuns().first().textContent()).toBe('1');
    await grid.newest();
    expect(await pipeline.gridRuns().last().textContent()).toBe(String(big.newestRun));

    const rows = pipeline.runsTable().locator('tbody tr');
    expect(await rows.first().locator('th').textContent()).toBe(`Run ${big.newestRun}`);
    expect(await rows.count()).toBe(25);
    const list = new WindowPagerControl(session.page, 'Runs shown in the list');
    expect(await list.range()).toBe('runs 76–100 of 100');
    await list.oldest();
    expect(await rows.last().locator('th').textContent()).toBe('Run 1');
    // Opening a run from the list keeps it in view; the grid brings it into view too.
    await rows.last().getByRole('link', { name: 'Run 1' }).click();
    await pipeline.runTitle().filter({ hasText: /^Run 1$/ }).waitFor();
    // The grid follows the run's panel (drawn late).
    await expect.poll(() => pipeline.gridRuns().first().textContent()).toBe('1');
    expect(await list.range()).toBe('runs 1–25 of 100');
    await screenshot(session.page, 'big-workspace-pipeline');
  });

  test('Data draws the newest 50 of 365 batches and pages to the oldest; an opened batch stays in view', async () => {
    await session.page.goto('#/data');
    const table = session.page.getByRole('table', { name: 'Batches' });
    const names = table.locator('tbody th.batch-name a');
    await expect.poll(() => names.last().textContent(), { timeout: 30_000 }).toBe(big.newestBatch);
    expect(await names.count()).toBe(50);
    const pager = new WindowPagerControl(session.page, 'Batches shown');
    expect(await pager.range()).toBe('batches 316–365 of 365');
    await pager.oldest();
    expect(await pager.range()).toBe('batches 1–50 of 365');
    expect(await names.first().textContent()).toBe(big.oldestBatch);
    await names.nth(10).click();
    await session.page.getByRole('heading', { name: (await names.nth(10).textContent())!, level: 2 }).waitFor();
    expect(await pager.range()).toBe('batches 1–50 of 365');
    // Its quality report (histograms, category counts: read for this batch only) is drawn.
    await session.page.getByRole('img', { name: /^Histogram of temp_max: [1-9]\d* bins/ }).waitFor();
    await pager.newest();
    expect(await names.last().textContent()).toBe(big.newestBatch);
  });

  test('Models lists the newest 25 of 100 versions and pages to version 1', async () => {
    await session.page.goto('#/models');
    const rows = session.page.getByRole('table', { name: 'Model versions' }).locator('tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(25);
    const pager = new WindowPagerControl(session.page, 'Versions shown');
    expect(await pager.range()).toBe(`versions ${big.versions - 24}–${big.versions} of ${big.versions}`);
    expect(await rows.first().getAttribute('data-version')).toBe(String(big.versions));
    await pager.oldest();
    expect(await rows.last().getAttribute('data-version')).toBe('1');
    await pager.newest();
    expect(await rows.first().getAttribute('data-version')).toBe(String(big.versions));
  });

  test('Models lists every batch to learn from in a box that scrolls, the newest reachable at its end', async () => {
    const models = new ModelsPage(session.page);
    await models.open();
    const choices = models.batchChoices();
    // The checkboxes are made after the form's first paint.
    await expect.poll(() => choices.getByRole('checkbox').count(), { timeout: 30_000 }).toBe(big.batches);
    const box = await choices.evaluate((list) => ({ shown: list.clientHeight, whole: list.scrollHeight }));
    expect(box.whole).toBeGreaterThan(box.shown * 10);
    const newest = models.batchCheckbox(big.newestBatch);
    await newest.uncheck();
    await models.chosenBatches(new RegExp(`^${big.batches - 1} of ${big.batches} chosen`)).waitFor();
    await newest.check();
    await models.chosenBatches(new RegExp(`^${big.batches} of ${big.batches} chosen`)).waitFor();
  });

  test('Models keeps the batch box at its height while the checkboxes are still to come: the form does not jump', async () => {
    await session.page.goto('#/data');
    await session.page.getByRole('table', { name: 'Batches' }).waitFor();
    // The box's height at each frame from opening Models until its checkboxes are there.
    const heights = await session.page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const seen: number[] = [];
          const frame = (): void => {
            const list = document.querySelector('form[aria-label="Train a model"] fieldset ul');
            if (list) seen.push(Math.round(list.getBoundingClientRect().height));
            if (list?.querySelector('input[type=checkbox]')) resolve(seen);
            else requestAnimationFrame(frame);
          };
          window.location.hash = '#/models';
          requestAnimationFrame(frame);
        }),
    );
    expect(heights.length).toBeGreaterThan(0);
    expect(new Set(heights).size).toBe(1);
  });

  test('History shows the newest 100 events and pages to the first one', async () => {
    const history = new HistoryPage(session.page);
    await session.page.goto('#/history');
    await history.eventRows().first().waitFor();
    expect(await history.eventRows().count()).toBe(100);
    const pager = new WindowPagerControl(session.page, 'Events shown');
    expect(await pager.range()).toBe(`events ${big.events - 99}–${big.events} of ${big.events}`);
    // The newest event is the newest run's end.
    expect(await history.eventRows().first().textContent()).toContain(`Run ${big.newestRun}`);
    await pager.button('← Earlier').click();
    expect(await pager.range()).toBe(`events ${big.events - 198}–${big.events - 99} of ${big.events}`);
    await pager.oldest();
    // The first event of the workspace: the training backend chosen by hand before the demo.
    expect(await history.eventRows().last().getAttribute('data-kind')).toBe('backend.chosen');
    // A filter narrows what is paged.
    await history.filterKind('model.promoted');
    await expect.poll(async () => new Set(await history.rowKinds())).toEqual(new Set(['model.promoted']));
    await history.filterKind('all');
  });
});
