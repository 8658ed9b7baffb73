import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { expect, test } from 'vitest';
import { seriousViolations } from './axe.ts';
import { newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { ModelsPage } from './pages/models-page.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { WorkbenchPage, type SectionName } from './pages/workbench-page.ts';

const upload = fileURLToPath(new URL('../fixtures/csv/ok_crlf_quoted.csv', import.meta.url));

const isFocused = (target: Locator): Promise<boolean> => target.evaluate((el) => el === document.activeElement);

/**
 * Presses Tab until `target` has the focus (at most `max` times), then checks that the focus is
 * visible: the browser matches :focus-visible and draws an outline.
 */
async function tabTo(page: Page, target: Locator, max = 250): Promise<void> {
  await target.waitFor();
  for (let presses = 0; !(await isFocused(target)); presses++) {
    if (presses === max) throw new Error(`${max} presses of Tab never reached ${target.toString()}`);
    await page.keyboard.press('Tab');
  }
  const ring = await target.evaluate((el) => {
    const style = getComputedStyle(el);
    return { focusVisible: el.matches(':focus-visible'), outline: style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth) };
  });
  expect(ring, `focus ring on ${target.toString()}`).toEqual({ focusVisible: true, outline: expect.any(Number) });
  expect(ring.outline, `outline width on ${target.toString()}`).toBeGreaterThan(0);
}

async function press(page: Page, target: Locator, key: 'Enter' | ' '): Promise<void> {
  await tabTo(page, target);
  await page.keyboard.press(key === ' ' ? 'Space' : key);
}

async function openSection(page: Page, name: SectionName): Promise<void> {
  const workbench = new WorkbenchPage(page);
  await press(page, workbench.sectionLink(name), 'Enter');
  await workbench.heading().filter({ hasText: name }).waitFor();
}

/** Replaces a text field's value from the keyboard. */
async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

/** Moves a focused closed <select> with the arrow keys until its chosen option's text is (or holds) `option`. */
async function chooseWithArrows(page: Page, select: Locator, option: string | RegExp): Promise<void> {
  await tabTo(page, select);
  const options = await new WorkbenchPage(page).optionTexts(select);
  const want = options.findIndex((text) => (typeof option === 'string' ? text === option : option.test(text)));
  if (want < 0) throw new Error(`no option ${String(option)} in ${options.join(' | ')}`);
  for (let tries = 0; tries < options.length; tries++) {
    const at = await select.evaluate((el) => (el as HTMLSelectElement).selectedIndex);
    if (at === want) return;
    await page.keyboard.press(at < want ? 'ArrowDown' : 'ArrowUp');
  }
  expect(await select.evaluate((el) => (el as HTMLSelectElement).selectedIndex)).toBe(want);
}

