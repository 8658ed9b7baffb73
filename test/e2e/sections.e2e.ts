import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { SECTIONS } from '../../src/ui/route.ts';
import { WorkbenchPage, type SectionName } from './pages/workbench-page.ts';

const NAMES = SECTIONS.map((s) => s.title as SectionName);

test('every section link opens its section, heading first, and marks itself current', async () => {
  const { page, errors, close } = await newPage();
  const workbench = new WorkbenchPage(page);
  await workbench.goto();
  await workbench.heading().filter({ hasText: 'Data' }).waitFor();
  expect(await workbench.currentSectionLink().textContent()).toBe('Data');

  for (const name of [...NAMES.slice(1), 'Data' as const]) {
    await workbench.openSection(name);
    await workbench.heading().filter({ hasText: name }).waitFor();
    expect(await workbench.heading().textContent()).toBe(name);
    expect(page.url()).toMatch(new RegExp(`#/${name.toLowerCase()}$`));
    expect(await workbench.currentSectionLink().textContent()).toBe(name);
    // Every section says what it holds: a section header's lede, and content beyond it.
    expect((await workbench.mainText()).length).toBeGreaterThan(120);
    await screenshot(page, `section-${name.toLowerCase()}`);
  }

  await page.goBack();
  await workbench.heading().filter({ hasText: 'Storage' }).waitFor();
  expect(errors).toEqual([]);
  await close();
});
