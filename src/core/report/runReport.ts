import { formatCount, formatTime, plural } from '../format.ts';
import { formatDuration, formatMetric } from '../metrics/format.ts';
import { METRIC_LABELS, metricValue } from '../metrics/metricKey.ts';
import type { TaskOutputs } from '../pipeline/outputs.ts';
import { taskOf, type Run, type TaskInstance } from '../pipeline/runState.ts';
import { runTimeText } from '../pipeline/runTimeText.ts';
import { LEGEND_STATES, OUTCOME_LOOK, STATE_LOOK, TRIGGER_LABELS } from '../pipeline/taskStates.ts';
import { gateChecksTable } from './compareReport.ts';
import { badge, document, esc, facts, raw, section, table, type Cell } from './html.ts';
import { dagSvg, stateLegend } from './svg.ts';

/** A pipeline run as the Pipeline section shows it, with the names the run's ids stand for. */
export interface RunReportInput {
  run: Run;
  /** The column the run trains a model for. */
  target: string;
  /** The name of the batch that started the run; null for a run on chosen batches. */
  batchName: string | null;
  generatedAt: number;
}

const output = <K extends keyof TaskOutputs>(run: Run, id: K): TaskOutputs[K] | null => (taskOf(run, id).output as TaskOutputs[K] | null) ?? null;

const tone = (outcome: Run['outcome']): 'pass' | 'warn' | 'fail' | 'neutral' | 'accent' => OUTCOME_LOOK[outcome ?? 'running'].tone;
const outcomeLabel = (run: Run): string => (run.outcome === null && run.state === 'queued' ? 'queued' : OUTCOME_LOOK[run.outcome ?? 'running'].label);

function timings(run: Run): string {
  const rows = run.tasks.map((t: TaskInstance): Cell[] => [
    t.id,
    badge(STATE_LOOK[t.state].label, t.state === 'success' ? 'pass' : t.state === 'failed' || t.state === 'upstream_failed' ? 'fail' : 'neutral'),
    t.startedAt === null ? '—' : formatTime(t.startedAt),
    t.startedAt !== null && t.endedAt !== null ? formatDuration(t.endedAt - t.startedAt) : '—',
    formatCount(t.tries),
  ]);
  return table('Tasks: state, start, time and tries', [{ title: 'Task' }, { title: 'State' }, { title: 'Started' }, { title: 'Took', num: true }, { title: 'Tries', num: true }], rows);
}

function checks(run: Run): string {
  const parts: string[] = [];
  const trigger = output(run, 'check_trigger');
  if (trigger?.drift) {
    const d = trigger.drift;
    const drifted = d.columns.filter((c) => c.drift).map((c) => `“${c.name}”`);
    parts.push(`<p>Drift of the batch: ${d.drift ? badge('drift', 'fail').html : badge('no drift', 'pass').html} ${esc(`${d.driftedColumns} of ${plural(d.checkedColumns, 'column')} drifted${drifted.length ? `: ${drifted.join(', ')}` : ''}`)}</p>`);
  }
  if (trigger?.decision) {
    const decision = trigger.decision;
    parts.push(`<h3>Trigger policy</h3><p>${esc(decision.reason)}</p>`);
    parts.push(table('Trigger rules', [{ title: 'Rule' }, { title: 'Fired' }, { title: 'What it saw' }], decision.checks.map((c) => [TRIGGER_LABELS[c.rule], !c.enabled ? badge('off', 'neutral') : c.fired ? badge('fired', 'accent') : badge('no', 'neutral'), c.detail])));
  }
  const validation = output(run, 'validate_data');
  if (validation) {
    parts.push(`<h3>Validation</h3><p>${badge(validation.status, validation.status === 'pass' ? 'pass' : validation.status === 'warn' ? 'warn' : 'fail').html}${validation.note ? ` ${esc(validation.note)}` : ''}</p>`);
    if (validation.checks.length > 0) {
      parts.push(table('Validation checks', [{ title: 'Check' }, { title: 'Column' }, { title: 'Value' }, { title: 'Threshold' }, { title: 'Status' }], validation.checks.map((c) => [c.check, c.column ?? '—', c.value, c.threshold, badge(c.status, c.status === 'pass' ? 'pass' : c.status === 'warn' ? 'warn' : 'fail')])));
    }
  }
  return parts.length ? parts.join('\n') : '<p class="muted">No check ran in this run.</p>';
}

