import type { Locator, Page } from 'playwright-core';
import { runsWithoutEndEvent } from './stored-records.ts';
import { WorkbenchPage } from './workbench-page.ts';

export interface PolicyChange {
  check?: Record<string, boolean>;
  choose?: Record<string, string>;
  fill?: Record<string, string>;
}

export interface DemoOptions {
  /**
   * Whether the pipeline judges the demo's batches and trains on them by itself (default: no). The demo
   * plays as a story: each batch is judged, and its run ended, before the next arrives, and gotoDemo
   * returns once the last one has (waitForDemoStory), so these runs are over when the test starts.
   */
  automaticRuns?: boolean;
  /** Policy settings saved before the demo loads, with the automatic runs as above. */
  policy?: PolicyChange;
  /**
   * The training backend (default: wasm, set by hand). `measured` leaves it to the page, which then
   * measures every backend at the first training; only the tests about that measurement need it.
   * Another backend is named as the override list shows it (`wasm, 2 threads`).
   */
  backend?: 'measured' | 'wasm' | `wasm, ${number} thread${'' | 's'}`;
}

/** How long the demo's story may take: five batches, each trained on where the policy fires. */
export const DEMO_STORY_TIMEOUT = 110_000;

/**
 * Waits until the demo's story has played to its end: every batch stored, checked for drift and judged,
 * and every run it started ended. The page then drops `?demo` from its address (DemoOnOpen).
 */
export async function waitForDemoStory(page: Page): Promise<void> {
  await page.waitForFunction(() => !new URLSearchParams(window.location.search).has('demo'), undefined, { timeout: DEMO_STORY_TIMEOUT, polling: 250 });
}

/**
 * Loads the demo scenario (five weather batches, target "weather") into this page's empty workspace,
 * opens `hash` (under `base`, for a page served elsewhere) and waits until the demo's story has
 * finished (waitForDemoStory), so that no test races its batches or runs. Unless asked for, the
 * automatic runs are turned off first, so that the only runs and versions are the ones the test
 * makes, and the training backend is set by hand.
 */
