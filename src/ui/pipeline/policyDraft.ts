import type { PerformanceSource } from '../../core/pipeline/policy.ts';
import { pipelineSettingsProblems, type PipelineSettings, type PipelineSettingsField } from '../../core/pipeline/settings.ts';
import type { Problem } from '../../core/problems.ts';
import type { ClassWeight } from '../../core/training/classWeights.ts';
import { defaultParams, type Family, type HyperParameters } from '../../core/training/config.ts';
import { readTreeDraft, treeDraft, type TreeDraft } from '../models/familyFields.ts';

/** The policy form as typed: numbers stay text until read, so a half-typed value is not lost. */
export interface PolicyDraft extends TreeDraft {
  autoRun: boolean;
  drift: boolean;
  importantDrift: boolean;
  importantDriftThreshold: string;
  performance: boolean;
  performanceFloor: string;
  /** What the performance rule judges: the realised metric or the champion's label-free estimate. */
  performanceSource: PerformanceSource;
  schedule: boolean;
  scheduleDays: string;
  volume: boolean;
  volumeRows: string;
  cooldownHours: string;
  circuitBreaker: string;
  /** 'metric': the gate metric's default minimum improvement; 'set': the two fields below. */
  minImprovementMode: 'metric' | 'set';
  minImprovement: string;
  relative: boolean;
  approval: 'auto' | 'manual';
  /** The gate's metric; '' for the task's primary one. */
  metric: string;
  significance: 'none' | 'mcnemar' | 'bootstrap';
  alpha: string;
  /** Optional service-level checks: empty for none. */
  metricFloor: string;
  latencyBudgetMs: string;
  sizeBudgetKb: string;
  rollback: boolean;
  rollbackTolerance: string;
  shadow: boolean;
  family: Family;
  hidden: string;
  epochs: string;
  learningRate: string;
  batchSize: string;
  patience: string;
  l2: string;
  classWeight: ClassWeight;
  seed: string;
  /** The features runs train on; null: the default features (the Data view's choices). */
  features: string[] | null;
}

export type PolicyTextField = { [K in keyof PolicyDraft]: PolicyDraft[K] extends string ? K : never }[keyof PolicyDraft] & string;
export type PolicyToggle = { [K in keyof PolicyDraft]: PolicyDraft[K] extends boolean ? K : never }[keyof PolicyDraft];

