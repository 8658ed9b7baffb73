import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { DAG, TASK_IDS } from '../../src/core/pipeline/dag.ts';
import { demoBatches } from '../../src/core/demo.ts';
import { seriousViolations } from './axe.ts';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { MonitorPage } from './pages/monitor-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';
import { RegistryPage } from './pages/registry-page.ts';

const WEATHER = await readFile(fileURLToPath(new URL('../../node_modules/vega-datasets/data/weather.csv', import.meta.url)), 'utf8');

/** A demo batch's values of a numeric column, as numbers. */
function columnOf(batch: string, column: string): number[] {
  const [header, ...rows] = demoBatches(WEATHER).find((b) => b.name === batch)!.csv.trim().split('\n');
  const at = header!.split(',').indexOf(column);
  return rows.map((r) => Number(r.split(',')[at]));
}

/** numpy.quantile(values, q) (method 'linear'), written out here so the page's figures are checked against the definition. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const virtual = (sorted.length - 1) * q;
  const below = Math.floor(virtual);
  return sorted[below]! + (sorted[Math.min(below + 1, sorted.length - 1)]! - sorted[below]!) * (virtual - below);
}

/** Three significant digits, as the Monitor shows a value. */
const shown = (x: number): string => String(Number(x.toPrecision(3)));

/** Elements under `selector` whose content runs past their box: "tag.class +Npx". */
async function overflowing(session: PageSession, selector: string): Promise<string[]> {
  return session.page.locator(selector).evaluateAll((els) => els.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => `${el.tagName.toLowerCase()}.${el.className} +${el.scrollWidth - el.clientWidth}px`));
}

