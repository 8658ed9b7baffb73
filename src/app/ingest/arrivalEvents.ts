import type { BatchMeta } from '../../core/batch.ts';
import type { EventRecord } from '../../storage/db.ts';

export const statusWord = { pass: 'passed', warn: 'passed with warnings', fail: 'failed' } as const;

/** The audit-log lines of a batch's arrival: its arrival, and its validation against the reference. */
export function arrivalEvents(meta: BatchMeta, reference: BatchMeta | undefined): EventRecord[] {
  const events: EventRecord[] = [
    {
      at: meta.arrivedAt,
      kind: 'batch.arrived',
      actor: 'user',
      batchId: meta.id,
      summary: `Batch "${meta.name}" arrived: ${meta.rows} rows, ${meta.columns.length} columns${reference ? '' : ' (reference)'}`,
    },
  ];
  if (meta.validation && reference) {
    const problems = meta.validation.checks.filter((c) => c.status !== 'pass');
    events.push({
      at: meta.arrivedAt,
      kind: 'batch.validated',
      actor: 'auto',
      batchId: meta.id,
      summary: `Validation ${statusWord[meta.validation.status]} against "${reference.name}"${problems.length ? `: ${problems.map((p) => `${p.column ? `${p.column} ` : ''}${p.check}`).join(', ')}` : ''}`,
      details: { status: meta.validation.status, referenceId: reference.id },
    });
  }
  return events;
}
