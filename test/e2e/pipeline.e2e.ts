import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { TASK_IDS } from '../../src/core/pipeline/dag.ts';
import { seriousViolations } from './axe.ts';
import { newPage, screenshot, type PageSession } from './harness.ts';
import { DataPage } from './pages/data-page.ts';
import { PipelinePage } from './pages/pipeline-page.ts';

const promotedStates = Object.fromEntries(TASK_IDS.map((t) => [t, t === 'shadow' || t === 'reject' ? 'skipped' : 'success']));

describe('the demo with its automatic runs', () => {
  // One page for the block: the runs are made once, and each test reads one thing about them.
  let session: PageSession;
  let pipeline: PipelinePage;
  /** How many runs the demo's batches started by themselves. */
  let automatic: number;
  /** The champion when the last automatic run was judged. */
  let championBeforeLast: number;
  beforeAll(async () => {
    session = await newPage();
    pipeline = new PipelinePage(session.page);
    await pipeline.openDemo({ automaticRuns: true });
  });
  afterAll(() => session.close());
  afterEach(() => expect(session.errors).toEqual([]));

  test('the first labeled batch trains version 1 and the gate promotes it; the later batches run on drift', async () => {
    expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 120_000)).toBe('promoted');
    expect(await pipeline.run(1)).toEqual({ trigger: 'first model', why: 'no champion yet: this batch trains the first version', outcome: 'promoted' });
    expect(await pipeline.role()).toBe('scheduler');
    // The later batches are judged by the policy (drift is on by default); wait until all five are.
    await pipeline.waitForIdle(5);
    automatic = await pipeline.runCount();
    const outcomes: string[] = [];
    for (let n = 2; n <= automatic; n++) {
      const run = await pipeline.run(n);
      expect(run.trigger, `run ${n}`).toBe('drift');
      outcomes.push(run.outcome);
    }
    // Under the default gate (0.01 on F1 (macro) and the bootstrap interval above 0) the demo still shows a real
    // promotion among its drift runs (bench/gateDefaults.ts weighs the gate on these batches).
    expect(outcomes).toContain('promoted');
    // Run n trains version n: the champion the last run faces is the newest version promoted before it.
    championBeforeLast = Math.max(1, ...outcomes.slice(0, -1).flatMap((o, i) => (o === 'promoted' ? [i + 2] : [])));
  });

  test("run 1's graph and the runs grid show every task's state", async () => {
    await pipeline.openRun(1);
    expect(await pipeline.nodeStates()).toEqual(promotedStates);
    expect(await pipeline.runPanel().textContent()).toContain('Why it ran: no champion yet: this batch trains the first version.');
    // The grid has a column per run, each cell in its task's state.
    for (const task of TASK_IDS) expect(await pipeline.gridCell(1, task).getAttribute('data-state'), task).toBe(promotedStates[task]);
    expect(await pipeline.gridRuns().count()).toBe(automatic);
    await pipeline.page.mouse.move(0, 0);
    await pipeline.scrollToTop();
    await screenshot(pipeline.page, 'pipeline');
  });

  test("pointing at a run's duration bar names that run, in a band and a tooltip over its bar", async () => {
    const page = pipeline.page;
    const bars = page.locator('.durations-chart .duration-bar');
    expect(await bars.count()).toBe(automatic);
    const last = bars.nth(automatic - 1);
    await last.scrollIntoViewIfNeeded();
    const bar = (await last.boundingBox())!;
    await page.mouse.move(bar.x + bar.width / 2, bar.y + bar.height - 1);
    const tooltip = page.locator('.durations-chart .plain-chart-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.locator('strong').textContent()).toBe(`Run ${automatic}`);
    const band = (await page.locator('.durations-chart svg > rect').boundingBox())!;
    expect(Math.abs(band.x + band.width / 2 - (bar.x + bar.width / 2))).toBeLessThan(1);
    expect(band.width).toBeGreaterThan(bar.width);
    await page.mouse.move(0, 0);
    await tooltip.waitFor({ state: 'detached' });
  });

  test("run 1's gate lists its check with value, threshold and result, and why it promoted", async () => {
    const gate = await pipeline.openTask('gate');
    expect(pipeline.page.url()).toMatch(/#\/pipeline\/run\/run-1\/task\/gate$/);
    const checks = await pipeline.rows(pipeline.table('Gate checks'));
    expect(checks).toHaveLength(1);
    expect(checks[0]).toEqual(['challenger F1 (macro)', expect.stringMatching(/^0\.\d{4}$/), 'any (no champion yet)', 'pass']);
    expect(await gate.textContent()).toContain('no champion yet: the first model is promoted');
    expect(await pipeline.detailsList('Log of gate').textContent()).toContain('try 1 of 1');
    await pipeline.scrollToTop();
    await screenshot(pipeline.page, 'pipeline-node');
  });

  test("run 1's evaluate shows the holdout metrics; its compare says there is no champion yet", async () => {
    await pipeline.openTask('evaluate');
    expect(await pipeline.bodyRows(pipeline.table('Holdout metrics')).count()).toBe(9);
    await pipeline.openTask('compare');
    expect(await pipeline.details().textContent()).toContain('there is no champion yet');
  });

  test("a drift run's check_trigger shows the batch's drift and the rule checks; its gate weighs the challenger against the champion", async () => {
    // The demo's later Seattle years and New York drift, so at least one drift run follows run 1.
    expect(automatic).toBeGreaterThanOrEqual(2);
    await pipeline.gridCell(automatic, 'check_trigger').click();
    await pipeline.detailsHeading('check_trigger').waitFor();
    const drift = await pipeline.rows(pipeline.table('Drift of the batch'));
    expect(drift.length).toBeGreaterThanOrEqual(5);
    expect(drift.map((r) => r[0])).toContain('temp_max');
    expect((await pipeline.rows(pipeline.table('Trigger rules'))).map((r) => r[0])).toEqual(['drift', 'drift that matters', 'performance', 'schedule', 'data volume']);
    await pipeline.openRun(automatic);
    expect(await pipeline.compareRows()).toContain(`Champion (v${championBeforeLast})`);
    expect(await pipeline.detailsList('Paired tests').textContent()).toMatch(/McNemar: the champion alone was right on \d+ rows/);
    await pipeline.scrollToTop();
    await screenshot(pipeline.page, 'pipeline-compare');
    // Against a champion the gate lists the improvement rule first (the metric's default, 0.01 on F1 (macro)), then the
    // paired tests: McNemar shown, not gating; the bootstrap interval of challenger − champion gating by default.
    await pipeline.openTask('gate');
    const gateChecks = await pipeline.rows(pipeline.table('Gate checks'));
    expect(gateChecks.map((r) => r[0])).toEqual(['F1 (macro): challenger − champion (higher is better)', expect.stringMatching(/^McNemar \(champion right only: \d+, challenger right only: \d+\)$/), 'bootstrap 95% interval of F1 (macro): challenger − champion']);
    // The raw difference with its marker, as everywhere: "0.6012 vs 0.5987: +0.0025 (better)".
    expect(gateChecks[0]?.[1]).toMatch(/^0\.\d{4} vs 0\.\d{4}: [+−±]\d\.\d{4} \((better|worse|same)\)$/);
    expect(gateChecks[0]?.[2]).toBe('≥ +0.0100');
    expect(gateChecks[1]?.[3]).toMatch(/^(pass|fail): shown, not gating$/);
    expect(gateChecks[2]?.[3]).toMatch(/^(pass|fail)$/);
  });

  test('Run now adds a manual run on every labeled batch, which ends promoted or rejected', async () => {
    expect(await pipeline.runNowButton().isDisabled()).toBe(false);
    expect(await pipeline.runNowNote().textContent()).toBe('Trains on every batch with “weather” that passed validation: 5 batches, 1,826 rows, with the saved settings.');
    await pipeline.runNow('checking by hand');
    const manual = automatic + 1;
    expect(['promoted', 'rejected']).toContain(await pipeline.waitForOutcome(manual, ['promoted', 'rejected', 'failed'], 90_000));
    expect(await pipeline.run(manual)).toMatchObject({ trigger: 'manual', why: 'checking by hand' });
    await pipeline.openRun(manual);
    expect(await pipeline.runPanelHeading().textContent()).toBe(`Run ${manual}`);
    expect(await pipeline.runPanel().textContent()).toContain('manual');
  });

  test('impossible policy values are named, mark their field and keep Save off', async () => {
    await pipeline.fill({ 'Schedule days': '-1' });
    expect(await pipeline.policyProblems().textContent()).toBe('Schedule days must be a whole number from 1 to 3650.');
    expect(await pipeline.setting('Schedule days').getAttribute('aria-invalid')).toBe('true');
    expect(await pipeline.saveButton().isDisabled()).toBe(true);
    await pipeline.fill({ 'Schedule days': '30', 'Data volume rows': '0' });
    expect(await pipeline.policyProblems().textContent()).toBe('The data volume must be a whole number of rows, 1 or more.');
    expect(await pipeline.saveButton().isDisabled()).toBe(true);
    await pipeline.fill({ 'Data volume rows': '10000' });
    expect(await pipeline.policyProblems().count()).toBe(0);
    // Back to the stored values: nothing to save.
    expect(await pipeline.saveButton().isDisabled()).toBe(true);
  });

  test('the replay judges every stored batch in arrival order, as the scheduler did', async () => {
    const replay = await pipeline.replay();
    expect(replay).toHaveLength(5);
    expect(replay.map((r) => r[1]?.replace(/arrived .*$/, ''))).toEqual(['seattle-2012.csv', 'seattle-2013.csv', 'seattle-2014.csv', 'seattle-2015.csv', 'new-york-2015.csv']);
    expect(replay[0]?.[4]).toBe('retrains (first model)');
    for (const row of replay) expect(row[4]).toMatch(/^(retrains \(\w[\w ]*\)|no retraining|held back \(\w+\))$/);
    // One retraining per automatic run.
    expect(replay.filter((r) => r[4]?.startsWith('retrains')).length).toBe(automatic);
    expect(await pipeline.mainText()).toContain('The performance rule on the realised metric cannot be replayed');
    await pipeline.replayHeading().scrollIntoViewIfNeeded();
    await screenshot(pipeline.page, 'pipeline-replay');
    expect(await pipeline.mainText()).not.toMatch(/NaN|Infinity/);
  });
});

