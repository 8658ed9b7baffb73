/**
 * The retraining DAG of ARCHITECTURE.md, as data: tasks, their upstream tasks and trigger rules, and
 * the branch the gate takes. The runner (runner.ts) walks it; the page draws it.
 */
export const TASK_IDS = [
  'check_trigger',
  'validate_data',
  'prepare_features',
  'train',
  'evaluate',
  'compare',
  'gate',
  'register',
  'shadow',
  'promote',
  'reject',
  'notify',
] as const;

export type TaskId = (typeof TASK_IDS)[number];

/**
 * Airflow's trigger rules that this DAG uses: `all_success` runs when every upstream task succeeded
 * (skipped when one was skipped); `none_failed_min_one_success` runs when none failed and at least
 * one succeeded (promote after an optional shadow); `all_done` runs whatever happened upstream.
 */
export type TriggerRule = 'all_success' | 'none_failed_min_one_success' | 'all_done';

export interface TaskSpec {
  id: TaskId;
  upstream: TaskId[];
  triggerRule: TriggerRule;
  /** Tries after the first, with exponential backoff (tasks that read storage may fail transiently). */
  retries: number;
  /** What the task does, in a line, for the graph's details. */
  description: string;
}

export const DAG: readonly TaskSpec[] = [
  { id: 'check_trigger', upstream: [], triggerRule: 'all_success', retries: 0, description: 'Checks drift on the new batch and evaluates the trigger policy: retrain or stop here.' },
  { id: 'validate_data', upstream: ['check_trigger'], triggerRule: 'all_success', retries: 0, description: 'Validates the batch against the reference schema; a failure stops the run with an alert.' },
  { id: 'prepare_features', upstream: ['validate_data'], triggerRule: 'all_success', retries: 1, description: 'Gathers the training batches and the holdout rows.' },
  { id: 'train', upstream: ['prepare_features'], triggerRule: 'all_success', retries: 1, description: 'Trains the challenger in the train worker.' },
  { id: 'evaluate', upstream: ['train'], triggerRule: 'all_success', retries: 1, description: 'Scores the challenger on the holdout rows.' },
  { id: 'compare', upstream: ['evaluate'], triggerRule: 'all_success', retries: 1, description: 'Scores the champion on the same holdout rows.' },
  { id: 'gate', upstream: ['compare'], triggerRule: 'all_success', retries: 0, description: 'Decides: promote, reject, or wait for approval.' },
  { id: 'register', upstream: ['gate'], triggerRule: 'all_success', retries: 1, description: 'Keeps the challenger as a registered version.' },
  { id: 'shadow', upstream: ['register'], triggerRule: 'all_success', retries: 0, description: 'Optional: the challenger scores beside the champion before promotion.' },
  { id: 'promote', upstream: ['register', 'shadow'], triggerRule: 'none_failed_min_one_success', retries: 1, description: 'Makes the challenger the champion; the previous champion is archived.' },
  { id: 'reject', upstream: ['gate'], triggerRule: 'all_success', retries: 0, description: 'Archives the challenger as rejected, with the reasons.' },
  { id: 'notify', upstream: ['promote', 'reject'], triggerRule: 'all_done', retries: 0, description: 'Records the outcome and notifies, whatever happened.' },
];

export const taskSpec = (id: TaskId): TaskSpec => DAG.find((t) => t.id === id)!;

/** Tasks that run only on one side of the gate's branch. */
export const PASS_BRANCH: readonly TaskId[] = ['register', 'shadow', 'promote'];
export const FAIL_BRANCH: readonly TaskId[] = ['reject'];

export const downstreamOf = (id: TaskId): TaskId[] => DAG.filter((t) => t.upstream.includes(id)).map((t) => t.id);
