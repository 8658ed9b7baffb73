import type { CanaryResult } from './compare/canary.ts';
import type { DriftSettings } from './drift/settings.ts';
import type { Outcome } from './pipeline/runState.ts';
import type { ForcedPromotion } from './pipeline/gate.ts';
import type { PolicyDecision } from './pipeline/policy.ts';
import type { PipelineSettings } from './pipeline/settings.ts';
import type { BackendProbe } from './training/backendProbe.ts';
import type { HeadlineMetrics } from './training/modelCard.ts';
import type { CheckStatus, ValidationSettings } from './validation.ts';

/**
 * The audit log's events as a discriminated union by `kind`: each kind with the details its writers
 * store. Readers narrow by `kind` (a switch or `isEvent`) instead of casting `details`.
 */

/**
 * Where a version stands in the registry: trained but not yet judged (candidate), passed the gate
 * (staging), serving as champion (production), replaced or set aside (archived), refused by the gate
 * or a person (rejected).
 */
export type ModelStage = 'candidate' | 'staging' | 'production' | 'archived' | 'rejected';

/** The challenger scored on an incoming batch beside the champion (`shadow.scored`). */
export interface ShadowResult {
  champion: number;
  challenger: number;
  rows: number;
  /** Classification: share of rows with the same predicted class. Regression: null (see meanAbsoluteDifference). */
  agreement: number | null;
  meanAbsoluteDifference: number | null;
  championMetrics: HeadlineMetrics | null;
  challengerMetrics: HeadlineMetrics | null;
}

/** The pipeline run an event is about. */
interface RunLink {
  runId: string;
}

/** A registry change: why, and the run that made it (null when a person made it outside a run). */
interface RegistryChange {
  version: number;
  reason: string;
  runId: string | null;
}

/** How many records of each kind a workspace held (`workspace.imported`). */
export interface WorkspaceTally {
  batches: number;
  versions: number;
  runs: number;
  events: number;
}

/** Each kind's details; `undefined` in the type where a kind is written with none (sometimes or always). */
export interface EventDetails {
  'batch.arrived': undefined;
  'batch.validated': { status: CheckStatus; referenceId: string };
  'batch.deleted': { name: string; rows: number; dependents: number[]; wasReference: boolean };
  /** Thresholds when they changed; none for a target or column type change (the summary says which). */
  'schema.changed': ValidationSettings | undefined;
  'reference.changed': undefined;
  'workspace.imported': { file: string; createdBy: string; savedAt: string; formatVersion: number; dbVersion: number; imported: WorkspaceTally; replaced: WorkspaceTally };
  'drift.detected': DriftDetails;
  'drift.checked': DriftDetails;
  'drift.rechecked': undefined;
  'drift.settings': DriftSettings;
  'model.trained': ModelAdded;
  'model.imported': ModelAdded;
  /** Declared in the first schema; nothing writes it now, stored ones may remain. */
  'model.failed': undefined;
  /** The measured probe; none when a person set or cleared the override. */
  'backend.chosen': BackendProbe | undefined;
  'policy.fired': { occasion: string; decision: PolicyDecision };
  'policy.suppressed': { occasion: string; decision?: PolicyDecision; waiting?: string } | { error: string };
  'run.started': RunLink;
  'run.finished': RunLink & { outcome: Outcome | null };
  'run.interrupted': RunLink;
  'run.approval': RunLink;
  'pipeline.settings': PipelineSettings;
  'pipeline.paused': { failures: number };
  'pipeline.resumed': undefined;
  'model.registered': RegistryChange;
  'model.promoted': RegistryChange & { previous: number | null } & Partial<ForcedPromotion>;
  'model.rejected': RegistryChange;
  'model.rolledback': RegistryChange & { previous: number | null };
  'model.deleted': { version: number; stage: ModelStage; runId: string | null; wasChallenger: boolean };
  'champion.checked': ChampionCheck;
  'shadow.scored': ShadowResult;
  'canary.scored': { champion: number; challenger: number; share: number; keyColumn: string; result: CanaryResult };
  /** The run that raised it; none for an alert outside a run (a failed trigger policy). */
  alert: RunLink | undefined;
}

export interface DriftDetails {
  referenceBatchId: string;
  driftedShare: number | null;
  driftedColumns: string[];
  labelDrift: boolean | null;
}

export interface ModelAdded {
  version: number;
  runId: string | null;
  reason: string;
  metrics: HeadlineMetrics | null;
  batches: string[];
}

/** The new champion against the one it replaced on the first labeled batch after a promotion. */
export interface ChampionCheck {
  version: number;
  /** When that version became champion: one check per promotion. */
  since: number;
  previous: number;
  batchId: string;
  metric: string;
  champion: number | null;
  previousChampion: number | null;
  tolerance: number;
}

/**
 * Every kind, in the order of the first schema's list (workspace import checks stored kinds against it).
 * `EventDetails` must name each one: `EventOf` indexes it by kind.
 */
export const EVENT_KINDS = [
  'batch.arrived',
  'batch.validated',
  'batch.deleted',
  'schema.changed',
  'reference.changed',
  'workspace.imported',
  'drift.detected',
  'drift.checked',
  'drift.rechecked',
  'drift.settings',
  'model.trained',
  'model.imported',
  'model.failed',
  'backend.chosen',
  'policy.fired',
  'policy.suppressed',
  'run.started',
  'run.finished',
  'run.interrupted',
  'run.approval',
  'pipeline.settings',
  'pipeline.paused',
  'pipeline.resumed',
  'model.registered',
  'model.promoted',
  'model.rejected',
  'model.rolledback',
  'model.deleted',
  'champion.checked',
  'shadow.scored',
  'canary.scored',
  'alert',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

interface EventBase {
  /** The log's own number, set by IndexedDB when stored. */
  seq?: number;
  at: number;
  actor: 'auto' | 'user';
  batchId?: string;
  summary: string;
}

/** One kind's event: its details are required unless the kind is (sometimes) written without any. */
export type EventOf<K extends EventKind> = K extends EventKind
  ? EventBase & { kind: K } & (undefined extends EventDetails[K] ? { details?: EventDetails[K] } : { details: EventDetails[K] })
  : never;

/** An event of the audit log. */
export type RelearnEvent = { [K in EventKind]: EventOf<K> }[EventKind];

/** Narrows an event to one kind (or one of several). */
export function isEvent<K extends EventKind>(event: RelearnEvent, ...kinds: K[]): event is EventOf<K> {
  return (kinds as EventKind[]).includes(event.kind);
}