test('with manual approval a run waits at the gate; rejecting it with a reason ends it rejected', async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  // Before any data: automatic runs off, approval by a person, a short training.
  await pipeline.openDemo({ policy: { choose: { Approval: 'manual: a person approves', 'Model family': 'MLP (neural network)' }, fill: { Epochs: '10' } } });
  await pipeline.runNowNote().filter({ hasText: /^Trains on every batch with “weather” that passed validation: 5 batches/ }).waitFor({ timeout: 60_000 });
  expect(await pipeline.runCount()).toBe(0);
  expect(await pipeline.runProgress().textContent()).toContain('Automatic runs are off');
  await pipeline.runNow();
  expect(await pipeline.waitForOutcome(1, ['awaiting approval', 'failed', 'rejected'])).toBe('awaiting approval');
  expect((await pipeline.nodeStates()).gate).toBe('awaiting_approval');
  expect(await pipeline.approval().textContent()).toContain('Run 1 waits for your approval.');

  // A reason is required: the confirm button stays off until one is typed.
  await pipeline.approvalButton('Reject').click();
  expect(await pipeline.approvalButton('Reject run 1').isDisabled()).toBe(true);
  await pipeline.approvalButton('Back').click();
  await pipeline.answer('Reject', 'not before the new station is reviewed');
  expect(await pipeline.waitForOutcome(1, ['rejected', 'promoted', 'failed'])).toBe('rejected');
  expect(await pipeline.approval().count()).toBe(0);
  const states = await pipeline.nodeStates();
  expect([states.gate, states.register, states.promote, states.reject, states.notify]).toEqual(['success', 'skipped', 'skipped', 'success', 'success']);
  const gate = await pipeline.openTask('gate');
  expect(await gate.textContent()).toContain('rejected by a person: not before the new station is reviewed');
  expect(errors).toEqual([]);
  await close();
});

