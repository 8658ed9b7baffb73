import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { SchedulerPage } from './pages/scheduler-page.ts';

const CLOCK = String.raw`\d\d:\d\d:\d\d`;

test('a second tab names the scheduling tab and runs nothing itself: its uploads run in the first tab, and it takes over when that tab closes', async () => {
  // Two tabs of one browser profile: the same IndexedDB, the same Web Locks.
  const { page, context, errors, close } = await newPage();
  const first = new SchedulerPage(page);
  await first.open();
  await expect.poll(() => first.role(), { timeout: 30_000 }).toBe('scheduler');
  const firstOpened = await first.openedClock();
  expect(await first.schedulingTab().textContent()).toBe(`Scheduling in this tab (opened ${firstOpened}); no run executed here yet.`);

  const secondPage = await context.newPage();
  const secondErrors: string[] = [];
  secondPage.on('pageerror', (error) => secondErrors.push(error.message));
  const second = new SchedulerPage(secondPage);
  // The second tab loads the demo: its five batches are uploaded and checked for drift in this tab.
  await second.openDemo({ automaticRuns: true });
  await expect.poll(() => second.role(), { timeout: 30_000 }).toBe('viewer');
  await expect.poll(() => second.schedulingTab().textContent(), { timeout: 30_000 }).toMatch(new RegExp(`^Scheduling in another tab \\(opened ${firstOpened}, scheduling since ${CLOCK}\\)\\.$`));
  expect(await second.runNowButton().isDisabled()).toBe(true);

  // The first tab judges the batches the second stored, and executes the runs they start.
  expect(await second.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 120_000)).toBe('promoted');
  await second.waitForIdle(5);
  await first.waitForIdle(5);
  const runs = await second.runCount();
  const executed = Array.from({ length: runs }, (_, i) => i + 1).join(', ');
  expect(await first.schedulingTab().textContent()).toBe(`Scheduling in this tab (opened ${firstOpened}); ${runs === 1 ? 'run' : 'runs'} executed here: ${executed}.`);
  expect(second.startedPipelineWorker()).toBe(false);
  await screenshot(secondPage, 'tabs-viewer');
  await screenshot(page, 'tabs-scheduler');

  // The first tab closes: the second takes the lock, says so, and executes the next run itself.
  await page.close();
  await expect.poll(() => second.role(), { timeout: 30_000 }).toBe('scheduler');
  const secondOpened = await second.openedClock();
  expect(await second.schedulingTab().textContent()).toBe(`Scheduling in this tab (opened ${secondOpened}); no run executed here yet.`);
  await second.runNow('taken over');
  expect(await second.waitForOutcome(runs + 1, ['promoted', 'rejected', 'failed'], 120_000)).not.toBe('failed');
  expect(await second.schedulingTab().textContent()).toBe(`Scheduling in this tab (opened ${secondOpened}); run executed here: ${runs + 1}.`);
  expect(second.startedPipelineWorker()).toBe(true);
  await screenshot(secondPage, 'tabs-taken-over');
  expect(errors).toEqual([]);
  expect(secondErrors).toEqual([]);
  await close();
});
