import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { WorkbenchPage } from './pages/workbench-page.ts';

test('the page opens with its title and without console errors', async () => {
  const { page, errors, close } = await newPage();
  const workbench = new WorkbenchPage(page);
  await workbench.goto();
  await page.waitForLoadState('networkidle');
  expect(await page.title()).toContain('Relearn');
  await screenshot(page, 'smoke');
  expect(errors).toEqual([]);
  await close();
});
