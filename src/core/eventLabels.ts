import type { EventKind } from './events.ts';

/**
 * Each event kind as a person reads it. The kind itself (`model.promoted`) stays where a person copies
 * it: a title, a filter's value, the webhook's JSON.
 */
export const EVENT_KIND_LABELS: Readonly<Record<EventKind, string>> = {
  'batch.arrived': 'Batch arrived',
  'batch.validated': 'Batch validated',
  'batch.deleted': 'Batch deleted',
  'schema.changed': 'Schema changed',
  'reference.changed': 'Reference changed',
  'workspace.imported': 'Workspace imported',
  'drift.detected': 'Drift detected',
  'drift.checked': 'Drift checked',
  'drift.rechecked': 'Drift re-checked',
  'drift.settings': 'Drift settings saved',
  'model.trained': 'Model trained',
  'model.imported': 'Model imported',
  'model.failed': 'Training failed',
  'backend.chosen': 'Backend chosen',
  'policy.fired': 'Retraining triggered',
  'policy.suppressed': 'Retraining not triggered',
  'run.started': 'Run started',
  'run.finished': 'Run finished',
  'run.interrupted': 'Run interrupted',
  'run.approval': 'Approval decided',
  'pipeline.settings': 'Pipeline settings saved',
  'pipeline.paused': 'Pipeline paused',
  'pipeline.resumed': 'Pipeline resumed',
  'model.registered': 'Version registered',
  'model.promoted': 'Version promoted',
  'model.rejected': 'Version rejected',
  'model.rolledback': 'Rolled back',
  'model.deleted': 'Version deleted',
  'champion.checked': 'Champion checked',
  'shadow.scored': 'Shadow scored',
  'canary.scored': 'Canary scored',
  alert: 'Alert',
};

/** A stored kind this build may not know (a newer workspace's): shown as it is. */
export const eventKindLabel = (kind: string): string => EVENT_KIND_LABELS[kind as EventKind] ?? kind;

/** The detail fields that need more than their key split into words. */
const DETAIL_LABELS: Readonly<Record<string, string>> = {
  referenceBatchId: 'reference batch',
  referenceId: 'reference batch',
  driftedShare: 'drifted columns (share)',
  labelDrift: 'target drift',
  wasReference: 'was the reference',
  wasChallenger: 'was the challenger',
  previousChampion: 'previous champion’s value',
  meanAbsoluteDifference: 'mean absolute difference',
  keyColumn: 'key column',
  dbVersion: 'database version',
  formatVersion: 'format version',
  savedAt: 'saved at',
  createdBy: 'created by',
};

/** A detail's key in words: the table's label, else the camelCase key split ("minImprovement" → "min improvement"). */
export function detailLabel(key: string): string {
  return DETAIL_LABELS[key] ?? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}
