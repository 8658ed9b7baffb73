import { describe, expect, it } from 'vitest';
import { profileColumn, type ColumnProfile } from '../../../src/core/drift/profile.ts';
import { predictionDrift } from '../../../src/core/drift/predictionDrift.ts';
import { driftReport } from '../../../src/core/drift/report.ts';
import { defaultDriftSettings } from '../../../src/core/drift/settings.ts';
import type { GateDecision } from '../../../src/core/pipeline/gate.ts';
import { newRun, taskOf, type Run } from '../../../src/core/pipeline/runState.ts';
import { compareReportHtml, type CompareReportInput } from '../../../src/core/report/compareReport.ts';
import { driftReportHtml, type DriftReportInput } from '../../../src/core/report/driftReport.ts';
import { esc } from '../../../src/core/report/html.ts';
import { runReportHtml } from '../../../src/core/report/runReport.ts';
import { categoricalColumn, numericColumn } from '../helpers/columns.ts';

const EVIL = '<script>alert("x")</script>';

const numeric = (name: string, values: number[]): ColumnProfile => profileColumn(numericColumn(name, values));
const categorical = (name: string, values: string[]): ColumnProfile => profileColumn(categoricalColumn(name, values));

/** What a self-contained report must never hold: a script, a fetched resource, a link out. */
function expectSelfContained(html: string): void {
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/https?:/i);
  expect(html).not.toMatch(/["'(]\/\//);
  expect(html).not.toMatch(/@import|@font-face|url\(/i);
  for (const [, value] of html.matchAll(/\b(?:src|href)\s*=\s*["']?([^"'\s>]*)/gi)) expect(value!.startsWith('#'), `src/href ${value}`).toBe(true);
  expect(html).toMatch(/@media print/);
}

function driftInput(): DriftReportInput {
  const base = Array.from({ length: 40 }, (_, i) => i);
  const reference = [numeric(EVIL, base), numeric('steady', base), categorical('label', [...Array<string>(20).fill('yes'), ...Array<string>(20).fill('no')])];
  const current = [numeric(EVIL, base.map((v) => v + 100)), numeric('steady', base), categorical('label', [...Array<string>(35).fill('yes'), ...Array<string>(5).fill('no')])];
  const settings = defaultDriftSettings();
  return {
    report: driftReport(reference, current, settings, 'label'),
    reference: { name: 'ref <b>.csv', rows: 40, columns: 3, arrivedAt: null },
    current: { name: 'batch-7 & co.csv', rows: 40, columns: 3, arrivedAt: null },
    target: 'label',
    settings,
    checkedAt: Date.UTC(2026, 11, 5, 9, 0),
    totalMs: 12.4,
    warnings: [`column "${EVIL}": a warning`],
    generatedAt: Date.UTC(2026, 11, 5, 9, 5),
  };
}

describe('the drift report', () => {
  const input = driftInput();
  const html = driftReportHtml(input);

  it('is one self-contained document that escapes every name', () => {
    expectSelfContained(html);
    expect(html).not.toContain(EVIL);
    expect(html).toContain(esc(EVIL));
    expect(html).toContain('batch-7 &amp; co.csv');
    expect(html).toContain('ref &lt;b&gt;.csv');
  });

  it('names the batches and shows the verdict, share, every column and the label drift', () => {
    expect(html).toContain('<title>Drift report: batch-7 &amp; co.csv</title>');
    // A share at the threshold drifts: 1 of 2 is 50%, the default share.
    expect(input.report.dataset.drift).toBe(true);
    expect(html).toContain('Dataset drift: 1 of 2 feature columns drifted (50%), at or above the 50% threshold.');
    expect(html).toContain('steady');
    expect(html).toMatch(/label drift/);
    expect(html).toContain('KS test');
    // Every column row carries its rule's reason in full.
    for (const c of input.report.columns) expect(html).toContain(esc(c.rule!.reason));
  });

  it('draws an overlay for each drifted column and none for the steady one', () => {
    const figures = html.match(/<svg class="overlay"/g) ?? [];
    // The drifted feature and the drifted label.
    expect(figures.length).toBe(2);
    expect(html).not.toMatch(/aria-label="Distribution of “steady”/);
  });

  it('lists the settings used and the warnings', () => {
    expect(html).toContain('Significance level (α)');
    expect(html).toContain('0.05');
    expect(html).toContain(`column "${esc(EVIL)}": a warning`.replace(/"/g, '&quot;'));
  });
});

describe('the drift report with the champion', () => {
  const settings = defaultDriftSettings();
  const drift = predictionDrift(
    categorical('predicted label', [...Array<string>(30).fill('yes'), ...Array<string>(10).fill('no')]),
    categorical('predicted label', [...Array<string>(10).fill('yes'), ...Array<string>(30).fill('no')]),
    settings,
  );
  const estimate = {
    task: 'binary' as const,
    rows: 40,
    positiveClass: 'yes',
    estimated: { rocAuc: 0.8123, accuracy: 0.75 },
    interval: { rocAuc: [0.7, 0.9] as [number, number], accuracy: null },
    samplingError: {},
    confusionMatrix: [],
  };

  it('shows prediction drift, never in the share, and the estimate beside the realised metrics', () => {
    const html = driftReportHtml({ ...driftInput(), champion: { model: 'version 3', predictionDrift: drift, estimate: { estimate, realised: { rocAuc: 0.8, accuracy: null } } } });
    expectSelfContained(html);
    expect(drift.drift).toBe(true);
    expect(html).toContain('The champion’s predictions');
    expect(html).toContain('prediction drift');
    expect(html).toContain('version 3’s “predicted label”: chi-square');
    expect(html).toContain('(not counted in the dataset share)');
    expect(html).toContain('ROC AUC</th><td class="num">0.812</td><td class="num">0.7–0.9</td><td class="num">0.8</td></tr>');
    expect(html).toMatch(/<td class="num">0\.75<\/td><td class="num">—<\/td><td class="num">—<\/td>/);
    // The dataset verdict is the columns' alone.
    expect(html).toContain('Dataset drift: 1 of 2 feature columns drifted (50%)');
  });

  it('says why there is no prediction drift or estimate, and has no champion section without a model', () => {
    const html = driftReportHtml({ ...driftInput(), champion: { model: 'version 2', predictionDrift: null, note: 'no champion yet', estimate: 'a regression cannot be estimated without labels' } });
    expect(html).toContain('Prediction drift: no champion yet.');
    expect(html).toContain('Estimated performance: a regression cannot be estimated without labels.');
    expect(driftReportHtml(driftInput())).not.toContain('The champion’s predictions');
  });
});

const gate: GateDecision = {
  decision: 'promote',
  improvement: 0.0123,
  reason: 'the challenger beats the champion by 0.0123 <F1>',
  checks: [
    { name: 'improvement', value: '+0.0123', threshold: '≥ 0.005', pass: true, gating: true },
    { name: 'McNemar', value: 'p = 0.21', threshold: 'p < 0.05', pass: false, gating: false },
  ],
};

function compareInput(): CompareReportInput {
  const side = (version: number, f1: number, sizeBytes: number) => ({
    name: `version ${version}`,
    label: `Version ${version}`,
    metrics: { accuracy: 0.8, precision: 0.7, recall: 0.75, f1, rocAuc: 0.9, logLoss: 0.4, confusionMatrix: [[1, 2], [3, 4]] },
    perClass: [
      { label: 0, precision: 0.8, recall: 0.85, f1: 0.82, support: 60, predicted: 62 },
      { label: 1, precision: 0.7, recall: 0.75, f1, support: 40, predicted: 38 },
    ],
    latencyMs: null,
    sizeBytes,
    settings: [
      { key: 'family', label: 'Model family', value: 'gradient boosting' },
      { key: 'learningRate', label: 'Learning rate', value: version === 2 ? '0.1' : '0.05' },
      { key: 'features', label: 'Features', value: EVIL },
    ],
  });
  return {
    task: 'binary',
    classes: ['no', '<yes>'],
    metric: 'f1',
    rowsText: 'the same 100 holdout rows of version 3',
    a: side(2, 0.7, 21_000),
    b: side(3, 0.7123, 20_000),
    improvement: 0.0123,
    mcnemar: { b: 4, c: 9, pValue: 0.2668 },
    bootstrap: { level: 0.95, low: -0.01, high: 0.034, resamples: 1000 },
    gate,
    notes: [],
    generatedAt: Date.UTC(2026, 11, 5, 9, 5),
  };
}

describe('the comparison report', () => {
  const html = compareReportHtml(compareInput());

  it('is self-contained and escapes class names, settings and reasons', () => {
    expectSelfContained(html);
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('<yes>');
    expect(html).toContain('F1 (“&lt;yes&gt;”)');
    expect(html).toContain('&lt;F1&gt;');
  });

  it('names both versions and writes the differences as the comparison view does', () => {
    expect(html).toContain('<title>Comparison: Version 2 against Version 3</title>');
    expect(html).toContain('+0.0123 (better)');
    expect(html).toContain('−1.0 kB (better)');
    expect(html).toContain('±0 (same)');
    expect(html).toContain('version 2 right only on 4 rows, version 3 right only on 9: p = 0.2668');
    expect(html).toContain('95% interval of F1 (version 3 − version 2): [-0.01, 0.034]');
    expect(html).toContain('1,000 resamples');
  });

  it('shows the gate with its gating flags, per-class scores and the params that differ', () => {
    expect(html).toContain('would promote');
    expect(html).toContain('fail: shown, not gating');
    expect(html).toContain('&lt;yes&gt;</th>');
    expect(html).toMatch(/Learning rate<\/th><td>0.1<\/td><td>0.05<\/td><td><span class="badge badge-warn">differs/);
    expect(html).toMatch(/Model family<\/th><td>gradient boosting<\/td><td>gradient boosting<\/td><td>same/);
  });
});

function finishedRun(): Run {
  const run = newRun('run-7-<x>', 7, { kind: 'drift', reason: `drift in "${EVIL}"` }, 'b1', { target: 'label' }, Date.UTC(2026, 11, 5, 9, 0));
  const t0 = run.createdAt;
  run.tasks.forEach((task, i) => {
    task.state = task.id === 'reject' || task.id === 'shadow' ? 'skipped' : 'success';
    task.tries = task.state === 'success' ? 1 : 0;
    task.startedAt = task.state === 'success' ? t0 + i * 1000 : null;
    task.endedAt = task.state === 'success' ? t0 + i * 1000 + 850 : null;
  });
  taskOf(run, 'check_trigger').output = {
    drift: { driftedColumns: 1, checkedColumns: 2, drift: true, columns: [{ name: EVIL, statistic: 'ks', value: 0.001, drift: true }] },
    decision: { fire: true, kind: 'drift', reason: 'dataset drift', suppressedBy: null, checks: [{ rule: 'drift', enabled: true, fired: true, detail: '1 of 2 columns' }] },
  };
  taskOf(run, 'validate_data').output = { status: 'pass', checks: [{ check: 'schema', status: 'pass', value: 'same', threshold: 'same' }] };
  taskOf(run, 'prepare_features').output = { batches: [{ id: 'b1', name: 'batch <1>.csv', rows: 120 }], rows: 120, task: 'binary', missingTarget: 0 };
  taskOf(run, 'train').output = { version: 3, trainMs: 1500, backend: 'wasm', epochs: 40 };
  taskOf(run, 'gate').output = gate;
  taskOf(run, 'register').output = { version: 3 };
  taskOf(run, 'promote').output = { version: 3 };
  run.state = 'success';
  run.outcome = 'promoted';
  run.endedAt = t0 + 12_000;
  return run;
}

describe('the run report', () => {
  const html = runReportHtml({ run: finishedRun(), target: 'label', batchName: 'batch <1>.csv', generatedAt: Date.UTC(2026, 11, 5, 9, 5) });

  it('is self-contained and escapes the trigger reason, ids and names', () => {
    expectSelfContained(html);
    expect(html).not.toContain(EVIL);
    expect(html).not.toContain('batch <1>');
    expect(html).toContain('run-7-&lt;x&gt;');
  });

  it('draws every task of the DAG in its state', () => {
    expect(html.match(/<svg class="dag"/g)?.length).toBe(1);
    expect(html).toContain('data-task="gate" data-state="success"');
    expect(html).toContain('data-task="reject" data-state="skipped"');
    expect(html).toContain('success · 850 ms');
  });

  it('says the trigger, checks, gate decision, timings and lineage', () => {
    expect(html).toContain('<title>Pipeline run 7</title>');
    expect(html).toContain('promoted');
    expect(html).toContain('the challenger beats the champion by 0.0123 &lt;F1&gt;');
    expect(html).toContain('fail: shown, not gating');
    expect(html).toContain('Trigger rules');
    expect(html).toContain('batch &lt;1&gt;.csv (120 rows)');
    expect(html).toContain('version 3 became the champion');
    expect(html).toContain('worked 8.5 s; wall 12.0 s');
  });
});