test('a second tab shows that another tab runs the scheduler and keeps Run now off; it takes over when the first tab closes', async () => {
  const { page, context, errors, close } = await newPage();
  const first = new PipelinePage(page);
  await first.open();
  await expect.poll(() => first.role(), { timeout: 30_000 }).toBe('scheduler');
  expect(await first.schedulerStatus().textContent()).toContain('This tab runs the scheduler');

  const secondPage = await context.newPage();
  const secondErrors: string[] = [];
  secondPage.on('pageerror', (error) => secondErrors.push(error.message));
  const second = new PipelinePage(secondPage);
  await second.open();
  await expect.poll(() => second.role(), { timeout: 30_000 }).toBe('viewer');
  expect(await second.schedulerStatus().textContent()).toBe('Another tab runs the scheduler; this one shows its runs. It takes over when that tab closes.');
  expect(await second.runNowButton().isDisabled()).toBe(true);
  expect(await second.runNowNote().textContent()).toContain('Another tab runs the scheduler; it takes over when that tab closes.');
  await second.noRunsYet().waitFor();
  await screenshot(secondPage, 'pipeline-viewer');

  await page.close();
  await expect.poll(() => second.role(), { timeout: 30_000 }).toBe('scheduler');
  expect(await second.schedulerStatus().textContent()).toContain('This tab runs the scheduler');
  // Now it may run the pipeline; with no data yet, Run now says what is missing instead.
  expect(await second.runNowNote().textContent()).toBe('Choose the target column in Data first: runs train a model that predicts it.');
  expect(errors).toEqual([]);
  expect(secondErrors).toEqual([]);
  await close();
});

