import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, newPage, screenshot } from './harness.ts';
import { WorkbenchPage } from './pages/workbench-page.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

test('the page opens with its title and without console errors', async () => {
  const { page, errors, close } = await newPage(browser);
  const workbench = new WorkbenchPage(page);
  await workbench.goto();
  await page.waitForLoadState('networkidle');
  expect(await page.title()).toContain('Relearn');
  await screenshot(page, 'smoke');
  expect(errors).toEqual([]);
  await close();
});
