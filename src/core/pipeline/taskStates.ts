import type { Outcome, TaskState, TriggerKind } from './runState.ts';

/**
 * How a task state looks, after Airflow's colours: success green, running lime, failed red,
 * up_for_retry gold, skipped hot pink, upstream_failed orange, queued grey, and purple for a gate
 * waiting for a person (Airflow's deferred). `strong` fills grid cells and swatches; `soft` fills a
 * graph node, whose text stays dark on it.
 */
export interface StateLook {
  label: string;
  strong: string;
  soft: string;
  /** What the state means, for a legend's title and the cells' text alternative. */
  means: string;
}

export const STATE_LOOK: Record<TaskState, StateLook> = {
  none: { label: 'not reached', strong: '#ffffff', soft: '#ffffff', means: 'not reached yet in this run' },
  queued: { label: 'queued', strong: '#9aa3ae', soft: '#eef0f3', means: 'waiting to start' },
  running: { label: 'running', strong: '#32cd32', soft: '#e4f9e4', means: 'running now' },
  success: { label: 'success', strong: '#1e8e3e', soft: '#dff3e5', means: 'finished without error' },
  failed: { label: 'failed', strong: '#d92d20', soft: '#fde3e0', means: 'failed after its last try' },
  up_for_retry: { label: 'up for retry', strong: '#e0b100', soft: '#fff5c7', means: 'failed a try; waits to try again' },
  skipped: { label: 'skipped', strong: '#e754a5', soft: '#fde6f2', means: 'not needed in this run (the other side of a branch, or turned off)' },
  upstream_failed: { label: 'upstream failed', strong: '#f28c18', soft: '#ffedd6', means: 'not run because a task above it failed' },
  awaiting_approval: { label: 'awaiting approval', strong: '#8a63d2', soft: '#efe8fb', means: 'waits for a person to approve or reject' },
};

/** The legend's order: how a run usually goes, then what goes wrong. */
export const LEGEND_STATES: TaskState[] = ['none', 'queued', 'running', 'success', 'awaiting_approval', 'skipped', 'up_for_retry', 'failed', 'upstream_failed'];

export const TRIGGER_LABELS: Record<TriggerKind, string> = {
  first: 'first model',
  manual: 'manual',
  drift: 'drift',
  importantDrift: 'drift that matters',
  performance: 'performance',
  schedule: 'schedule',
  volume: 'data volume',
};

export const OUTCOME_LOOK: Record<Outcome | 'running', { label: string; tone: 'pass' | 'warn' | 'fail' | 'neutral' | 'accent'; colour: string }> = {
  promoted: { label: 'promoted', tone: 'pass', colour: STATE_LOOK.success.strong },
  rejected: { label: 'rejected', tone: 'warn', colour: '#c2852b' },
  skipped: { label: 'no retraining', tone: 'neutral', colour: '#9aa3ae' },
  failed: { label: 'failed', tone: 'fail', colour: STATE_LOOK.failed.strong },
  awaiting_approval: { label: 'awaiting approval', tone: 'accent', colour: STATE_LOOK.awaiting_approval.strong },
  running: { label: 'running', tone: 'accent', colour: STATE_LOOK.running.strong },
};