describe('the demo after its automatic runs, as a person reads it', () => {
  let session: PageSession;
  let pipeline: PipelinePage;
  beforeAll(async () => {
    session = await newPage();
    pipeline = new PipelinePage(session.page);
    await pipeline.openDemo({ automaticRuns: true });
    await pipeline.waitForIdle(5, 240_000);
  });
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test('the pipeline graph reads left to right in two bands, every edge straight but the one that wraps', async () => {
    await pipeline.openRun(1);
    const boxes = await pipeline.nodeBoxes();
    expect(Object.keys(boxes).sort()).toEqual([...TASK_IDS].sort());
    // Every task stands right of each task upstream of it, but the gate, which starts the second band below.
    for (const task of DAG) {
      for (const up of task.upstream) {
        if (task.id === 'gate') expect(boxes.gate!.y, 'compare → gate').toBeGreaterThan(boxes.compare!.y + boxes.compare!.height);
        else expect(boxes[task.id]!.x, `${up} → ${task.id}`).toBeGreaterThan(boxes[up]!.x + boxes[up]!.width - 1);
      }
    }
    // The chain from check_trigger to compare on one line, at the size it was drawn (not scaled down).
    for (const id of ['validate_data', 'prepare_features', 'train', 'evaluate', 'compare']) expect(Math.abs(boxes[id]!.y - boxes.check_trigger!.y), id).toBeLessThan(1);
    expect(boxes.train!.width).toBeGreaterThan(120);
    const xs = Object.values(boxes).flatMap((b) => [b.x, b.x + b.width]);
    const ys = Object.values(boxes).flatMap((b) => [b.y, b.y + b.height]);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(2.5 * (Math.max(...ys) - Math.min(...ys)));
    const paths = await pipeline.edgePaths();
    expect(paths).toHaveLength(DAG.reduce((n, t) => n + t.upstream.length, 0));
    const straight = paths.filter((d) => /^M\s*[-\d.]+[\s,]+[-\d.]+\s*L\s*[-\d.]+[\s,]+[-\d.]+$/.test(d));
    expect(straight).toHaveLength(paths.length - 1);
    expect((await pipeline.edgeLabels()).sort()).toEqual(['fail', 'pass']);
    await session.page.locator('.run-panel').screenshot({ path: fileURLToPath(new URL('./out/views-dag.png', import.meta.url)) });
  });

  test('the runs grid has a legend, a column for each batch that started no run, and the backend set-up apart', async () => {
    const runs = await pipeline.runCount();
    // Each of the five batches was judged once: it started a run or it did not.
    expect(await pipeline.gridRuns().count()).toBe(runs);
    expect(await pipeline.gridNoRuns().count()).toBe(5 - runs);
    const noRuns = await pipeline.gridNoRunTexts();
    expect(noRuns).toHaveLength(5 - runs);
    for (const text of noRuns) expect(text).toMatch(/^no run: \S/);
    const legend = await pipeline.gridLegend().textContent();
    for (const meaning of ['F first model', 'D drift', 'M manual', 'promoted', 'rejected', 'no run: the policy judged the batch and did not retrain', 'choosing the training backend']) expect(legend).toContain(meaning);
    // A run that spent time choosing the training backend says so in its time, and only such a run.
    const marked = (await pipeline.gridSetupMarks()).map((label) => Number(/^Run (\d+):/.exec(label)![1]));
    for (let n = 1; n <= runs; n++) {
      await pipeline.openRun(n);
      const time = await pipeline.runTime().textContent();
      if (marked.includes(n)) expect(time, `run ${n}`).toMatch(/\(\d[\d.]* m?s of it choosing the training backend, before the first task\)/);
      else expect(time, `run ${n}`).not.toContain('training backend');
    }
    expect(await seriousViolations(session.page, 'runs grid')).toEqual([]);
    await session.page.locator('section[aria-labelledby="runs-title"]').screenshot({ path: fileURLToPath(new URL('./out/views-grid.png', import.meta.url)) });
  });

  test('ticked versions compare side by side: metrics with the best marked, parameters with the differences highlighted', async () => {
    const registry = new RegistryPage(session.page);
    await registry.open();
    await registry.versionsTable().waitFor();
    const versions = await registry.versionCount();
    expect(versions).toBeGreaterThanOrEqual(2);
    for (let v = 1; v <= versions; v++) await registry.tickBox(v).check();
    await registry.multiCompare().waitFor();
    expect(await registry.multiCompare().getByRole('heading').first().textContent()).toBe(`Comparing versions ${Array.from({ length: versions }, (_, i) => i + 1).join(', ')}`);
    // Accuracy: the marked cell holds the highest value.
    const accuracy = await registry.metricRow('accuracy').locator('td').allTextContents();
    const values = accuracy.map((t) => Number.parseFloat(t));
    const best = await registry.metricRow('accuracy').locator('td[data-best="true"]').allTextContents();
    expect(best.map((t) => Number.parseFloat(t))).toEqual(values.filter((v) => v === Math.max(...values)));
    // Every version trained on more batches than the one before: that row differs; the learning rate does not.
    expect(await registry.paramRow('trainingBatches').getAttribute('data-differs')).toBe('true');
    expect(await registry.paramRow('learningRate').getAttribute('data-differs')).toBe('false');
    expect(await registry.paramRow('learningRate').locator('th').textContent()).toBe('Learning rate');
    for (const key of ['family', 'maxLeafNodes', 'epochs', 'features', 'classWeight', 'seed']) expect(await registry.paramRow(key).count(), key).toBe(1);
    await registry.onlyDiffering().check();
    const differing = await registry.multiCompareTable('Parameters').locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-differs')));
    expect(differing.length).toBeGreaterThan(0);
    expect(new Set(differing)).toEqual(new Set(['true']));
    expect(await overflowing(session, '.multi-compare, .multi-compare .table-wrap, .versions-tools')).toEqual([]);
    expect(await seriousViolations(session.page, 'multi-compare')).toEqual([]);
    await registry.multiCompare().screenshot({ path: fileURLToPath(new URL('./out/views-compare.png', import.meta.url)) });

    // Parameters and tags as columns of the versions table.
    const chooser = await registry.columnChooser();
    await chooser.getByLabel('Learning rate').check();
    await chooser.getByLabel('Tags').check();
    const headers = await registry.versionsTable().locator('thead th').allTextContents();
    expect(headers).toEqual(expect.arrayContaining(['Learning rate', 'Tags']));
    // The demo's versions come from the pipeline: gradient boosting, learning rate 0.1.
    const at = headers.indexOf('Learning rate');
    expect(await registry.versionsTable().locator('tbody tr').first().locator('th, td').nth(at).textContent()).toBe('0.1');

    // Two ticked: the paired comparison on the same rows is one click away.
    for (let v = 3; v <= versions; v++) await registry.tickBox(v).uncheck();
    await registry.multiCompare().getByRole('link', { name: 'Paired comparison on the same rows' }).click();
    await session.page.getByRole('heading', { name: 'Version 1 against version 2' }).waitFor();
  });

  test("a version's registry facts and the policy form's selects stay inside their boxes", async () => {
    const registry = new RegistryPage(session.page);
    await registry.open();
    await registry.versionsTable().waitFor();
    const versions = await registry.versionCount();
    // The newest version trained on the most batches: the longest list of batch links.
    await session.page.goto(`#/models/version/${versions}`);
    await session.page.getByRole('group', { name: 'Registry actions' }).waitFor();
    expect(await overflowing(session, '.registry-grid .facts, .registry-grid .fact, .registry-grid .fact dd')).toEqual([]);
    await pipeline.open();
    const judgedBy = session.page.getByLabel('Judged by');
    expect(await judgedBy.getAttribute('title')).toBe(await judgedBy.locator('option:checked').textContent());
    expect(await overflowing(session, 'form .field')).toEqual([]);
  });

  test("Monitor's columns show reference → current summaries, and the drill-down's legend names the overlap", async () => {
    const monitor = new MonitorPage(session.page);
    await monitor.openSection('Monitor');
    await expect.poll(() => monitor.batchHeading().textContent()).toBe('Drift of new-york-2015.csv');
    const reference = columnOf('seattle-2012.csv', 'temp_max');
    const current = columnOf('new-york-2015.csv', 'temp_max');
    const summary = await monitor.columnCell('temp_max', 'Reference → current');
    expect(summary).toContain(`mean ${shown(reference.reduce((a, b) => a + b) / reference.length)} → ${shown(current.reduce((a, b) => a + b) / current.length)}`);
    expect(summary).toContain(`median ${shown(quantile(reference, 0.5))} → ${shown(quantile(current, 0.5))}`);
    expect(summary).toContain(`IQR ${shown(quantile(reference, 0.25))}–${shown(quantile(reference, 0.75))} → ${shown(quantile(current, 0.25))}–${shown(quantile(current, 0.75))}`);
    expect(await monitor.columnCell('location', 'Reference → current')).toContain('top “Seattle” 100% → “New York” 100%');
    const drill = await monitor.openDrillDown('temp_max');
    expect(await monitor.overlayLegend(drill).allTextContents()).toEqual(['reference', 'current', 'both (overlap)']);
    // A categorical overlay's bars stand side by side: no overlap to name.
    expect(await monitor.overlayLegend(await monitor.openDrillDown('location')).allTextContents()).toEqual(['reference', 'current']);
    expect(await seriousViolations(session.page, 'monitor summaries')).toEqual([]);
    await screenshot(session.page, 'views-monitor');
  });
});
