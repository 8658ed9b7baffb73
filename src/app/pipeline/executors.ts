import { rowsUnseenBy } from '../../core/compare/unseenRows.ts';
import { METRIC_LABELS, metricValue } from '../../core/metrics/metricKey.ts';
import { evaluatePolicy, type PolicyDecision } from '../../core/pipeline/policy.ts';
import type { Executors, TaskContext } from '../../core/pipeline/runner.ts';
import { taskOf, trainingBatchIds } from '../../core/pipeline/runState.ts';
import { defaultTrainConfig, type TrainConfig } from '../../core/training/config.ts';
import { imbalanceOf } from '../../core/training/imbalance.ts';
import { primaryMetric } from '../../core/training/modelCard.ts';
import { seriesOf } from '../../core/training/table.ts';
import { analyseTarget } from '../../core/training/task.ts';
import { getBatch } from '../../storage/queries/batches.ts';
import type { BatchRows, ModelRecord, RelearnDb, RunConfig } from '../../storage/db.ts';
import { getModel } from '../../storage/queries/models.ts';
import { champion } from '../../storage/queries/registry.ts';
import { promote, register, reject, setChallenger } from '../../storage/commands/registry.ts';
import type { Approval, CompareOutput, TrainOutput } from '../../core/pipeline/outputs.ts';
import { scoreVersionOnRows, type ScoredRows } from '../training/score.ts';
import { trainAndRegister, trainingTable, type TrainOptions } from '../training/train.ts';
import { compareModels, gateOn, type ScoredModel } from '../compare/compareModels.ts';
import { forcedPast } from '../../core/pipeline/gate.ts';
import { policyInputs } from './policyInputs.ts';

type Ctx = TaskContext<RunConfig>;


/** A side of the comparison: its metrics on the gate's rows, and whether it ignores a class there. */
const gatedSide = (record: ModelRecord, scored: ScoredRows): CompareOutput['challenger'] => ({
  version: record.version,
  metrics: scored.metrics,
  latencyMs: record.latencyMs,
  sizeBytes: record.sizeBytes,
  imbalance: imbalanceOf(scored.metrics, record.card.classes, "the gate's rows"),
});

const scoredModel = (record: ModelRecord, scored: ScoredRows): ScoredModel => ({ card: record.card, outputs: scored.outputs, labels: scored.labels, metrics: scored.metrics, latencyMs: record.latencyMs, sizeBytes: record.sizeBytes });

function challengerVersion(ctx: Ctx): number {
  const out = ctx.outputOf('train');
  if (!out) throw new Error('the train task left no version');
  return out.version;
}

/**
 * The challenger's holdout rows (the newest labelled data it did not train on) less those the champion
 * trained on. When the champion saw all of them, they are used anyway and the log says so: the
 * champion's score is then flattered, which can only keep it, never promote wrongly.
 */
function gateRows(ctx: Ctx, challenger: ModelRecord, current: ModelRecord): BatchRows[] {
  const unseen = rowsUnseenBy(challenger.lineage.holdout, [current.lineage]);
  if (unseen.rows.length === 0) {
    ctx.log(`the champion (version ${current.version}) trained on every holdout row of the challenger: both are scored on them, and the champion's score is flattered`, 'warn');
    return challenger.lineage.holdout;
  }
  if (unseen.dropped > 0) ctx.log(`${unseen.dropped} holdout rows left out: the champion (version ${current.version}) trained on them`);
  return unseen.rows;
}

/** How a run's training streams from storage: who makes a streamed epoch's reads, and from how many values it streams. */
export type Streaming = Pick<TrainOptions, 'reader' | 'streamValues'>;

