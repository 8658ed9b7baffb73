import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { newPage, screenshot } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { storedColumns } from './pages/stored-records.ts';

const fixtures = fileURLToPath(new URL('../fixtures/csv/', import.meta.url));
const fixture = (name: string): string => join(fixtures, name);

test('uploading the CSV fixtures stores the good files, refuses the bad ones and shows cells as text', async () => {
  const { page, errors, close } = await newPage();
  const data = new DataPage(page);
  await data.open();

  const all = readdirSync(fixtures).filter((f) => f.endsWith('.csv')).sort();
  expect(all).toHaveLength(8);
  await data.uploadFiles(all.map(fixture));
  await data.waitForResults();

  for (const file of all.filter((f) => f.startsWith('ok_'))) {
    expect(await data.outcome(file).textContent()).toMatch(/^stored/);
  }
  const refusals: [string, RegExp][] = [
    ['bad_ragged.csv', /line 52: expected 3 fields/],
    ['bad_unclosed_quote.csv', /line 22: .*quoted field/],
    ['bad_empty.csv', /empty/],
    ['bad_binary.csv', /UTF-8|binary/],
  ];
  for (const [file, message] of refusals) {
    const text = await data.outcome(file).textContent();
    expect(text).toMatch(/^refused/);
    expect(text).toMatch(message);
    expect(text).toContain('Nothing stored');
  }

  expect(await data.batchNames()).toEqual(['ok_bom_semicolon.csv', 'ok_crlf_quoted.csv', 'ok_formula_injection.csv', 'ok_missing_tokens.csv']);
  const rows: Record<string, string> = {
    'ok_bom_semicolon.csv': '40',
    'ok_crlf_quoted.csv': '40',
    'ok_formula_injection.csv': '30',
    'ok_missing_tokens.csv': '80',
  };
  for (const [name, count] of Object.entries(rows)) expect(await data.batchCell(name, 'Rows')).toBe(count);
  expect(await data.batchCell('ok_bom_semicolon.csv', 'Columns')).toBe('3');
  expect(await data.batchCell('ok_bom_semicolon.csv', 'Validation')).toContain('reference');
  expect(await data.storedCounts()).toMatchObject({ batches: 4 });
  // Each id is the file's SHA-256, made by the hash worker from the slices the ingest worker hands it: the same hex as Node's.
  const ids = (await storedColumns(page)).batches.map((b) => [b.name, b.id]).sort();
  expect(ids).toEqual(Object.keys(rows).map((name) => [name, createHash('sha256').update(readFileSync(fixture(name))).digest('hex')]));

  const bom = await data.openBatch('ok_bom_semicolon.csv');
  expect(await data.fact(bom, 'Delimiter').textContent()).toBe('semicolon');
  expect(await data.fact(bom, 'BOM').textContent()).toBe('yes');
  expect(await data.fact(bom, 'Rows').textContent()).toBe('40');
  expect(await data.fact(bom, 'Columns').textContent()).toBe('3');

  // The same bytes again: recognised by their hash, nothing stored twice.
  await data.uploadFiles([fixture('ok_crlf_quoted.csv')]);
  await data.outcome('ok_crlf_quoted.csv').filter({ hasText: 'Already uploaded' }).waitFor();
  expect(await data.outcome('ok_crlf_quoted.csv').textContent()).toMatch(/^duplicate.*Already uploaded as batch ok_crlf_quoted\.csv/);
  expect(await data.batchRows().count()).toBe(4);

  // Formula-like cells are data: shown as text, never turned into links or markup.
  const formula = await data.openBatch('ok_formula_injection.csv');
  await data.previewCell(formula, '=HYPERLINK("http://evil.example/?q=0")').waitFor();
  expect(await data.linksTo('evil.example').count()).toBe(0);

  // A type override applies to every batch and is shown once the worker has re-typed the column.
  const tokens = await data.openBatch('ok_missing_tokens.csv');
  expect(await data.columnType(tokens, 'label').textContent()).toBe('categorical');
  await data.setColumnType(tokens, 'label', 'numeric');
  await data.columnType(tokens, 'label').filter({ hasText: 'numeric' }).waitFor();
  await data.qualityNumber(tokens, 'label', '0.5').first().waitFor();

  // The override is kept with the workspace: a batch uploaded later gets it too.
  const later = join(mkdtempSync(join(tmpdir(), 'relearn-later-')), 'later.csv');
  writeFileSync(later, `x,y,label\n${Array.from({ length: 40 }, (_, i) => `${i},${(i * 0.37) % 1},${i % 2}`).join('\n')}\n`);
  await data.dismissResults();
  await data.uploadFiles([later]);
  await data.waitForResults();
  const laterDetail = await data.openBatch('later.csv');
  expect(await data.columnType(laterDetail, 'label').textContent()).toBe('numeric');

  await data.scrollToTop();
  await screenshot(page, 'data-upload');
  expect(errors).toEqual([]);
  await close();
});

test('Download CSV writes the stored batch back out, formula-like cells escaped', async () => {
  const { page, errors, close } = await newPage();
  const data = new DataPage(page);
  await data.open();
  await data.uploadFiles([fixture('ok_formula_injection.csv')]);
  await data.waitForResults();
  const detail = await data.openBatch('ok_formula_injection.csv');
  const [download] = await Promise.all([page.waitForEvent('download'), data.downloadCsvButton(detail).click()]);
  expect(download.suggestedFilename()).toBe('ok_formula_injection.csv');
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const lines = Buffer.concat(chunks).toString('utf8').split('\r\n');
  expect(lines[0]).toBe('x,comment,label');
  expect(lines[1]).toBe(`0,"'=HYPERLINK(""http://evil.example/?q=0"")",0`);
  expect(lines.filter((l) => l !== '')).toHaveLength(31);
  expect(errors).toEqual([]);
  await close();
});