test('the main flows work with the keyboard alone, with a visible focus and Escape closing what was opened', { timeout: 420_000 }, async () => {
  const { page, errors, close } = await newPage();
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const data = new DataPage(page);
  const monitor = new MonitorPage(page);
  const models = new ModelsPage(page);
  const pipeline = new PipelinePage(page);
  // Set up with the mouse: training on wasm, so that the first training does not measure every backend.
  await pipeline.chooseBackendBeforeData('wasm');
  await data.open();

  // Pipeline policy: no automatic runs, a person approves, a short training (the default gradient boosting).
  await openSection(page, 'Pipeline');
  await pipeline.noRunsYet().waitFor();
  await press(page, pipeline.setting('Automatic runs'), ' ');
  expect(await pipeline.setting('Automatic runs').isChecked()).toBe(false);
  await chooseWithArrows(page, pipeline.setting('Approval'), 'manual: a person approves');
  await typeInto(page, pipeline.setting('Boosting iterations'), '10');
  await press(page, pipeline.saveButton(), 'Enter');
  await pipeline.policySaved().waitFor();

  // Data: the demo, then a file through the file chooser that the keyboard opens.
  await openSection(page, 'Data');
  await press(page, data.loadDemoButton(), 'Enter');
  await data.waitForResults();
  await press(page, data.dismissButton(), 'Enter');
  const chooser = page.waitForEvent('filechooser');
  await press(page, data.chooseFilesButton(), 'Enter');
  await (await chooser).setFiles(upload);
  await data.outcome('ok_crlf_quoted.csv').waitFor({ timeout: 60_000 });

  // A batch's detail opens from its link and closes with Escape, focus back on the link.
  const batchLink = data.batchLink('seattle-2014.csv');
  await press(page, batchLink, 'Enter');
  await data.detail('seattle-2014.csv').waitFor();
  await page.keyboard.press('Escape');
  await data.detail('seattle-2014.csv').waitFor({ state: 'detached' });
  expect(await isFocused(batchLink)).toBe(true);

  // Monitor: sort the column table, open a column's drill-down, close it with Escape.
  await openSection(page, 'Monitor');
  await monitor.waitForChecks();
  await monitor.batchesListed();
  await chooseWithArrows(page, monitor.batchPicker(), / seattle-2014\.csv — /);
  await monitor.batchHeading().filter({ hasText: 'seattle-2014.csv' }).waitFor();
  await press(page, monitor.sortButton('Column'), 'Enter');
  expect(await monitor.sortHeader('Column').getAttribute('aria-sort')).toBe('ascending');
  await page.keyboard.press('Enter');
  expect(await monitor.sortHeader('Column').getAttribute('aria-sort')).toBe('descending');
  const columnButton = monitor.columnButton('temp_max');
  await press(page, columnButton, 'Enter');
  await monitor.drillDown('temp_max').waitFor();
  expect(await columnButton.getAttribute('aria-expanded')).toBe('true');
  await page.keyboard.press('Escape');
  await monitor.drillDown('temp_max').waitFor({ state: 'detached' });
  expect(await isFocused(columnButton)).toBe(true);

  // Models: train from the form.
  await openSection(page, 'Models');
  await models.chosenBatches(/^\d+ of \d+ chosen/).waitFor({ timeout: 60_000 });
  await typeInto(page, models.setting('Epochs'), '3');
  await press(page, models.trainButton(), 'Enter');
  await models.waitForOutcome('finished', 180_000);
  await expect.poll(() => models.versionCount()).toBe(1);

  // Pipeline: Run now, then its graph, a task from the graph and from the grid, and the approval.
  await openSection(page, 'Pipeline');
  await press(page, pipeline.runNowButton(), 'Enter');
  expect(await pipeline.waitForOutcome(1, ['awaiting approval', 'failed', 'rejected'], 180_000)).toBe('awaiting approval');
  const runLink = pipeline.runLink(1);
  await press(page, runLink, 'Enter');
  await pipeline.runTitle().filter({ hasText: /^Run 1$/ }).waitFor();
  await press(page, pipeline.node('gate'), 'Enter');
  await pipeline.detailsHeading('gate').waitFor();
  await page.keyboard.press('Escape');
  await pipeline.details().waitFor({ state: 'detached' });
  expect(await isFocused(pipeline.node('gate'))).toBe(true);
  await press(page, pipeline.gridCell(1, 'train'), 'Enter');
  await pipeline.detailsHeading('train').waitFor();

  // Approve: Escape goes back to the choice with the focus on Approve; then a reason and Enter.
  const approve = pipeline.approvalButton('Approve');
  await press(page, approve, 'Enter');
  const reason = pipeline.approvalReason('Why approve?');
  expect(await isFocused(reason)).toBe(true);
  expect(await seriousViolations(page, 'approval form')).toEqual([]);
  await page.keyboard.press('Escape');
  await reason.waitFor({ state: 'detached' });
  expect(await isFocused(approve)).toBe(true);
  await page.keyboard.press('Enter');
  await page.keyboard.type('checked the holdout metrics');
  await press(page, pipeline.approvalButton('Approve run 1'), 'Enter');
  expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 120_000)).toBe('promoted');
  await screenshot(page, 'keyboard-approved');

  // The notification bell: Enter opens its panel with the focus in it; Escape closes it and gives the focus back.
  const bell = pipeline.bell();
  await press(page, bell, 'Enter');
  const panel = pipeline.notificationList();
  await panel.waitFor();
  expect(await isFocused(panel)).toBe(true);
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'detached' });
  expect(await isFocused(bell)).toBe(true);

  expect(errors).toEqual([]);
  await close();
});
