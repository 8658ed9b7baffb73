import type { PairedComparison } from '../compare/paired.ts';
import type { DriftStatistic } from '../drift/settings.ts';
import type { MetricKey } from '../metrics/metricKey.ts';
import type { ImbalanceWarning } from '../training/imbalance.ts';
import type { HeadlineMetrics } from '../training/modelCard.ts';
import type { Task } from '../training/task.ts';
import type { CheckStatus, ValidationCheck } from '../validation.ts';
import type { GateDecision } from './gate.ts';
import type { PolicyDecision } from './policy.ts';

/** The batch's drift as check_trigger keeps it: the dataset verdict and each column's deciding statistic. */
export interface DriftSummary {
  driftedColumns: number;
  checkedColumns: number;
  drift: boolean;
  columns: { name: string; statistic: DriftStatistic | null; value: number | null; drift: boolean | null }[];
}

export interface CheckTriggerOutput {
  /** Null when the run's batch has no drift report (the reference, or no batch). */
  drift: DriftSummary | null;
  /** Null for a manual run: the policy is not consulted. */
  decision: PolicyDecision | null;
}

/** The batch's validation result; without a batch (or for the reference itself) a pass with no checks and a note. */
export interface ValidateOutput {
  status: CheckStatus;
  checks: ValidationCheck[];
  referenceId?: string;
  note?: string;
}

export interface PrepareOutput {
  batches: { id: string; name: string; rows: number }[];
  rows: number;
  task: Task;
  missingTarget: number;
}

export interface TrainOutput {
  version: number;
  trainMs: number;
  backend: string;
  epochs: number;
}

export interface EvaluateOutput {
  version: number;
  metrics: HeadlineMetrics | null;
  warnings: string[];
  /** The version's class-imbalance warning on its holdout rows; absent in runs before the check. */
  imbalance?: ImbalanceWarning | null;
}

/** One side of the comparison, scored on the gate's rows. */
export interface ComparedModel {
  version: number;
  metrics: HeadlineMetrics | null;
  latencyMs: number | null;
  sizeBytes: number;
  /** Whether it ignores a class on the gate's rows (a classifier); absent in runs before the check. */
  imbalance?: ImbalanceWarning | null;
}

export interface CompareOutput {
  metric: { key: MetricKey; higherIsBetter: boolean };
  rows: number;
  challenger: ComparedModel;
  champion: ComparedModel | null;
  /** Rows both could be judged on, McNemar on them, and the bootstrap interval of the primary metric's difference. */
  paired: PairedComparison | null;
}

/** A person's answer to a gate that waited for approval. */
export interface Approval {
  approved: boolean;
  reason: string;
  who: string;
  at: number;
}

/** The gate's decision; `approval` is added when a person answered it. */
export type GateOutput = GateDecision & { approval?: Approval };

/** The version a registry task acted on. */
export interface VersionOutput {
  version: number;
}

export interface NotifyOutput {
  outcome: 'promoted' | 'rejected' | 'skipped' | 'failed';
}

/** What each task of the DAG keeps as its output (null until it succeeds, and for a skipped shadow). */
export interface TaskOutputs {
  check_trigger: CheckTriggerOutput;
  validate_data: ValidateOutput;
  prepare_features: PrepareOutput;
  train: TrainOutput;
  evaluate: EvaluateOutput;
  compare: CompareOutput;
  gate: GateOutput;
  register: VersionOutput;
  shadow: VersionOutput;
  promote: VersionOutput;
  reject: VersionOutput;
  notify: NotifyOutput;
}