const optionalText = (v: number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** A family's settings as typed, from the params they start from. */
function paramsDraft(params: HyperParameters): Pick<PolicyDraft, 'family' | 'hidden' | 'epochs' | 'learningRate' | 'batchSize' | 'patience' | 'l2' | keyof TreeDraft> {
  return {
    family: params.family,
    hidden: params.hidden.join(', '),
    epochs: String(params.epochs),
    learningRate: String(params.learningRate),
    batchSize: String(params.batchSize),
    patience: String(params.patience),
    l2: String(params.l2),
    ...treeDraft(params),
  };
}

/** What a family's settings start from: the stored ones for the stored family, else the family's defaults. */
const familyParams = (family: Family, stored: PipelineSettings): HyperParameters => (family === stored.params.family ? stored.params : defaultParams(family));

/** The draft with another family: its settings start again from that family's (see familyParams); the rest stays. */
export const withFamily = (d: PolicyDraft, family: Family, stored: PipelineSettings): PolicyDraft => ({ ...d, ...paramsDraft(familyParams(family, stored)) });

export function toDraft(s: PipelineSettings): PolicyDraft {
  const { policy, gate, params } = s;
  return {
    autoRun: s.autoRun,
    drift: policy.drift.enabled,
    importantDrift: policy.importantDrift.enabled,
    importantDriftThreshold: String(policy.importantDrift.threshold),
    performance: policy.performance.enabled,
    performanceFloor: String(policy.performance.floor),
    performanceSource: policy.performance.source ?? 'realised',
    schedule: policy.schedule.enabled,
    scheduleDays: String(policy.schedule.days),
    volume: policy.volume.enabled,
    volumeRows: String(policy.volume.rows),
    cooldownHours: String(policy.cooldownHours),
    circuitBreaker: String(policy.circuitBreaker),
    minImprovementMode: gate.minImprovementMode ?? 'set',
    minImprovement: String(gate.minImprovement),
    relative: gate.relative,
    approval: gate.approval,
    metric: gate.metric ?? '',
    significance: gate.significance ?? 'none',
    alpha: String(gate.alpha ?? 0.05),
    metricFloor: optionalText(gate.floor),
    latencyBudgetMs: optionalText(gate.latencyBudgetMs),
    sizeBudgetKb: optionalText(gate.sizeBudgetBytes == null ? null : gate.sizeBudgetBytes / 1000),
    rollback: s.rollback.enabled,
    rollbackTolerance: String(s.rollback.tolerance),
    shadow: s.shadow,
    ...paramsDraft(params),
    classWeight: params.classWeight ?? 'none',
    seed: String(s.seed),
    features: s.features ?? null,
  };
}

// An empty field is not zero: it reads as NaN so the form says it is missing.
const read = (text: string): number => (text.trim() === '' ? NaN : Number(text));

// An optional limit left empty is no limit.
const readOptional = (text: string): number | null => (text.trim() === '' ? null : Number(text));

const readLayers = (text: string): number[] =>
  text
    .split(/[\s,;]+/)
    .filter((part) => part !== '')
    .map(Number);

/**
 * The settings the draft describes; what the form does not show (activation, dropout, the pause, settings added
 * later) stays as stored, or comes from the family's defaults when the family changed.
 */
export function fromDraft(d: PolicyDraft, stored: PipelineSettings): PipelineSettings {
  return {
    ...stored,
    autoRun: d.autoRun,
    shadow: d.shadow,
    seed: read(d.seed),
    features: d.features,
    rollback: { enabled: d.rollback, tolerance: read(d.rollbackTolerance) },
    policy: {
      ...stored.policy,
      drift: { enabled: d.drift },
      importantDrift: { enabled: d.importantDrift, threshold: read(d.importantDriftThreshold) },
      performance: { enabled: d.performance, floor: read(d.performanceFloor), source: d.performanceSource },
      schedule: { enabled: d.schedule, days: read(d.scheduleDays) },
      volume: { enabled: d.volume, rows: read(d.volumeRows) },
      cooldownHours: read(d.cooldownHours),
      circuitBreaker: read(d.circuitBreaker),
    },
    gate: {
      ...stored.gate,
      minImprovementMode: d.minImprovementMode,
      // Under the metric's default the value is not used: a half-typed one is not a problem then.
      minImprovement: d.minImprovementMode === 'metric' ? stored.gate.minImprovement : read(d.minImprovement),
      relative: d.minImprovementMode === 'metric' ? stored.gate.relative : d.relative,
      approval: d.approval,
      metric: d.metric || null,
      significance: d.significance,
      alpha: read(d.alpha),
      floor: readOptional(d.metricFloor),
      latencyBudgetMs: readOptional(d.latencyBudgetMs),
      sizeBudgetBytes: d.sizeBudgetKb.trim() === '' ? null : Number(d.sizeBudgetKb) * 1000,
    },
    params: {
      ...familyParams(d.family, stored),
      family: d.family,
      hidden: d.family === 'mlp' ? readLayers(d.hidden) : [],
      epochs: read(d.epochs),
      learningRate: read(d.learningRate),
      batchSize: read(d.batchSize),
      patience: read(d.patience),
      l2: read(d.l2),
      classWeight: d.classWeight,
      ...readTreeDraft(d, d.family),
    },
  };
}

export const draftProblems = (settings: PipelineSettings): Problem<PipelineSettingsField>[] => pipelineSettingsProblems(settings);

// The input each problem's field marks invalid; the selects (family, approval, significance) have no mark: a bad max features is a bad share.
const MARKS: Partial<Record<PipelineSettingsField, PolicyTextField>> = {
  'policy.importantDrift.threshold': 'importantDriftThreshold',
  'policy.performance.floor': 'performanceFloor',
  'policy.performance.source': 'performanceSource',
  'policy.schedule.days': 'scheduleDays',
  'policy.volume.rows': 'volumeRows',
  'policy.cooldownHours': 'cooldownHours',
  'policy.circuitBreaker': 'circuitBreaker',
  'gate.minImprovement': 'minImprovement',
  'gate.alpha': 'alpha',
  'gate.floor': 'metricFloor',
  'gate.latencyBudgetMs': 'latencyBudgetMs',
  'gate.sizeBudgetBytes': 'sizeBudgetKb',
  'rollback.tolerance': 'rollbackTolerance',
  'params.hidden': 'hidden',
  'params.epochs': 'epochs',
  'params.learningRate': 'learningRate',
  'params.batchSize': 'batchSize',
  'params.patience': 'patience',
  'params.l2': 'l2',
  'params.maxLeafNodes': 'maxLeafNodes',
  'params.minSamplesLeaf': 'minSamplesLeaf',
  'params.maxDepth': 'maxDepth',
  'params.maxFeatures': 'maxFeaturesShare',
  seed: 'seed',
};

export const fieldInvalid = (field: PolicyTextField, problems: readonly Problem<PipelineSettingsField>[]): boolean => problems.some((p) => MARKS[p.field] === field);