function gate(run: Run): string {
  const decision = output(run, 'gate');
  const compared = output(run, 'compare');
  const parts: string[] = [];
  if (compared) {
    const { key } = compared.metric;
    const champion = compared.champion ? `version ${compared.champion.version} ${formatMetric(metricValue(compared.champion.metrics, key))}` : 'no champion yet';
    parts.push(
      `<p>${esc(`${METRIC_LABELS[key]} on ${formatCount(compared.rows)} holdout rows: challenger version ${compared.challenger.version} ${formatMetric(metricValue(compared.challenger.metrics, key))}, champion ${champion}.`)}</p>`,
    );
  }
  if (!decision) return parts.join('') || '<p class="muted">The gate did not decide in this run.</p>';
  parts.push(`<p>${decision.decision === 'promote' ? badge('promote', 'pass').html : badge('keep the champion', 'fail').html} ${esc(decision.reason)}</p>`);
  parts.push(gateChecksTable(decision.checks));
  if (decision.approval) {
    const a = decision.approval;
    parts.push(`<p>${badge(a.approved ? 'approved' : 'rejected', a.approved ? 'pass' : 'fail').html} ${esc(`by ${a.who} on ${formatTime(a.at)}: ${a.reason}`)}</p>`);
  }
  return parts.join('\n');
}

function lineage(run: Run, target: string): string {
  const prepared = output(run, 'prepare_features');
  const trained = output(run, 'train');
  const evaluated = output(run, 'evaluate');
  const registered = output(run, 'register');
  const promoted = output(run, 'promote');
  const rejected = output(run, 'reject');
  const entries: [string, Cell][] = [['Target', `“${target}”`]];
  if (prepared) entries.push(['Trained on', `${prepared.batches.map((b) => `${b.name} (${plural(b.rows, 'row')})`).join(', ')}; ${plural(prepared.rows, 'row')} in all`]);
  if (trained) entries.push(['Trained', `version ${trained.version}: ${plural(trained.epochs, 'step')} in ${formatDuration(trained.trainMs)} on ${trained.backend}`]);
  if (evaluated?.metrics) entries.push(['Holdout metrics', Object.entries(METRIC_LABELS).flatMap(([k, label]) => {
    const v = metricValue(evaluated.metrics, k as keyof typeof METRIC_LABELS);
    return v === null ? [] : [`${label} ${formatMetric(v)}`];
  }).join(', ')]);
  if (registered) entries.push(['Registered', `version ${registered.version}`]);
  if (promoted) entries.push(['Promoted', `version ${promoted.version} became the champion`]);
  if (rejected) entries.push(['Rejected', `version ${rejected.version} was archived as rejected`]);
  return facts(entries);
}

/** A pipeline run: its DAG in the tasks' states, trigger, checks, gate and decision, timings and lineage, as one self-contained HTML document. */
export function runReportHtml(input: RunReportInput): string {
  const { run } = input;
  const time = runTimeText(run);
  const summary = facts([
    ['Run', raw(`<strong>${esc(`Run ${run.number}`)}</strong> <span class="muted">${esc(run.id)}</span>`)],
    ['Outcome', badge(outcomeLabel(run), tone(run.outcome))],
    ['Trigger', `${TRIGGER_LABELS[run.trigger.kind]}: ${run.trigger.reason}`],
    ['Batch', input.batchName ?? 'none (a run on chosen batches)'],
    ['Started', formatTime(run.createdAt)],
    ['Time', time ?? 'still going'],
    ['Re-runs', run.reruns.length === 0 ? 'none' : run.reruns.map((r) => `from ${r.from} on ${formatTime(r.at)}`).join('; ')],
  ]);
  const reason = run.reason ? `<p${run.outcome === 'failed' ? ' class="worse"' : ''}>${run.outcome === 'failed' ? 'Failed: ' : ''}${esc(run.reason)}</p>` : '';
  const shown = LEGEND_STATES.filter((s) => run.tasks.some((t) => t.state === s));
  const body = [
    section('Summary', `<p class="lede">${esc(`Why it ran: ${run.trigger.reason}.`)}</p>${reason}${summary}`),
    section('The DAG', `<figure>${dagSvg(run.tasks, run.number)}<figcaption>${stateLegend(shown)}</figcaption></figure>`),
    section('Checks', checks(run)),
    section('Gate and decision', gate(run)),
    section('Timings', timings(run)),
    section('Lineage', lineage(run, input.target)),
  ].join('\n');
  return document(`Pipeline run ${run.number}`, `${run.id}: ${outcomeLabel(run)}, started ${formatTime(run.createdAt)}`, body, formatTime(input.generatedAt));
}
