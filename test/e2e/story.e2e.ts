import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { HistoryPage } from './pages/history-page.ts';
import { DEMO_STORY_TIMEOUT, PipelinePage } from './pages/pipeline-page.ts';
import { readTimeline } from './pages/stored-records.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlap = (a: Box, b: Box): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('the demo plays as a story, with automatic runs on', () => {
  let session: PageSession;
  let history: HistoryPage;
  /** The story's batch numbers as the status line showed them, and the bell's unread counts, while it played. */
  const shownBatches: number[] = [];
  const unreadCounts: number[] = [];
  let storyMs = 0;

  beforeAll(async () => {
    session = await newPage();
    const { page } = session;
    history = new HistoryPage(page);
    await history.chooseBackendBeforeData('wasm');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const started = Date.now();
    // On Monitor, not History: the bell must count what happens without a reload or a visit to History.
    await page.goto('?demo#/monitor');
    const playing = async (): Promise<boolean> => page.evaluate(() => new URLSearchParams(window.location.search).has('demo'));
    while (await playing()) {
      if (Date.now() - started > DEMO_STORY_TIMEOUT) throw new Error(`the demo's story did not end within ${DEMO_STORY_TIMEOUT} ms`);
      const batch = await history.demoStoryStatus().getAttribute('data-batch', { timeout: 100 }).catch(() => null);
      if (batch !== null && shownBatches.at(-1) !== Number(batch)) shownBatches.push(Number(batch));
      unreadCounts.push(await history.unreadCount());
      await page.waitForTimeout(150);
    }
    storyMs = Date.now() - started;
  });
  afterAll(async () => {
    expect(session.errors).toEqual([]);
    await session.close();
  });

  test('the status line counts the batches up while they arrive, and goes when the story ends', async () => {
    expect(shownBatches[0]).toBe(1);
    expect(shownBatches.at(-1)).toBe(5);
    expect(shownBatches).toEqual([...shownBatches].sort((a, b) => a - b));
    expect(await history.demoStoryStatus().count()).toBe(0);
    console.log(`demo story: ${storyMs} ms in headless Chromium`);
  });

  test('each run starts after its batch arrived and ends before the next batch arrives', async () => {
    const { batches, runs } = await readTimeline(session.page);
    expect(batches.map((b) => b.name)).toEqual(['seattle-2012.csv', 'seattle-2013.csv', 'seattle-2014.csv', 'seattle-2015.csv', 'new-york-2015.csv']);
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) {
      const index = batches.findIndex((b) => b.name === run.batch);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(run.createdAt).toBeGreaterThanOrEqual(batches[index]!.arrivedAt);
      const next = batches[index + 1];
      if (next) expect(run.endedAt).not.toBeNull();
      if (next) expect(run.endedAt!).toBeLessThanOrEqual(next.arrivedAt);
    }
    // The first run trains on the first batch alone, long before the last batch arrives.
    expect(runs[0]!.batch).toBe('seattle-2012.csv');
  });

  test('the bell counted the promotions live, with no reload and no visit to History', async () => {
    expect(unreadCounts[0]).toBe(0);
    expect(Math.max(...unreadCounts)).toBeGreaterThan(0);
    // It rose while the story played: a later batch was still to come when the first promotion showed.
    const firstCounted = unreadCounts.findIndex((n) => n > 0);
    expect(firstCounted).toBeLessThan(unreadCounts.length - 1);
    expect(await history.unreadCount()).toBeGreaterThan(0);
  });

  test('the champion chart: a time axis, the metric named, promotion markers under the plot on no point and no other marker', async () => {
    await history.open();
    await expect.poll(() => history.championMarkers('model.promoted').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => history.championPoints().count()).toBeGreaterThan(0);
    expect(await history.championAxisLabel().textContent()).toBe('F1 (macro)');
    for (const tick of await history.championTimeTicks().allTextContents()) expect(tick).toMatch(/\d{1,2}:\d{2}/);
    const legend = (await history.championLegend().textContent()) ?? '';
    expect(legend).toContain('promotion');
    expect(legend).toContain('rollback');
    expect(legend).toContain('F1 (macro)');

    const markers = await history.championMarkers().evaluateAll((nodes) =>
      nodes.map((n) => {
        const shapes = [...n.querySelectorAll('path, text')].map((s) => s.getBoundingClientRect());
        const x = Math.min(...shapes.map((r) => r.left));
        const y = Math.min(...shapes.map((r) => r.top));
        return { x, y, width: Math.max(...shapes.map((r) => r.right)) - x, height: Math.max(...shapes.map((r) => r.bottom)) - y };
      }),
    );
    const points = await history.championPoints().evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).map((r) => ({ x: r.left, y: r.top, width: r.width, height: r.height })));
    for (const [i, marker] of markers.entries()) {
      for (const point of points) expect(overlap(marker, point)).toBe(false);
      for (const other of markers.slice(i + 1)) expect(overlap(marker, other)).toBe(false);
    }
    await screenshot(session.page, 'story-champion');
  });
});

describe('the target is asked for after the first upload', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'relearn-target-'));
    const kinds = ['sun', 'rain', 'fog', 'snow', 'drizzle'];
    const rows = Array.from({ length: 100 }, (_, i) => `2024-01-${String((i % 28) + 1).padStart(2, '0')},${i % 2 ? 'north' : 'south'},${(i * 0.37).toFixed(2)},${kinds[i % 5]}`);
    writeFileSync(join(dir, 'first.csv'), ['date,station,temp,weather', ...rows].join('\n') + '\n');
  });

  test('the prompt names each candidate with its task; choosing one sets the target and a run starts by itself', async () => {
    const { page, errors, close } = await newPage();
    const data = new DataPage(page);
    const pipeline = new PipelinePage(page);
    await data.chooseBackendBeforeData('wasm');
    await data.open();
    await data.uploadFiles([join(dir, 'first.csv')]);
    await data.targetPrompt().waitFor();
    expect(await data.targetCandidates()).toEqual(['station → binary (2 classes)', 'temp → regression', 'weather → multiclass (5 classes)']);
    await screenshot(page, 'target-prompt');

    // Before the choice, the Pipeline says what starts the first run, and that nothing is to be pressed.
    await pipeline.open();
    const empty = (await pipeline.noRunsYet().locator('xpath=ancestor::section[1]').textContent()) ?? '';
    expect(empty).toContain('a run starts on its own, nothing to press');
    expect(empty).not.toContain('press Run now');

    await data.open();
    await data.chooseTargetCandidate('weather → multiclass (5 classes)');
    await data.targetPrompt().waitFor({ state: 'detached' });
    const detail = await data.openBatch('first.csv');
    await expect.poll(() => data.targetPicker(detail).inputValue()).toBe('weather');

    await pipeline.open();
    expect(await pipeline.waitForOutcome(1, ['promoted'])).toBe('promoted');
    expect((await pipeline.run(1)).trigger).not.toContain('manual');
    expect(errors).toEqual([]);
    await close();
  });

  test('"No target" puts the prompt away for this workspace, also after a reload', async () => {
    const { page, errors, close } = await newPage();
    const data = new DataPage(page);
    await data.open();
    await data.uploadFiles([join(dir, 'first.csv')]);
    await data.targetPrompt().waitFor();
    await data.declineTarget();
    await data.targetPrompt().waitFor({ state: 'detached' });
    await page.reload();
    await data.batchTable().waitFor();
    expect(await data.targetPrompt().count()).toBe(0);
    expect(errors).toEqual([]);
    await close();
  });
});