test('a run cancelled in train is re-run from there on the batches stored now: both tries stay, each with its log, and the batches are said', async () => {
  const { page, errors, close } = await newPage();
  const pipeline = new PipelinePage(page);
  // A training long enough to be cancelled while it goes.
  await pipeline.openDemo({ policy: { choose: { 'Model family': 'MLP (neural network)' }, fill: { Epochs: '200', Patience: '0', 'Batch size': '32' } } });
  await pipeline.runNowNote().filter({ hasText: /^Trains on every batch with “weather” that passed validation: 5 batches/ }).waitFor({ timeout: 60_000 });
  await pipeline.runNow('to be cancelled');
  await expect.poll(() => pipeline.runProgress().textContent(), { timeout: 90_000, interval: 50 }).toContain(': train (try 1)');
  await pipeline.cancelButton().click();
  expect(await pipeline.waitForOutcome(1, ['failed', 'promoted', 'rejected'], 60_000)).toBe('failed');

  // A sixth batch arrives after the run: New York's 2014 from the same public data.
  const dir = await mkdtemp(join(tmpdir(), 'relearn-rerun-'));
  const weather = await readFile(fileURLToPath(new URL('../../node_modules/vega-datasets/data/weather.csv', import.meta.url)), 'utf8');
  const lines = weather.split('\n');
  const later = join(dir, 'new-york-2014.csv');
  await writeFile(later, [lines[0], ...lines.filter((l) => l.startsWith('New York,2014-'))].join('\n') + '\n');
  const data = new DataPage(page);
  await pipeline.openSection('Data');
  await data.uploadFiles([later]);
  await data.waitForResults();
  expect(await data.outcome('new-york-2014.csv').getAttribute('data-status')).toBe('stored');
  await rm(dir, { recursive: true, force: true });

  await pipeline.openSection('Pipeline');
  await pipeline.openRun(1);
  await pipeline.openTask('train');
  expect(await pipeline.taskFact('Try')).toBe('1 of 1');
  // The default is the run's own snapshot, as Airflow re-runs a task on its run's inputs; the page says so.
  await expect.poll(() => pipeline.rerunStatement().textContent(), { timeout: 30_000 }).toMatch(/^Uses the 5 batches of the original run; 1 batch arrived since\. Clears train, evaluate, compare, gate, register, shadow, promote, reject, notify into new tries/);
  await pipeline.chooseRerunInputs(/^the batches stored now \(6\)$/);
  expect(await pipeline.rerunStatement().textContent()).toMatch(/^Trains on the 6 batches stored now \(1 batch arrived since the original run\); prepare_features gathers them again\. Clears prepare_features, train,/);
  expect(await seriousViolations(page, 're-run form')).toEqual([]);
  await pipeline.rerunFromOpenTask();
  expect(await pipeline.waitForOutcome(1, ['promoted', 'rejected', 'failed'], 180_000)).toBe('promoted');

  // train's details stay open through the re-run.
  await pipeline.detailsHeading('train').waitFor();
  expect(await pipeline.taskFact('Try')).toBe('2 of 2');
  const rerun = /Re-run 1 from train \(.+\) trains on the 6 batches stored now \(1 batch arrived since the original run\); prepare_features gathers them again\./;
  expect(await pipeline.taskInputs().textContent()).toMatch(new RegExp(`^Batches: ${rerun.source}$`));
  const log = await pipeline.detailsList('Log of train').textContent();
  expect(log).toContain('cleared for re-run 1 (was failed): trains on the 6 batches stored now');
  expect(log).toMatch(/try 2 of 3.*version 1 trained on/);
  const tries = pipeline.earlierTries();
  expect(await tries.count()).toBe(1);
  expect(await tries.first().locator('.try-head').textContent()).toMatch(/^Try 1 of 2 failed /);
  expect(await tries.first().locator('.try-inputs').textContent()).toBe('The run’s snapshot of 5 batches, taken when it started.');
  expect(await pipeline.detailsList('Log of train, try 1').textContent()).toMatch(/try 1 of 2.*cancelled by the user/);
  expect(await pipeline.runPanel().textContent()).toContain('trains on 6 batches for “weather”');
  // The run's time is its work (choosing the training backend first, where it did, named in it); the wall time, idle wait included, is shown beside it.
  expect(await pipeline.runTime().textContent()).toMatch(/^started .+, worked [\d.]+ s over 2 tries( \([\d.]+ m?s of it choosing the training backend, before the first task\))?; wall (\d+ min )?[\d.]+ s$/);
  expect(await seriousViolations(page, 'earlier tries')).toEqual([]);
  await pipeline.scrollToTop();
  await screenshot(page, 'pipeline-rerun-tries');
  // prepare_features gathered the six batches on its second try; its first stays listed.
  await pipeline.openTask('prepare_features');
  expect(await pipeline.taskFact('Try')).toBe('2 of 2');
  expect(await pipeline.earlierTries().first().locator('.try-head').textContent()).toMatch(/^Try 1 of 2 success /);
  expect(await pipeline.detailsList('Log of prepare_features').textContent()).toContain('6 batches');
  expect(errors).toEqual([]);
  await close();
}, 300_000);