export async function gotoDemo(page: Page, hash: string, { automaticRuns = false, policy, backend = 'wasm' }: DemoOptions = {}, base = ''): Promise<void> {
  if (!automaticRuns || policy) await new PipelinePage(page).savePolicyBeforeData({ ...policy, check: { 'Automatic runs': automaticRuns, ...policy?.check } }, base);
  if (backend !== 'measured') await new PipelinePage(page).chooseBackendBeforeData(backend, base);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${base}?demo${hash}`);
  await waitForDemoStory(page);
}

// The Pipeline section: the scheduler bar and Run now, the chosen run's DAG and a task's details,
// approval, the runs grid and list, the policy form and its replay. Selectors live here only.
export class PipelinePage extends WorkbenchPage {
  /** Opens `#/pipeline` with the demo scenario loaded (see gotoDemo). */
  async openDemo(options: DemoOptions = {}): Promise<void> {
    await gotoDemo(this.page, '#/pipeline', options);
    await this.heading().filter({ hasText: 'Pipeline' }).waitFor();
  }

  /**
   * On an empty workspace, before any batch is stored: saves the policy with the given changes (the
   * automatic runs off unless the change says otherwise), so that no batch the test stores starts a
   * run it did not ask for.
   */
  async savePolicyBeforeData(change: PolicyChange = {}, base = ''): Promise<void> {
    await this.open(`${base}#/pipeline`);
    await this.noRunsYet().waitFor();
    await this.check({ 'Automatic runs': false, ...change.check });
    if (change.choose) await this.choose(change.choose);
    if (change.fill) await this.fill(change.fill);
    await this.save();
  }

  noRunsYet(): Locator {
    return this.page.getByRole('heading', { name: 'No runs yet' });
  }

  async open(hash = '#/pipeline'): Promise<void> {
    await this.page.emulateMedia({ reducedMotion: 'reduce' });
    await this.page.goto(hash);
    await this.heading().filter({ hasText: 'Pipeline' }).waitFor();
  }

  // ---------- Scheduler and Run now ----------

  schedulerStatus(): Locator {
    return this.page.getByRole('status', { name: 'Scheduler status' });
  }

  async role(): Promise<string | null> {
    return this.schedulerStatus().getAttribute('data-role');
  }

  runProgress(): Locator {
    return this.page.getByLabel('Run in progress');
  }

  /**
   * Waits until the automatic runs have settled: the scheduler judged all `batches` stored batches (a
   * decision to retrain is stored with its run) and no run is queued or running.
   */
  async waitForIdle(batches: number, timeout = 120_000): Promise<void> {
    await this.runProgress().getByText(`No run in progress. All ${batches} stored batches were judged by the policy.`).waitFor({ timeout });
    // A run's record is final a moment before the scheduler logs its end: wait for that event too
    // (polled here rather than with expect.poll, which a beforeAll hook may not call).
    const deadline = Date.now() + 30_000;
    for (let open = await runsWithoutEndEvent(this.page); open.length > 0; open = await runsWithoutEndEvent(this.page)) {
      if (Date.now() > deadline) throw new Error(`runs ${open.join(', ')} ended, but their end was never logged`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The scheduler bar's line while the automatic runs are off and batches are stored. */
  automaticRunsOff(): Locator {
    return this.runProgress().getByText('Automatic runs are off');
  }

  runNowButton(): Locator {
    return this.page.getByRole('form', { name: 'Run now' }).getByRole('button', { name: 'Run now' });
  }

  runNowNote(): Locator {
    return this.page.locator('#run-now-note');
  }

  cancelButton(): Locator {
    return this.page.getByRole('button', { name: 'Cancel run' });
  }

  async runNow(reason?: string): Promise<void> {
    if (reason) await this.page.getByRole('form', { name: 'Run now' }).getByLabel('Reason').fill(reason);
    await this.runNowButton().click();
  }

  // ---------- Runs ----------

  runsTable(): Locator {
    return this.page.getByRole('table', { name: 'Runs', exact: true });
  }

  runRow(number: number): Locator {
    return this.runsTable().locator('tbody tr').filter({ has: this.page.getByRole('link', { name: `Run ${number}`, exact: true }) });
  }

  async runCount(): Promise<number> {
    return (await this.runsTable().count()) === 0 ? 0 : this.runsTable().locator('tbody tr').count();
  }

  /** What the runs list says of a run: trigger, why, outcome ("promoted", "rejected", "running", …). */
  async run(number: number): Promise<{ trigger: string; why: string; outcome: string }> {
    const cells = this.runRow(number).locator('td');
    return {
      trigger: ((await cells.nth(0).textContent()) ?? '').trim(),
      why: ((await cells.nth(1).textContent()) ?? '').trim(),
      outcome: ((await cells.nth(4).textContent()) ?? '').trim(),
    };
  }

  /** Waits until run `number` exists and its outcome is one of `outcomes`; returns it. */
  async waitForOutcome(number: number, outcomes: string[], timeout = 90_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      if ((await this.runRow(number).count()) > 0) {
        const { outcome } = await this.run(number);
        if (outcomes.includes(outcome)) return outcome;
      }
      if (Date.now() > deadline) throw new Error(`run ${number} did not end ${outcomes.join(' or ')} within ${timeout} ms`);
      await this.page.waitForTimeout(250);
    }
  }

  runLink(number: number): Locator {
    return this.runsTable().getByRole('link', { name: `Run ${number}`, exact: true });
  }

  async openRun(number: number): Promise<void> {
    await this.runLink(number).click();
    await this.runTitle().filter({ hasText: new RegExp(`^Run ${number}$`) }).waitFor();
  }

  runTitle(): Locator {
    return this.page.locator('#run-title');
  }

  runPanel(): Locator {
    return this.page.getByRole('region', { name: /^Run \d+$/ });
  }

  runPanelHeading(): Locator {
    return this.runPanel().getByRole('heading', { level: 2 });
  }

  // ---------- Graph and details ----------

  graph(): Locator {
    return this.page.getByRole('group', { name: /^The retraining DAG/ });
  }

  node(taskId: string): Locator {
    return this.graph().locator(`button[data-task="${taskId}"]`);
  }

  /** Each task's state as the graph shows it. */
  async nodeStates(): Promise<Record<string, string>> {
    const pairs = await this.graph()
      .locator('button[data-task]')
      .evaluateAll((buttons) => buttons.map((b) => [b.getAttribute('data-task') ?? '', b.getAttribute('data-state') ?? '']));
    return Object.fromEntries(pairs);
  }

  async openTask(taskId: string): Promise<Locator> {
    // React Flow hides a node while it re-measures it after a live update; then the click goes to it directly.
    await this.node(taskId)
      .click({ timeout: 5000 })
      .catch(() => this.node(taskId).dispatchEvent('click'));
    await this.detailsHeading(taskId).waitFor();
    return this.details();
  }

  details(): Locator {
    return this.page.locator('section.task-details');
  }

  /** The open task's details heading, once it shows `taskId`. */
  detailsHeading(taskId: string): Locator {
    return this.details().getByRole('heading').filter({ hasText: taskId });
  }

  /** The class-imbalance warning the gate's details show for one side ("challenger, version 1"). */
  imbalanceNote(who: string): Locator {
    return this.details().getByRole('note', { name: `Class imbalance of ${who}` });
  }

  /** A list in the task's details: its log ("Log of gate"), the paired tests. */
  detailsList(name: string): Locator {
    return this.details().getByRole('list', { name, exact: true });
  }

  /** The button of a failed task's details that re-runs the run from that task. */
  rerunButton(): Locator {
    return this.details().getByRole('button', { name: 'Re-run from here' });
  }

  /**
   * Re-runs the run from the open failed task and waits until the new try exists. Until then the run's
   * row still shows the failed outcome of the try before, which a wait for an outcome would take as the
   * re-run's own.
   */
  async rerunFromOpenTask(): Promise<void> {
    const before = await this.taskFact('Try');
    await this.rerunButton().click();
    const deadline = Date.now() + 60_000;
    while ((await this.taskFact('Try')) === before) {
      if (Date.now() > deadline) throw new Error(`the re-run did not start a new try within 60 s (still ${before})`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The re-run form of a failed task: which batches, said in a sentence, and the button. */
  rerunForm(): Locator {
    return this.details().getByRole('form', { name: 'Re-run' });
  }

  /** The re-run form's sentence on the batches the new pass trains on. */
  rerunStatement(): Locator {
    return this.rerunForm().locator('.rerun-statement');
  }

  /** Picks the batches a re-run trains on: "the batches of the original run (5)" or "the batches stored now (6)". */
  async chooseRerunInputs(label: RegExp): Promise<void> {
    await this.rerunForm().getByRole('radio', { name: label }).check();
  }

  /** A fact of the open task ("Try", "Started", …): its value. */
  async taskFact(term: string): Promise<string> {
    return ((await this.details().locator('.fact').filter({ has: this.page.locator('dt', { hasText: new RegExp(`^${term}$`) }) }).locator('dd').textContent()) ?? '').trim();
  }

  /** The sentence on the batches the open task's pass trained on. */
  taskInputs(): Locator {
    return this.details().locator('.task-inputs');
  }

  /** The open task's earlier tries, newest first. */
  earlierTries(): Locator {
    return this.details().getByRole('list', { name: /^Earlier tries of / }).locator(':scope > li');
  }

  /** The run panel's line with its start and its time: "started …, worked 41.0 s over 2 tries; wall 2 min 3 s". */
  runTime(): Locator {
    return this.runPanel().locator('.panel-header .panel-tools > .muted');
  }

  table(name: string): Locator {
    return this.page.getByRole('table', { name, exact: true });
  }

  /** A table's body rows as arrays of cell texts (row header first). */
  async rows(table: Locator): Promise<string[][]> {
    return table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim())));
  }

  /** The compare task's table header of the open run (opens compare). */
  async compareRows(): Promise<string> {
    await this.openTask('compare');
    return (await this.table('Champion and challenger').locator('thead').textContent()) ?? '';
  }

  // ---------- Grid ----------

  grid(): Locator {
    return this.page.getByRole('table', { name: 'Runs grid' });
  }

  /** The grid's column headers, one per run. */
  gridRuns(): Locator {
    return this.grid().locator('thead tr').first().locator('th.grid-run');
  }

  /** The grid's columns of batches the policy judged without starting a run. */
  gridNoRuns(): Locator {
    return this.grid().locator('thead tr').first().locator('th.grid-no-run');
  }

  /** The "no run: <reason>" text down each no-run column, in grid order. */
  async gridNoRunTexts(): Promise<string[]> {
    return this.grid().locator('.grid-no-run-text').allTextContents();
  }

  /** The runs whose grid marks the time they spent choosing the training backend ("Run 1: 1.2 s choosing …"). */
  async gridSetupMarks(): Promise<string[]> {
    return this.grid().locator('.grid-setup-mark').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  }

  /** The legend under the grid: trigger letters, outcome marks, no-run columns, backend set-up. */
  gridLegend(): Locator {
    return this.page.locator('dl[aria-label="Runs grid legend"]');
  }

  /** Each task node's box on the page, by task id. */
  async nodeBoxes(): Promise<Record<string, { x: number; y: number; width: number; height: number }>> {
    const boxes: Record<string, { x: number; y: number; width: number; height: number }> = {};
    for (const node of await this.page.locator('.dag-graph [data-task]').all()) {
      const box = await node.boundingBox();
      if (box) boxes[(await node.getAttribute('data-task'))!] = box;
    }
    return boxes;
  }

  /** The drawn edges' SVG paths. */
  async edgePaths(): Promise<string[]> {
    return this.page.locator('.dag-graph .react-flow__edge-path').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''));
  }

  /** The words on the graph's edges (the gate's two sides), in the order drawn. */
  edgeLabels(): Promise<string[]> {
    return this.page.locator('.dag-graph .dag-edge-label').allTextContents();
  }

  gridCell(run: number, taskId: string): Locator {
    return this.grid().getByRole('button', { name: new RegExp(`^Run ${run}, ${taskId}: `) });
  }

  // ---------- Approval ----------

  approval(): Locator {
    return this.page.getByRole('region', { name: 'Approval' });
  }

  /** The approval form's reason field ("Why approve?", "Why reject?"). */
  approvalReason(name: string): Locator {
    return this.approval().getByRole('textbox', { name });
  }

  /** An approval button: "Approve", "Reject", "Back", or the confirm button "Reject run 1". */
  approvalButton(name: string): Locator {
    return this.approval().getByRole('button', { name, exact: true });
  }

  async answer(choice: 'Approve' | 'Reject', reason: string): Promise<void> {
    await this.approval().getByRole('button', { name: choice, exact: true }).click();
    const form = this.approval().getByRole('form');
    const confirm = form.getByRole('button', { name: new RegExp(`^${choice} run \\d+$`) });
    await form.getByRole('textbox').fill(reason);
    await confirm.click();
  }

  // ---------- Policy ----------

  policyForm(): Locator {
    return this.page.getByRole('form', { name: 'Pipeline policy' });
  }

  setting(label: string): Locator {
    return this.policyForm().getByLabel(label, { exact: true });
  }

  async fill(settings: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(settings)) await this.setting(label).fill(value);
  }

  async choose(settings: Record<string, string>): Promise<void> {
    for (const [label, option] of Object.entries(settings)) await this.setting(label).selectOption({ label: option });
  }

  async check(settings: Record<string, boolean>): Promise<void> {
    for (const [label, on] of Object.entries(settings)) await this.setting(label).setChecked(on);
  }

  /** A column's checkbox in the policy's Features list (the features runs train on). */
  featureCheckbox(column: string): Locator {
    return this.policyForm().getByRole('checkbox', { name: `Feature “${column}”`, exact: true });
  }

  policyProblems(): Locator {
    return this.policyForm().getByRole('alert');
  }

  saveButton(): Locator {
    return this.policyForm().getByRole('button', { name: /^(Save policy|Saving…)$/ });
  }

  async save(): Promise<void> {
    await this.saveButton().click();
    await this.policySaved().waitFor();
  }

  policySaved(): Locator {
    return this.policyForm().getByRole('status').filter({ hasText: 'Policy saved' });
  }

  // ---------- Replay ----------

  replayButton(): Locator {
    return this.page.getByRole('button', { name: /^Replay/ });
  }

  replayTable(): Locator {
    return this.page.getByRole('table', { name: 'Policy replay' });
  }

  replayHeading(): Locator {
    return this.page.getByRole('heading', { name: 'Policy replay' });
  }

  async replay(): Promise<string[][]> {
    await this.replayButton().click();
    await this.replayTable().waitFor({ timeout: 30_000 });
    return this.rows(this.replayTable());
  }
}
