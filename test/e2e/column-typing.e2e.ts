import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'relearn-typing-'));
function file(name: string, rows: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `ticket,opened,count,label\n${rows.join('\n')}\n`);
  return path;
}

const day = (year: number, i: number): string => `${year}-01-${String(i + 1).padStart(2, '0')}`;
// The reference: a ticket id per row, a date, a count with many values, a label.
const reference = file('reference.csv', Array.from({ length: 30 }, (_, i) => `T-${i},${day(2024, i)},${i * 7},${'ab'[i % 2]}`));
// A small later batch: its count holds three values and one word, which its own inference would call categorical.
const later = file('later.csv', Array.from({ length: 30 }, (_, i) => `T-${100 + i},${day(2025, i)},${i === 0 ? 'unknown' : i % 3},${'ab'[i % 2]}`));

test('a later batch is read with the reference types: unfit cells, a datetime range, an id-like column, a type override', async () => {
  const { page, errors, close } = await newPage();
  const data = new DataPage(page);
  await data.open();
  await data.uploadFiles([reference]);
  await data.waitForResults();
  await data.dismissResults();
  await data.uploadFiles([later]);
  await data.waitForResults();
  expect(await data.batchCell('later.csv', 'Validation')).toMatch(/^pass/);

  const ref = await data.openBatch('reference.csv');
  expect(await data.columnType(ref, 'opened').textContent()).toBe('datetime');
  expect(await data.columnFlags(ref, 'ticket').textContent()).toContain('id-like: 100% of values unique');
  await data.qualityNumber(ref, 'opened', '2024-01-01').waitFor();
  await data.qualityNumber(ref, 'opened', '2024-01-30').waitFor();

  const detail = await data.openBatch('later.csv');
  expect(await data.columnType(detail, 'count').textContent()).toBe('numeric');
  expect(await data.columnFlags(detail, 'count').textContent()).toContain('1 unfit cell');
  await data.qualityNumber(detail, 'opened', '2025-01-01').waitFor();
  await data.qualityNumber(detail, 'opened', '2025-01-30').waitFor();
  await data.showPassingChecks(detail);
  const typeCheck = data.validationChecks(detail).filter({ hasText: 'count' }).filter({ hasText: 'unfit' });
  expect(await typeCheck.textContent()).toContain('3.3% unfit (1 of 30 cells not numeric)');
  await screenshot(page, 'column-typing');

  // An override re-reads every batch: as categorical the word fits, so nothing is unfit.
  await data.setColumnType(detail, 'count', 'categorical');
  await data.columnType(detail, 'count').filter({ hasText: 'categorical' }).waitFor();
  await expect.poll(() => data.columnFlags(detail, 'count').count()).toBe(0);
  await data.setColumnType(detail, 'count', 'inferred');
  await data.columnType(detail, 'count').filter({ hasText: 'numeric' }).waitFor();
  await data.columnFlags(detail, 'count').filter({ hasText: '1 unfit cell' }).waitFor();

  // The unfit share is a threshold of its own: at 1% the later batch fails.
  const settings = await data.openValidationSettings();
  await data.threshold(settings, 'Maximum unfit-cell share').fill('2');
  expect(await data.thresholdProblems(settings).textContent()).toMatch(/maximum unfit-cell share must be between 0 and 1/i);
  await data.threshold(settings, 'Maximum unfit-cell share').fill('0.01');
  await data.saveThresholds(settings).click();
  await data.thresholdsSaved(settings).waitFor();
  await expect.poll(() => data.batchCell('later.csv', 'Validation')).toMatch(/^fail/);

  expect(errors).toEqual([]);
  await close();
});