/** The tasks of the retraining DAG, each calling the real validation, drift, training and scoring code. */
export function pipelineExecutors(db: RelearnDb, options: { onTrainProgress?: (message: string) => void; streaming?: Streaming } = {}): Executors<RunConfig> {
  return {
    async check_trigger(ctx) {
      const batch = ctx.run.batchId ? ((await getBatch(db, ctx.run.batchId)) ?? null) : null;
      const inputs = await policyInputs(db, batch);
      const report = batch ? await db.driftReports.get(batch.id) : undefined;
      const drift = report ? { driftedColumns: report.report.dataset.driftedColumns, checkedColumns: report.report.dataset.checkedColumns, drift: report.report.dataset.drift, columns: report.report.columns.map((c) => ({ name: c.name, statistic: c.rule?.statistic ?? null, value: c.value, drift: c.drift })) } : null;
      if (ctx.run.trigger.kind === 'manual') {
        ctx.log(`manual run: ${ctx.run.trigger.reason}`);
        return { output: { drift, decision: null } };
      }
      // The scheduler evaluated the policy before starting the run; it is checked again here so the run records why.
      const decision: PolicyDecision = evaluatePolicy(ctx.run.config.settings.policy, { ...inputs, lastRunEndedAt: null, pausedReason: null });
      ctx.log(decision.reason);
      return { output: { drift, decision }, branch: decision.fire ? undefined : 'stop' };
    },

    async validate_data(ctx) {
      if (!ctx.run.batchId) {
        ctx.log('no new batch: nothing to validate');
        return { output: { status: 'pass', checks: [] } };
      }
      const batch = await getBatch(db, ctx.run.batchId);
      if (!batch) throw new Error('the batch of this run is no longer stored');
      const result = batch.validation;
      if (!result) return { output: { status: 'pass', checks: [], note: 'the reference batch itself' } };
      const failed = result.checks.filter((c) => c.status === 'fail');
      for (const c of result.checks.filter((x) => x.status !== 'pass')) ctx.log(`${c.status}: ${c.check}${c.column ? ` "${c.column}"` : ''}: ${c.value} (threshold ${c.threshold})`, c.status === 'fail' ? 'error' : 'warn');
      if (failed.length > 0) throw new Error(`batch "${batch.name}" failed validation: ${failed.map((c) => `${c.check}${c.column ? ` "${c.column}"` : ''} ${c.value}`).join('; ')}`);
      return { output: result };
    },

    async prepare_features(ctx) {
      const { table, metas } = await trainingTable(db, trainingBatchIds(ctx.run), { ...defaultJob(ctx) });
      const target = analyseTarget(seriesOf(table, ctx.run.config.target), table.rows, null);
      ctx.log(`${metas.length} batches, ${table.rows} rows; ${target.reason}; ${target.missingRows} rows without a target`);
      return { output: { batches: metas.map((m) => ({ id: m.id, name: m.name, rows: m.rows })), rows: table.rows, task: target.task, missingTarget: target.missingRows } };
    },

    async train(ctx) {
      // A tab closed between registering the version and recording the task leaves a whole version of this run: a re-run uses it.
      const earlier = await db.models.filter((m) => m.runId === ctx.run.id).first();
      if (earlier) {
        ctx.log(`version ${earlier.version} was registered by this run before it was cut off: it is used instead of training again`);
        return { output: { version: earlier.version, trainMs: earlier.training?.trainMs ?? 0, backend: earlier.training?.backend ?? '', epochs: earlier.training?.history.length ?? 0 } satisfies TrainOutput };
      }
      let lastEpoch = 0;
      const model = await trainAndRegister(db, { batchIds: trainingBatchIds(ctx.run), config: defaultJob(ctx) }, {
        signal: ctx.signal,
        runId: ctx.run.id,
        ...options.streaming,
        onProgress: (p) => {
          if (p.epoch && p.epoch.epoch !== lastEpoch && p.epoch.epoch % 5 === 0) ctx.log(`epoch ${p.epoch.epoch}: loss ${p.epoch.loss.toFixed(4)}, validation ${p.epoch.valLoss.toFixed(4)}`);
          if (p.epoch) lastEpoch = p.epoch.epoch;
          options.onTrainProgress?.(p.message);
        },
      });
      ctx.log(`version ${model.version} trained on ${model.training?.backend} in ${Math.round(model.training?.trainMs ?? 0)} ms (${model.training?.stopReason})`);
      return { output: { version: model.version, trainMs: model.training?.trainMs ?? 0, backend: model.training?.backend ?? '', epochs: model.training?.history.length ?? 0 } satisfies TrainOutput };
    },

    async evaluate(ctx) {
      const record = await getModel(db, challengerVersion(ctx));
      ctx.log(`holdout: ${record.training?.counts.holdout ?? 0} rows`);
      if (record.imbalance) ctx.log(`class imbalance: ${record.imbalance.message}`, 'warn');
      return { output: { version: record.version, metrics: record.metrics, warnings: record.warnings, imbalance: record.imbalance ?? null } };
    },

    async compare(ctx) {
      const version = challengerVersion(ctx);
      const challenger = await getModel(db, version);
      const metric = primaryMetric(challenger.card.task, ctx.run.config.settings.gate.metric);
      if (ctx.run.config.settings.gate.metric && metric.key !== ctx.run.config.settings.gate.metric) ctx.log(`the gate's metric "${ctx.run.config.settings.gate.metric}" does not apply to ${challenger.card.task}; judging by ${METRIC_LABELS[metric.key]}`, 'warn');
      const current = await champion(db);
      const rows = current ? gateRows(ctx, challenger, current) : challenger.lineage.holdout;
      const scoredChallenger = await scoreVersionOnRows(db, version, rows);
      let champ: { record: ModelRecord; scored: ScoredRows } | null = null;
      if (current) {
        if (current.card.task !== challenger.card.task || current.card.target !== challenger.card.target) {
          ctx.log(`the champion (version ${current.version}) predicts "${current.card.target}" as ${current.card.task}; it is compared on its own terms only`, 'warn');
        }
        champ = { record: current, scored: await scoreVersionOnRows(db, current.version, rows) };
      }
      // The gate is its own task (a run can wait for approval before it): it decides on this output through gateOn.
      const { paired } = compareModels({
        metric,
        champion: champ && scoredModel(champ.record, champ.scored),
        challenger: scoredModel(challenger, scoredChallenger),
        gate: ctx.run.config.settings.gate,
        seed: ctx.run.config.settings.seed,
      });
      if (paired?.mcnemar) ctx.log(`McNemar: champion right only on ${paired.mcnemar.b} rows, challenger only on ${paired.mcnemar.c}: p = ${paired.mcnemar.pValue.toPrecision(3)}`);
      if (paired?.bootstrap) ctx.log(`bootstrap 95% interval of challenger − champion in ${METRIC_LABELS[metric.key]}: [${paired.bootstrap.low.toPrecision(3)}, ${paired.bootstrap.high.toPrecision(3)}]`);
      const output: CompareOutput = { metric, rows: scoredChallenger.rows, challenger: gatedSide(challenger, scoredChallenger), champion: champ && gatedSide(champ.record, champ.scored), paired };
      ctx.log(`on the same ${scoredChallenger.rows} holdout rows: challenger ${METRIC_LABELS[metric.key]} ${metricValue(scoredChallenger.metrics, metric.key)?.toFixed(4) ?? '—'}${champ ? `, champion ${metricValue(champ.scored.metrics, metric.key)?.toFixed(4) ?? '—'}` : ', no champion yet'}`);
      return { output };
    },

    async gate(ctx) {
      const compare = ctx.outputOf('compare')!;
      const settings = ctx.run.config.settings.gate;
      const decision = gateOn(compare, settings);
      ctx.log(decision.reason);
      if (decision.decision === 'promote' && settings.approval === 'manual') return { output: decision, branch: 'approval' };
      return { output: decision, branch: decision.decision === 'promote' ? 'pass' : 'fail' };
    },

    async register(ctx) {
      const version = challengerVersion(ctx);
      await register(db, version, { actor: 'auto', reason: gateReason(ctx), runId: ctx.run.id });
      return { output: { version } };
    },

    async shadow(ctx) {
      if (!ctx.run.config.settings.shadow) return { output: null, skipped: 'shadow scoring is off in the pipeline settings' };
      const version = challengerVersion(ctx);
      await setChallenger(db, version);
      ctx.log(`version ${version} is the challenger: it scores incoming batches beside the champion`);
      return { output: { version } };
    },

    async promote(ctx) {
      const version = challengerVersion(ctx);
      const gate = ctx.outputOf('gate');
      // Today only a passing gate waits for approval; an approval past a kept decision would be forced, and says so.
      const forced = gate?.approval?.approved ? forcedPast(gate) : null;
      await promote(db, version, { actor: approvalOf(ctx) ? 'user' : 'auto', reason: gateReason(ctx), runId: ctx.run.id, forced });
      return { output: { version } };
    },

    async reject(ctx) {
      const version = challengerVersion(ctx);
      await reject(db, version, { actor: approvalOf(ctx) ? 'user' : 'auto', reason: gateReason(ctx), runId: ctx.run.id });
      return { output: { version } };
    },

    async notify(ctx) {
      const failed = ctx.run.tasks.filter((t) => t.state === 'failed');
      const state = (id: Parameters<typeof taskOf>[1]): string => taskOf(ctx.run, id).state;
      const outcome = failed.length ? 'failed' : state('promote') === 'success' ? 'promoted' : state('reject') === 'success' ? 'rejected' : 'skipped';
      if (failed.length) {
        const message = `Run ${ctx.run.number} stopped: ${failed.map((t) => `${t.id}: ${t.log.filter((l) => l.level === 'error').at(-1)?.message ?? 'failed'}`).join('; ')}`;
        await db.events.add({ at: Date.now(), kind: 'alert', actor: 'auto', batchId: ctx.run.batchId ?? undefined, summary: message, details: { runId: ctx.run.id } });
        ctx.log(message, 'warn');
      } else ctx.log(`outcome: ${outcome}`);
      return { output: { outcome } };
    },
  };
}

/** The training the pipeline settings ask for: every feature, the inferred task, the stored hyper-parameters. */
function defaultJob(ctx: Ctx): TrainConfig {
  const { settings, target } = ctx.run.config;
  // features null: the workspace's default features (Data view choices), read when the run trains.
  return { ...defaultTrainConfig(target), params: settings.params, seed: settings.seed, features: settings.features ?? null };
}

function approvalOf(ctx: Ctx): Approval | null {
  return ctx.outputOf('gate')?.approval ?? null;
}

function gateReason(ctx: Ctx): string {
  const approval = approvalOf(ctx);
  const gate = ctx.outputOf('gate');
  return approval ? `${approval.approved ? 'approved' : 'rejected'} by a person: ${approval.reason}` : (gate?.reason ?? 'gate decision');
}
