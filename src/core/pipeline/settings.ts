import { paramsProblems, defaultParams, type HyperParameters } from '../training/config.ts';
import { defaultPolicy, policyProblems, type TriggerPolicy } from './policy.ts';

/** How the gate judges a challenger against the champion (the plain rule; see gate.ts). */
export interface GateSettings {
  /** Minimum gain on the task's primary metric: absolute, or relative to the champion's value. */
  minImprovement: number;
  relative: boolean;
  /** `manual` leaves a passing run awaiting a person's approval. */
  approval: 'auto' | 'manual';
}

/** What an automatic run does: its trigger policy, how it trains, how it judges. Stored with the workspace. */
export interface PipelineSettings {
  policy: TriggerPolicy;
  gate: GateSettings;
  params: HyperParameters;
  seed: number;
  /** Score incoming batches with the challenger beside the champion before promotion. */
  shadow: boolean;
  /** Run the policy check automatically when a batch arrives. */
  autoRun: boolean;
  /** Set when the circuit breaker paused automatic runs; cleared when a person resumes them. */
  paused: { reason: string; at: number } | null;
}

export const defaultPipelineSettings = (): PipelineSettings => ({
  policy: defaultPolicy(),
  gate: { minImprovement: 0, relative: false, approval: 'auto' },
  params: { ...defaultParams('mlp'), epochs: 30 },
  seed: 42,
  shadow: false,
  autoRun: true,
  paused: null,
});

export function pipelineSettingsProblems(s: PipelineSettings): string[] {
  const problems = [...policyProblems(s.policy), ...paramsProblems(s.params)];
  if (!(Number.isFinite(s.gate.minImprovement) && s.gate.minImprovement >= 0)) problems.push('the minimum improvement must be 0 or more');
  if (s.gate.relative && s.gate.minImprovement > 1) problems.push('a relative minimum improvement is a share: at most 1 (100%)');
  if (s.gate.approval !== 'auto' && s.gate.approval !== 'manual') problems.push('approval must be automatic or manual');
  if (!(Number.isInteger(s.seed) && s.seed >= 0)) problems.push('the seed must be a whole number, 0 or more');
  return problems;
}
